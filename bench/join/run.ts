// Join storm: K classrooms join a live lesson within a few seconds. How long each takes from
// connecting to consuming, whether the teacher's upstream survives it (joins must not multiply
// key frames), and how fast real Chromium projector pages show their first frame.
//
//   npm run bench:join [-- --classrooms 200 --spread-s 10 --pages 10 --key-frame-delay-ms 1000]
//
// The teacher is real Chromium (fake camera, simulcast) on the real server. Classrooms are
// Socket.IO clients sending the web app's commands (sync, capabilities, transport, consume,
// resume) with plain SRTP transports into the native receiver of the fan-out benchmark, which
// also tells when each stream's first packet arrived. Writes bench/results/join.json.
import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { firstFrameMs, recordFirstFrame } from '../../e2e/fixtures/media.ts';
import { startServer } from '../../e2e/fixtures/server.ts';
import { command, joinLink } from '../../e2e/fixtures/socket.ts';
import { EGRESS_ABS_CAPTURE_TIME_ID, srtpKey } from '../fanout/media.ts';
import { CpuWindow, childrenOf } from '../fanout/procstat.ts';
import { buildReceiver, RtpReceiver } from '../fanout/receiver.ts';
import { teacherProducing } from '../latency/browser.ts';
import { percentile } from '../latency/stats.ts';
import { sampleTeacher, type TeacherSample } from './teacher.ts';

const RESULTS = join(import.meta.dirname, '..', 'results', 'join.json');
const { values: args } = parseArgs({
  options: {
    classrooms: { type: 'string', default: '200' },
    'spread-s': { type: 'string', default: '10' },
    pages: { type: 'string', default: '10' },
    'key-frame-delay-ms': { type: 'string', default: '1000' },
    'steady-s': { type: 'string', default: '8' },
    workers: { type: 'string', default: String(availableParallelism()) },
    out: { type: 'string', default: RESULTS },
  },
});
const K = Number(args.classrooms);
const spreadMs = Number(args['spread-s']) * 1000;
const pageCount = Number(args.pages);
const progress = (line: string): void => { process.stderr.write(`[join] ${line}\n`); };
const nowMs = (): number => performance.timeOrigin + performance.now(); // same clock as the receiver's kernel stamps

const receiver = await RtpReceiver.start({ bin: await buildReceiver(), absCaptureTimeId: EGRESS_ABS_CAPTURE_TIME_ID });
const server = await startServer({
  PLAIN_RTP: 'true', LOG_LEVEL: 'warn', MEDIASOUP_WORKERS: args.workers, KEY_FRAME_REQUEST_DELAY_MS: args['key-frame-delay-ms'],
});
const lesson = await server.createLesson(Array.from({ length: K + pageCount }, (_, i) => `Classroom ${i + 1}`), 'Join storm');
const browser: Browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required'],
});

