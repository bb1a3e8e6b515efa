// The classroom wall at scale: a real Chromium teacher shows a page of 25 tiles while the lesson
// holds more and more classrooms. Only the projectors whose tiles are on screen send; the teacher's
// downlink and the server's CPU should follow the tiles on screen, not the classrooms.
//
//   npm run bench:wall [-- --steps 25,100,200 --visible 25 --settle-s 8 --measure-s 15]
//
// Classrooms are Socket.IO clients doing what the projector page does: they follow their
// classroom's wallView and, while it is not `none`, send a silent picture (ffmpeg test pattern,
// VP8 at 5 frames/s and ~120 kbit/s like the tile layer, video only) on a plain RTP transport, paced like libwebrtc; they stop sending
// the moment it goes back to `none` (the page pauses its producer). The teacher is the real web
// app in Chromium (wall page size 25). Writes bench/results/wall.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import type { ClassroomStatus } from '@classroom/shared';
import { startServer } from '../../e2e/fixtures/server.ts';
import { command, joinLink, type ClientSocket } from '../../e2e/fixtures/socket.ts';
import { PAYLOAD_TYPE } from '../fanout/media.ts';
import { childrenOf, CpuWindow, rssBytes } from '../fanout/procstat.ts';
import { PacedSource, recordSource, type RecordedSource } from '../fanout/source.ts';

const RESULTS = join(import.meta.dirname, '..', 'results', 'wall.json');
const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '25,100,200' },
    visible: { type: 'string', default: '25' },
    'settle-s': { type: 'string', default: '8' },
    'measure-s': { type: 'string', default: '15' },
    'tile-kbps': { type: 'string', default: '120' },
    out: { type: 'string', default: RESULTS },
  },
});
const steps = args.steps.split(',').map(Number);
const pageSize = args.visible;
const settleMs = Number(args['settle-s']) * 1000;
const measureMs = Number(args['measure-s']) * 1000;
const progress = (line: string): void => { process.stderr.write(`[wall] ${line}\n`); };

/** One classroom's projector as far as the wall goes: it sends its picture while watched. */
class SyntheticProjector {
  readonly #socket: ClientSocket;
  readonly #classroomId: string;
  readonly #ssrc: number;
  readonly #source: RecordedSource;
  #ingest: { ip: string; port: number } | null = null;
  #paced: PacedSource | null = null;
  #chain = Promise.resolve();

  constructor(socket: ClientSocket, classroomId: string, ssrc: number, source: RecordedSource) {
    this.#socket = socket;
    this.#classroomId = classroomId;
    this.#ssrc = ssrc;
    this.#source = source;
    socket.on('classroom:updated', (status: ClassroomStatus) => {
      if (status.id !== this.#classroomId) return;
      this.#chain = this.#chain.then(() => this.#follow(status.wallView !== 'none' && !status.wallPictureOff))
        .catch((error: unknown) => progress(`classroom ${classroomId}: ${(error as Error).message}`));
    });
  }

  get sending(): boolean {
    return this.#paced !== null;
  }

  async #follow(watched: boolean): Promise<void> {
    if (!watched) {
      await this.#paced?.stop();
      this.#paced = null;
      return;
    }
    if (this.#paced) return;
    if (!this.#ingest) {
      const transport = await command(this.#socket, 'media:createPlainTransport', { direction: 'send' });
      await command(this.#socket, 'media:produce', {
        transportId: transport.id, kind: 'video', source: 'wall',
        rtpParameters: {
          codecs: [{ mimeType: 'video/VP8', payloadType: PAYLOAD_TYPE.video, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }],
          encodings: [{ ssrc: this.#ssrc }],
          rtcp: { cname: `wall-${this.#ssrc}` },
        },
      });
      this.#ingest = { ip: transport.ip, port: transport.port };
    }
    this.#paced = new PacedSource(this.#source, {
      host: this.#ingest.ip, port: this.#ingest.port, videoSsrc: this.#ssrc, audioSsrc: this.#ssrc + 1, absCaptureTimeId: 10, videoOnly: true,
    });
    this.#paced.start();
  }

  async close(): Promise<void> {
    await this.#chain;
    await this.#paced?.stop();
    this.#socket.close();
  }
}

interface WallSample { tilesReceived: number; bytesReceived: number; framesDecoded: number }
const wallOf = (page: Page) => page.evaluate(() =>
  (window as unknown as { __classroom: { wallStats(): Promise<WallSample> } }).__classroom.wallStats());

// Like the projector's tile layer: 5 frames/s, ~120 kbit/s.
const source = await recordSource({ seconds: 10, videoKbps: Number(args['tile-kbps']), keyFrameSeconds: 4, fps: 5 });
const server = await startServer({ PLAIN_RTP: 'true', LOG_LEVEL: 'warn', MEDIASOUP_WORKERS: '1' });
const lesson = await server.createLesson(Array.from({ length: Math.max(...steps) }, (_, i) => `Classroom ${i + 1}`), 'Wall bench');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required'],
});
const projectors: SyntheticProjector[] = [];
const results: Record<string, unknown>[] = [];

