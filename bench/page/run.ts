// A projector's page on a weak link (issue 17): what it downloads before its first frame and how
// long that frame takes, from navigation to the first presented frame of the teacher's video.
//
//   npm run bench:page [-- --rounds 5 --kbit 1000 --delay-ms 150 --timeline]
//
// One projector page at a time, each in a fresh browser context (cold), then reloaded in it
// (warm: service worker and HTTP cache). On a free link (loopback) against the bare mediasoup
// page (bench/latency/bare) in the same run; and over a classroom's own network namespace, its
// downlink shaped to --kbit (tbf) and --delay-ms added each way round (user-space relays: TCP for
// the page and its socket, UDP for the media; this kernel has no netem). Rounds alternate the
// three kinds so that noise from neighbours hits all alike. Writes bench/results/page.json.
// --timeline prints each cold load's requests, connections and socket messages before its first
// frame: where the time went.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { canCreateNamespaces, createNamespace, type DelayRelay, type Namespace } from '../../e2e/fixtures/netns.ts';
import { freePort, startServer, type RunningServer } from '../../e2e/fixtures/server.ts';
import { chromiumArgs, teacherProducing, untilInPage } from '../latency/browser.ts';
import { startBare } from '../latency/bare/start.ts';
import { median } from '../latency/stats.ts';
import { firstFrame, installFirstFrameProbe, NetworkLog, pageSteps, type Downloaded, type Step } from './probe.ts';

const RESULTS = join(import.meta.dirname, '..', 'results', 'page.json');
/** The targets of issue 17. */
const TARGETS = { freeLinkOverBareMs: 100, weakColdMs: 3000 };

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    kbit: { type: 'string', default: '1000' },
    'delay-ms': { type: 'string', default: '150' },
    timeline: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const kbit = Number(args.kbit);
const delayMs = Number(args['delay-ms']);

type Kind = 'bare, free link' | 'product, free link' | 'product, weak link';
interface Sample extends Downloaded { firstFrameMs: number }
interface Run { kind: Kind; round: number; cold: Sample; warm: Sample }

function log(message: string): void {
  console.log(`[page] ${message}`);
}

/** Loads the page in a fresh context, then reloads it there: first frame and bytes, each time. */
async function coldThenWarm(browser: Browser, url: string, selector: string, keptByServiceWorker: boolean): Promise<{ cold: Sample; warm: Sample }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await installFirstFrameProbe(page, selector, args.timeline);
    const network = await NetworkLog.attach(await context.newCDPSession(page));
    await page.goto(url, { waitUntil: 'commit' });
    const cold = await sample(page, network);
    if (keptByServiceWorker) await untilKept(page);
    network.reset();
    await page.reload({ waitUntil: 'commit' });
    const warm = await sample(page, network);
    return { cold, warm };
  } finally {
    await context.close();
  }
}

async function sample(page: Page, network: NetworkLog): Promise<Sample> {
  const frame = await firstFrame(page, 60_000);
  if (args.timeline) timelines.push([...network.timeline(frame.wallMs), ...await pageSteps(page, frame.ms)].sort((a, b) => a.ms - b.ms));
  return { firstFrameMs: Math.round(frame.ms), ...network.before(frame.wallMs) };
}

/** The timeline of each load, when asked for (--timeline): printed with its run. */
const timelines: Step[][] = [];

function printTimeline(title: string, steps: Step[], firstFrameMs: number): void {
  log(`timeline, ${title}:`);
  for (const step of steps) console.log(`${String(step.ms).padStart(7)} ms  ${step.what}`);
  console.log(`${String(firstFrameMs).padStart(7)} ms  first frame presented`);
}

/** The page handed itself to the service worker (web/src/services/offlineShell.ts). */
async function untilKept(page: Page): Promise<void> {
  await untilInPage(page, async () => (await caches.match('/projector.html')) !== undefined && navigator.serviceWorker.controller !== null,
    30_000, 'the page kept by the service worker');
}