try {
  // ---- the teacher goes live and settles (bandwidth estimate ramps up, layers start)
  const teacher = await (await browser.newContext()).newPage();
  await teacher.goto(lesson.teacherUrl);
  await teacher.getByTestId('go-live').click();
  await teacherProducing(teacher);
  const sampler = sampleTeacher(teacher, 500);
  progress(`teacher live; steady phase ${args['steady-s']} s`);
  await sleep(Number(args['steady-s']) * 1000);
  const stormStart = nowMs();
  const serverPid = server.process.pid!;
  const cpuPids = [serverPid, ...childrenOf(serverPid)];
  const cpu = new CpuWindow(cpuPids);

  // ---- the storm: K classrooms, evenly spread over spread-s
  progress(`${K} classrooms joining over ${spreadMs / 1000} s`);
  const joins = await Promise.all(lesson.classrooms.slice(0, K).map(async (classroom, i) => {
    await sleep((i * spreadMs) / K);
    return joinClassroom(server.url, classroom.projectorUrl, receiver.port);
  }));
  const stormEnd = nowMs();
  const stormCpu = cpu.percent().map(Math.round);
  await sleep(4000); // late key frames
  const firsts = await receiver.firstArrivals();

  // ---- real projector pages, all opened at once once the storm's classrooms left (two cores
  // cannot decode in ten pages and forward 200 streams at the same time)
  for (const j of joins) j.socket?.close();
  await sleep(3000);
  progress(`${pageCount} Chromium projector pages`);
  const pages: Page[] = [];
  for (const classroom of lesson.classrooms.slice(K, K + pageCount)) {
    const page = await (await browser.newContext()).newPage();
    await recordFirstFrame(page);
    pages.push(page);
  }
  await Promise.all(pages.map((page, i) => page.goto(lesson.classrooms[K + i]!.projectorUrl)));
  const ttff = await Promise.all(pages.map((page) => firstFrameMs(page).catch(() => Number.NaN)));
  const samples = await sampler.stop();
  const srtpCipher = samples.at(-1)?.srtpCipher ?? null;

  // ---- figures
  const ok = joins.filter((j) => !j.error);
  const ms = (values: number[]) => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    const at = (p: number) => { const v = percentile(sorted, p); return v === null ? null : Math.round(v); };
    return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? Math.round(sorted.at(-1)!) : null };
  };
  const firstOf = (ssrc: number | undefined, start: number) => (ssrc !== undefined && firsts.has(ssrc) ? firsts.get(ssrc)! - start : Number.NaN);
  const result = {
    benchmark: 'join',
    date: new Date().toISOString(),
    settings: { classrooms: K, spreadSeconds: spreadMs / 1000, pages: pageCount, keyFrameRequestDelayMs: Number(args['key-frame-delay-ms']), workers: Number(args.workers) },
    errors: joins.filter((j) => j.error).map((j) => j.error!),
    joinMs: ms(ok.map((j) => j.consumingAt - j.startAt)),
    firstAudioPacketMs: ms(ok.map((j) => firstOf(j.audioSsrc, j.startAt))),
    firstVideoPacketMs: ms(ok.map((j) => firstOf(j.videoSsrc, j.startAt))),
    pagesFirstFrameMs: ms(ttff),
    pagesWithoutFrame: ttff.filter((v) => !Number.isFinite(v)).length,
    teacher: teacherFigures(samples, stormStart, stormEnd),
    /** % of one core during the storm: the server's Node process, then each mediasoup worker. */
    stormCpu: { server: stormCpu[0], workers: stormCpu.slice(1) },
    srtpCipher,
  };
  console.log(`\nJoin storm: ${K} classrooms over ${spreadMs / 1000} s (key frame request delay ${result.settings.keyFrameRequestDelayMs} ms), ${result.errors.length} errors`);
  console.log(`connect → consuming (acks)   ${line(result.joinMs)}`);
  console.log(`connect → first audio packet ${line(result.firstAudioPacketMs)}`);
  console.log(`connect → first video packet ${line(result.firstVideoPacketMs)}`);
  console.log(`Chromium projector pages, navigation → first frame: ${line(result.pagesFirstFrameMs)} (${result.pagesWithoutFrame} without a frame)`);
  const t = result.teacher;
  console.log(`teacher upstream video: steady ${t.steady.kbps} kbit/s, ${t.steady.keyFramesPerMin} key frames/min; ` +
    `storm ${t.storm.kbps} kbit/s, ${t.storm.keyFramesPerMin} key frames/min, ${t.storm.plis} PLIs reached it`);
  console.log(`CPU during the storm (% of a core): server ${result.stormCpu.server}, workers ${result.stormCpu.workers.join(' + ')}`);
  console.log(`SRTP profile Chromium ↔ mediasoup: ${srtpCipher}`);
  mkdirSync(join(args.out, '..'), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  progress(`wrote ${args.out}`);
} finally {
  await browser.close();
  await server.stop();
  await receiver.close();
}

interface Joined { startAt: number; consumingAt: number; videoSsrc?: number; audioSsrc?: number; error?: string; socket?: { close(): void } }

/** What the web app does on a projector, minus the browser: sync, capabilities, transport, consume, resume. */
async function joinClassroom(url: string, link: string, receiverPort: number): Promise<Joined> {
  const startAt = nowMs();
  try {
    const socket = await joinLink(url, link);
    const snapshot = await command(socket, 'lesson:sync', {});
    const { routerRtpCapabilities } = await command(socket, 'media:getCapabilities', {});
    await command(socket, 'media:createPlainTransport', {
      direction: 'recv', destination: { ip: '127.0.0.1', port: receiverPort }, srtp: srtpKey('AEAD_AES_256_GCM'),
    });
    const joined: Joined = { startAt, consumingAt: 0, socket };
    await Promise.all(snapshot.producers.filter((p) => p.owner.kind === 'teacher' && p.source !== 'screen').map(async (producer) => {
      const consumer = await command(socket, 'media:consume', { producerId: producer.producerId, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> });
      await command(socket, 'media:resumeConsumer', { consumerId: consumer.consumerId });
      const ssrc = (consumer.rtpParameters as { encodings: { ssrc: number }[] }).encodings[0]!.ssrc;
      if (consumer.kind === 'video') joined.videoSsrc = ssrc;
      else joined.audioSsrc = ssrc;
    }));
    joined.consumingAt = nowMs();
    return joined;
  } catch (error) {
    return { startAt, consumingAt: Number.NaN, error: (error as Error).message };
  }
}

function teacherFigures(samples: TeacherSample[], stormStart: number, stormEnd: number) {
  const phase = (from: number, to: number) => {
    const inside = samples.filter((s) => s.at >= from && s.at <= to);
    const first = inside[0];
    const last = inside.at(-1);
    if (!first || !last || last.at === first.at) return { kbps: 0, keyFramesPerMin: 0, plis: 0 };
    const seconds = (last.at - first.at) / 1000;
    return {
      kbps: Math.round(((last.videoBytesSent - first.videoBytesSent) * 8) / seconds / 1000),
      keyFramesPerMin: Math.round(((last.videoKeyFramesEncoded - first.videoKeyFramesEncoded) * 60) / seconds),
      plis: last.videoPlisReceived - first.videoPlisReceived,
    };
  };
  return { steady: phase(samples[0]?.at ?? 0, stormStart), storm: phase(stormStart, stormEnd + 2000), series: samples };
}

function line(s: { count: number; p50: number | null; p95: number | null; p99: number | null; max: number | null }): string {
  return `p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms (n=${s.count})`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