async function measure(label: string, classrooms: number, teacher: Page): Promise<void> {
  await new Promise((r) => setTimeout(r, settleMs));
  const serverPid = server.process.pid!;
  const workers = childrenOf(serverPid);
  const cpu = new CpuWindow([serverPid, ...workers]);
  const before = await wallOf(teacher);
  const startedAt = performance.now();
  await new Promise((r) => setTimeout(r, measureMs));
  const after = await wallOf(teacher);
  const seconds = (performance.now() - startedAt) / 1000;
  const [serverCpu, ...workerCpu] = cpu.percent();
  const row = {
    label, classrooms,
    sending: projectors.filter((p) => p.sending).length,
    tilesReceived: after.tilesReceived,
    teacherDownlinkKbps: Math.round(((after.bytesReceived - before.bytesReceived) * 8) / seconds / 1000),
    teacherFramesDecodedPerSecond: Math.round((after.framesDecoded - before.framesDecoded) / seconds),
    serverNodeCpuPercent: Number(serverCpu!.toFixed(1)),
    workerCpuPercent: Number(workerCpu.reduce((a, b) => a + b, 0).toFixed(1)),
    serverRssMb: Math.round(rssBytes(serverPid) / 1e6),
  };
  results.push(row);
  progress(JSON.stringify(row));
}

try {
  const teacher = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await teacher.goto(lesson.teacherUrl);
  await teacher.getByTestId('wall-page-size').selectOption(pageSize);
  for (const total of steps) {
    while (projectors.length < total) {
      const batch = lesson.classrooms.slice(projectors.length, Math.min(total, projectors.length + 10));
      projectors.push(...await Promise.all(batch.map(async (c, i) => {
        const socket = await joinLink(server.url, c.projectorUrl);
        return new SyntheticProjector(socket, c.id, 100_000 + (projectors.length + i) * 2, source);
      })));
    }
    progress(`${total} classrooms connected`);
    await measure(`${total} classrooms, page 1`, total, teacher);
  }
  // Turning the page: other projectors send, the cost stays that of one page.
  await teacher.getByTestId('wall-next').click();
  await measure(`${Math.max(...steps)} classrooms, page 2`, Math.max(...steps), teacher);
  await teacher.getByTestId('wall-toggle').click();
  await measure(`${Math.max(...steps)} classrooms, wall hidden`, Math.max(...steps), teacher);
} finally {
  for (const projector of projectors) await projector.close();
  await browser.close();
  await server.stop();
}

console.log('\nClassroom wall: a page of', pageSize, 'tiles, VP8 ~', args['tile-kbps'], 'kbit/s each');
console.log(['step', 'sending', 'tiles received', 'teacher kbit/s', 'frames/s', 'server Node %', 'worker %'].join('\t'));
for (const r of results) {
  console.log([r['label'], r['sending'], r['tilesReceived'], r['teacherDownlinkKbps'], r['teacherFramesDecodedPerSecond'], r['serverNodeCpuPercent'], r['workerCpuPercent']].join('\t'));
}
mkdirSync(join(import.meta.dirname, '..', 'results'), { recursive: true });
writeFileSync(args.out, `${JSON.stringify({
  benchmark: 'wall', date: new Date().toISOString(), pageSize: Number(pageSize), tileKbps: Number(args['tile-kbps']),
  window: { settleMs, measureMs }, results,
}, null, 2)}\n`);
progress(`wrote ${args.out}`);
