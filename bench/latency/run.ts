// Glass-to-glass latency: the product against bare mediasoup on the same machine, in one run.
//
//   npm run bench:latency [-- --rounds 2 --measure-s 20 --receivers 3]
//
// A fake camera whose frames carry their index as a barcode feeds the sender page; every page
// reads the barcode of each presented frame (requestVideoFrameCallback), and a receiver's delay is
// the time between the sender's preview and the receiver presenting the same frame. Rounds
// alternate bare / product so that noise from neighbours hits both alike.
// Writes bench/results/latency.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { startServer } from '../../e2e/fixtures/server.ts';
import { startBare } from './bare/start.ts';
import { DEFAULT_CAMERA, ensureFakeCamera } from './barcode.ts';
import { launchBrowser, openProbedPage, teacherProducing } from './browser.ts';
import { measure, type Measurement } from './measure.ts';
import { median } from './stats.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'results', 'latency.json');

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    'measure-s': { type: 'string', default: '20' },
    'warmup-s': { type: 'string', default: '8' },
    receivers: { type: 'string', default: '3' },
  },
});
const rounds = Number(args.rounds);
const receiverCount = Number(args.receivers);
const options = { warmupMs: Number(args['warmup-s']) * 1000, measureMs: Number(args['measure-s']) * 1000, loopMs: (DEFAULT_CAMERA.frames / DEFAULT_CAMERA.fps) * 1000 };

type System = 'bare' | 'product';

interface Pages {
  sender: { page: Page; selector: string; start(): Promise<void> };
  receivers: { name: string; page: Page; url: string; selector: string }[];
}

function log(message: string): void {
  console.log(`[latency] ${message}`);
}

async function runBare(browser: Browser, errors: string[]): Promise<Measurement> {
  const bare = await startBare();
  try {
    const sender = await openProbedPage(browser, 'bare sender', '#preview', errors);
    await sender.goto(`${bare.url}/?role=send`);
    await sender.waitForFunction(() => (window as unknown as { __bare: { state: string } }).__bare.state === 'producing', null, { timeout: 30_000 });
    const receivers = [];
    for (let i = 0; i < receiverCount; i++) {
      const page = await openProbedPage(browser, `bare receiver ${i + 1}`, '#remote', errors);
      await page.goto(`${bare.url}/?role=recv`);
      receivers.push({ name: `receiver ${i + 1}`, page });
    }
    return await measure(sender, receivers, options);
  } finally {
    await bare.stop();
  }
}

async function runProduct(browser: Browser, errors: string[]): Promise<Measurement> {
  const server = await startServer({ LOG_LEVEL: 'warn' });
  try {
    const lesson = await server.createLesson(Array.from({ length: receiverCount }, (_, i) => `Classroom ${i + 1}`), 'Latency benchmark');
    const sender = await openProbedPage(browser, 'teacher', '[data-testid="local-preview"]', errors);
    await sender.goto(lesson.teacherUrl);
    await sender.getByTestId('go-live').click();
    await teacherProducing(sender);
    const receivers = [];
    for (const classroom of lesson.classrooms) {
      const page = await openProbedPage(browser, classroom.name, '[data-testid="teacher-video"]', errors);
      await page.goto(classroom.projectorUrl);
      receivers.push({ name: classroom.name, page });
    }
    return await measure(sender, receivers, options);
  } finally {
    await server.stop();
  }
}

async function runOnce(system: System, camera: string): Promise<Measurement> {
  const browser = await launchBrowser(camera);
  const errors: string[] = [];
  try {
    const result = system === 'bare' ? await runBare(browser, errors) : await runProduct(browser, errors);
    if (errors.length) log(`page errors: ${errors.join('; ')}`);
    return result;
  } finally {
    await browser.close();
  }
}

const camera = ensureFakeCamera();
log(`fake camera ${camera}; ${rounds} round(s) of bare then product, ${receiverCount} receivers, ${options.measureMs / 1000} s measured after ${options.warmupMs / 1000} s warm-up`);
const runs: { system: System; round: number; measurement: Measurement }[] = [];
for (let round = 1; round <= rounds; round++) {
  for (const system of ['bare', 'product'] as const) {
    log(`round ${round}/${rounds}: ${system}…`);
    const measurement = await runOnce(system, camera);
    const o = measurement.overall;
    log(`round ${round}/${rounds}: ${system} p50 ${o.p50} ms, p95 ${o.p95} ms over ${o.frames} frames`);
    runs.push({ system, round, measurement });
  }
}

const summary = Object.fromEntries((['bare', 'product'] as const).map((system) => {
  const mine = runs.filter((r) => r.system === system).map((r) => r.measurement.overall);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return [system, { p50: round(median(mine.map((m) => m.p50))), p95: round(median(mine.map((m) => m.p95))), frames: mine.reduce((n, m) => n + m.frames, 0) }];
})) as Record<System, { p50: number | null; p95: number | null; frames: number }>;
const delta = {
  p50: summary.product.p50 !== null && summary.bare.p50 !== null ? Math.round((summary.product.p50 - summary.bare.p50) * 10) / 10 : null,
  p95: summary.product.p95 !== null && summary.bare.p95 !== null ? Math.round((summary.product.p95 - summary.bare.p95) * 10) / 10 : null,
};

mkdirSync(dirname(RESULTS), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, receivers: receiverCount, options, summary, delta, runs }, null, 2)}\n`);
console.log('\nGlass-to-glass latency, teacher preview → projector (ms, median over rounds)');
console.log('system    p50     p95     frames');
for (const system of ['bare', 'product'] as const) {
  const s = summary[system];
  console.log(`${system.padEnd(9)} ${String(s.p50).padEnd(7)} ${String(s.p95).padEnd(7)} ${s.frames}`);
}
console.log(`product − bare: p50 ${delta.p50} ms, p95 ${delta.p95} ms (target: within 20 ms)`);
console.log(`written to ${RESULTS}`);