/** The teacher, live from the host (loopback: a secure origin for its camera). */
async function teacherLive(browser: Browser, teacherUrl: string): Promise<void> {
  const teacher = await (await browser.newContext()).newPage();
  await teacher.goto(teacherUrl);
  await teacher.getByTestId('go-live').click({ timeout: 30_000 });
  await teacherProducing(teacher);
}

async function bareSender(browser: Browser, bareUrl: string): Promise<void> {
  const sender = await (await browser.newContext()).newPage();
  await sender.goto(`${bareUrl}/?role=send`);
  await sender.waitForFunction(() => (window as unknown as { __bare: { state: string } }).__bare.state === 'producing', null, { timeout: 30_000 });
}

interface WeakLink { ns: Namespace; udp: DelayRelay; tcp: DelayRelay; browser: Browser }

/**
 * The classroom's namespace: its Chromium reaches the server through the TCP relay at
 * 127.0.0.1 (a secure origin, as HTTPS would be on a school's LAN: service workers need one)
 * and sends its media through the UDP relay; the host end shapes what it receives.
 */
async function weakLink(server: RunningServer, rtcPort: number, ns: Namespace): Promise<WeakLink> {
  const udp = await ns.delayUdp({ ip: ns.hostIp, port: rtcPort });
  const tcp = await ns.delayTcp({ ip: ns.hostIp, port: server.port }, server.port);
  // Split as the round trip: half on what the classroom receives, half on what it sends.
  for (const relay of [udp, tcp]) await relay.set(delayMs / 2, delayMs / 2);
  ns.limitDownlink(kbit);
  const browser = await chromium.launch({ executablePath: ns.chromium, args: chromiumArgs('/dev/null').filter((a) => !a.includes('fake')) });
  return { ns, udp, tcp, browser };
}

// Two cores, often shared: the load says how much the CPU-bound part (evaluation, rendering) is stretched.
const loadAtStart = loadavg()[0]!;
const hostBrowser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs('/dev/null').filter((a) => !a.startsWith('--use-file-for-fake-video-capture')) });
const withNamespace = canCreateNamespaces();
if (!withNamespace) log('not root, or no iproute2/nftables: the weak link is skipped');
const ns = withNamespace ? createNamespace(7) : null;
const rtcPort = await freePort();
const port = await freePort();
const server = await startServer(ns
  ? { HOST: '0.0.0.0', PUBLIC_URL: `http://127.0.0.1:${port}`, RTC_LISTEN_IP: ns.hostIp, RTC_PORT: String(rtcPort), LOG_LEVEL: 'warn' }
  : { LOG_LEVEL: 'warn' }, { port });
const bare = await startBare();
let weak: WeakLink | null = null;
const runs: Run[] = [];
try {
  const lesson = await server.createLesson(['Hill School'], 'Page benchmark');
  await teacherLive(hostBrowser, lesson.teacherUrl);
  await bareSender(hostBrowser, bare.url);
  weak = ns ? await weakLink(server, rtcPort, ns) : null;
  const projectorUrl = lesson.classrooms[0]!.projectorUrl;
  log(`${rounds} round(s); weak link: ${weak ? `${kbit} kbit/s, ${delayMs} ms added` : 'skipped'}`);
  for (let round = 1; round <= rounds; round++) {
    const kinds: [Kind, () => Promise<{ cold: Sample; warm: Sample }>][] = [
      ['bare, free link', () => coldThenWarm(hostBrowser, `${bare.url}/?role=recv`, '#remote', false)],
      ['product, free link', () => coldThenWarm(hostBrowser, projectorUrl, '[data-testid="teacher-video"]', true)],
    ];
    if (weak) kinds.push(['product, weak link', () => coldThenWarm(weak!.browser, projectorUrl, '[data-testid="teacher-video"]', true)]);
    for (const [kind, measure] of kinds) {
      const { cold, warm } = await measure();
      if (args.timeline) {
        const [coldSteps, warmSteps] = timelines.splice(0);
        printTimeline(`${kind}, cold`, coldSteps!, cold.firstFrameMs);
        printTimeline(`${kind}, warm`, warmSteps!, warm.firstFrameMs);
      }
      log(`round ${round}/${rounds} ${kind}: cold ${cold.firstFrameMs} ms ${kB(cold.httpBytes)} kB, warm ${warm.firstFrameMs} ms ${kB(warm.httpBytes)} kB`);
      runs.push({ kind, round, cold, warm });
      // The server lets the page's connection go before the next page of the same classroom.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
} finally {
  await weak?.browser.close();
  weak?.udp.stop();
  weak?.tcp.stop();
  await hostBrowser.close();
  await bare.stop();
  await server.stop();
  ns?.remove();
}

function kB(bytes: number): number {
  return Math.round(bytes / 100) / 10;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function summarise(samples: Sample[]) {
  const of = (key: keyof Sample) => median(samples.map((s) => s[key]));
  return { firstFrameMs: of('firstFrameMs'), httpKB: kB(of('httpBytes') ?? 0), httpRequests: of('httpRequests'), fromCache: of('fromCache'), socketKB: kB(of('socketBytes') ?? 0) };
}

const kinds = [...new Set(runs.map((r) => r.kind))];
const summary = Object.fromEntries(kinds.map((kind) => {
  const mine = runs.filter((r) => r.kind === kind);
  return [kind, { cold: summarise(mine.map((r) => r.cold)), warm: summarise(mine.map((r) => r.warm)) }];
}));
const at = (kind: Kind, cache: 'cold' | 'warm') => (summary[kind] as { cold: { firstFrameMs: number | null }; warm: { firstFrameMs: number | null } } | undefined)?.[cache].firstFrameMs ?? null;
const overBare = {
  cold: at('product, free link', 'cold')! - at('bare, free link', 'cold')!,
  warm: at('product, free link', 'warm')! - at('bare, free link', 'warm')!,
};
const weakCold = at('product, weak link', 'cold');
const targets = {
  freeLinkOverBareMs: { target: TARGETS.freeLinkOverBareMs, cold: overBare.cold, warm: overBare.warm, met: overBare.cold <= TARGETS.freeLinkOverBareMs && overBare.warm <= TARGETS.freeLinkOverBareMs },
  weakColdFirstFrameMs: { target: TARGETS.weakColdMs, value: weakCold, met: weakCold === null ? null : weakCold <= TARGETS.weakColdMs },
};

mkdirSync(dirname(RESULTS), { recursive: true });
const load = { atStart: round1(loadAtStart), atEnd: round1(loadavg()[0]!) };
writeFileSync(RESULTS, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, chromium: hostBrowser.version(), load, rounds, weakLink: weak ? { kbit, addedDelayMs: delayMs } : null, summary, targets, runs }, null, 2)}\n`);

console.log(`\nProjector page: first frame and bytes before it (median of ${rounds}; load average ${load.atStart} → ${load.atEnd} on ${availableParallelism()} cores)`);
console.log('page, link                 cache   first frame   HTTP kB (requests, cached)   socket kB');
for (const kind of kinds) {
  for (const cache of ['cold', 'warm'] as const) {
    const s = (summary[kind] as Record<typeof cache, ReturnType<typeof summarise>>)[cache];
    console.log(`${kind.padEnd(26)} ${cache.padEnd(7)} ${String(s.firstFrameMs).padStart(8)} ms   ${String(s.httpKB).padStart(8)} (${s.httpRequests}, ${s.fromCache})${' '.repeat(12)}${String(s.socketKB).padStart(6)}`);
  }
}
console.log(`\nproduct over bare on a free link: cold ${overBare.cold} ms, warm ${overBare.warm} ms (target ≤ ${TARGETS.freeLinkOverBareMs}): ${targets.freeLinkOverBareMs.met ? 'met' : 'NOT met'}`);
console.log(`weak link, cold first frame: ${weakCold ?? 'not measured'} ms (target ≤ ${TARGETS.weakColdMs}): ${targets.weakColdFirstFrameMs.met === null ? 'not measured' : targets.weakColdFirstFrameMs.met ? 'met' : 'NOT met'}`);
console.log(`written to ${RESULTS}`);
