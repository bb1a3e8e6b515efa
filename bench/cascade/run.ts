// The cascade between nodes: what one hop costs and what edge nodes carry.
//
//   npm run bench:cascade [-- --parts hop,upstream,capacity --hop-s 20 --steps 50,100,... --edge-classrooms 50 --rounds 2]
//
// Nodes run in this process, each with its own mediasoup worker and MediaCascade (see nodes.ts).
// The synthetic teacher of bench:fanout (ffmpeg VP8 1.2 Mbit/s + Opus, replayed in real time,
// every packet stamped with abs-capture-time) feeds the lesson on the origin node.
//  1. hop: one classroom on the origin, one on an edge fed through the pipe (SRTP + RTX), each
//     into its own native receiver: the delay each sees (arrival − capture), p50/p99; the hop is
//     the difference.
//  2. upstream: the origin's pipe bytes toward one edge with 1, then N classrooms on that edge,
//     against what the teacher sends: one copy per edge, whatever the classrooms there.
//  3. capacity: classrooms ramped on one edge node, then spread over two (each its own core),
//     until loss > 0.5 % or p99 > 50 ms (bench:fanout's ramp and thresholds); rounds alternate.
// Writes bench/results/cascade.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { version as mediasoupVersion } from 'mediasoup';
import { EGRESS_ABS_CAPTURE_TIME_ID, INGEST_ABS_CAPTURE_TIME_ID, SOURCE_SSRC, type SrtpSuite } from '../fanout/media.ts';
import { pin } from '../fanout/procstat.ts';
import { formatStep, ramp, type StepResult } from '../fanout/ramp.ts';
import { buildReceiver, RtpReceiver, type ReceiverSnapshot } from '../fanout/receiver.ts';
import { PacedSource, recordSource, type RecordedSource } from '../fanout/source.ts';
import type { FanoutSystem } from '../fanout/system.ts';
import { productWorkerBin } from '../fanout/workers.ts';
import { addClassroom, BenchNodes, originWithTeacher, pipeBytesSent, type BenchNode } from './nodes.ts';

const RESULTS_DIR = join(import.meta.dirname, '..', 'results');
const { values: args } = parseArgs({
  options: {
    parts: { type: 'string', default: 'hop,upstream,capacity' },
    'hop-s': { type: 'string', default: '20' },
    'edge-classrooms': { type: 'string', default: '50' },
    steps: { type: 'string', default: '50,100,150,200,250,300,350,400,450,500,600,700,800' },
    'settle-s': { type: 'string', default: '5' },
    'measure-s': { type: 'string', default: '10' },
    'max-loss': { type: 'string', default: '0.5' },
    'max-p99-ms': { type: 'string', default: '50' },
    rounds: { type: 'string', default: '2' },
    out: { type: 'string', default: join(RESULTS_DIR, 'cascade.json') },
  },
});

const SUITE: SrtpSuite = 'AEAD_AES_256_GCM';
const LESSON = 'bench-cascade';
const CORES = availableParallelism();
const LAST_CORE = String(CORES - 1);
const parts = new Set(args.parts.split(',').map((part) => part.trim()));
const progress = (line: string): void => { process.stderr.write(`[cascade] ${line}\n`); };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const workerBin = productWorkerBin();
const source = await recordSource({ seconds: 20, videoKbps: 1200, keyFrameSeconds: 4 });
const receiverBin = await buildReceiver();
pin(process.pid, LAST_CORE);

/** An origin with the teacher, and edges of it; the source runs until close(). */
async function cascadeOf(edgeCount: number) {
  const nodes = new BenchNodes();
  const origin = await nodes.node('origin', workerBin);
  const edges: BenchNode[] = [];
  for (let i = 1; i <= edgeCount; i++) edges.push(await nodes.node(`edge-${i}`, workerBin));
  const lesson = await originWithTeacher(origin, LESSON);
  const edgeMedia = edges.map((edge) => edge.cascade.edgeMedia(LESSON, origin.id));
  const paced = new PacedSource(source, {
    host: lesson.ingest.tuple.localIp, port: lesson.ingest.tuple.localPort,
    videoSsrc: SOURCE_SSRC.video, audioSsrc: SOURCE_SSRC.audio, absCaptureTimeId: INGEST_ABS_CAPTURE_TIME_ID,
  });
  paced.start();
  return {
    origin, edges, lesson, edgeMedia,
    async close() {
      await paced.stop();
      lesson.media.close();
      nodes.close();
    },
  };
}

const ms = (us: number) => Number((us / 1000).toFixed(2));
const delays = (s: ReceiverSnapshot) => ({
  p50: ms(s.delayUs.p50), p90: ms(s.delayUs.p90), p99: ms(s.delayUs.p99), max: ms(s.delayUs.max),
  samples: s.delaySamples, lossPercent: s.expected ? Number(((100 * s.lost) / s.expected).toFixed(3)) : null,
});

/** 1 and 2: one classroom on the origin and one on an edge; then the edge's upstream at 1 and N classrooms. */
async function hopAndUpstream() {
  const run = await cascadeOf(1);
  const [edge] = run.edges;
  pin(run.origin.workerPids()[0]!, '0');
  pin(edge!.workerPids()[0]!, LAST_CORE);
  const atOrigin = await RtpReceiver.start({ bin: receiverBin, absCaptureTimeId: EGRESS_ABS_CAPTURE_TIME_ID });
  const atEdge = await RtpReceiver.start({ bin: receiverBin, absCaptureTimeId: EGRESS_ABS_CAPTURE_TIME_ID });
  const result: Record<string, unknown> = {};
  try {
    const { producerIds, media, ingest } = run.lesson;
    await addClassroom(media, 'at-origin', producerIds, atOrigin.port, SUITE);
    await addClassroom(run.edgeMedia[0]!, 'at-edge-1', producerIds, atEdge.port, SUITE);
    await sleep(Number(args['settle-s']) * 1000);
    if (parts.has('hop')) {
      await Promise.all([atOrigin.snapshot(), atEdge.snapshot()]);
      progress(`hop: measuring ${args['hop-s']} s`);
      await sleep(Number(args['hop-s']) * 1000);
      const [o, e] = await Promise.all([atOrigin.snapshot(), atEdge.snapshot()]);
      result.hop = {
        origin: delays(o), edge: delays(e),
        addedMs: { p50: ms(e.delayUs.p50 - o.delayUs.p50), p99: ms(e.delayUs.p99 - o.delayUs.p99) },
      };
      progress(`hop: origin p50 ${ms(o.delayUs.p50)} / p99 ${ms(o.delayUs.p99)} ms; edge p50 ${ms(e.delayUs.p50)} / p99 ${ms(e.delayUs.p99)} ms`);
    }
    if (parts.has('upstream')) {
      const window = async () => {
        const seconds = Number(args['measure-s']);
        const [pipe0, in0] = [await pipeBytesSent(run.origin), await ingestBytes(ingest)];
        await sleep(seconds * 1000);
        const [pipe1, in1] = [await pipeBytesSent(run.origin), await ingestBytes(ingest)];
        return { pipeKbps: Math.round(((pipe1 - pipe0) * 8) / seconds / 1000), teacherKbps: Math.round(((in1 - in0) * 8) / seconds / 1000) };
      };
      const one = await window();
      const many = Number(args['edge-classrooms']);
      for (let i = 2; i <= many; i++) await addClassroom(run.edgeMedia[0]!, `at-edge-${i}`, producerIds, atEdge.port, SUITE);
      await sleep(Number(args['settle-s']) * 1000);
      const n = await window();
      result.upstream = {
        pipesAtOrigin: run.origin.pipes.filter((p) => !p.closed).length,
        withOneClassroom: one, [`with${many}Classrooms`]: n,
        ratio: Number((n.pipeKbps / one.pipeKbps).toFixed(3)),
      };
      progress(`upstream to one edge: ${one.pipeKbps} kbit/s with 1 classroom, ${n.pipeKbps} kbit/s with ${many} (teacher sends ${n.teacherKbps} kbit/s)`);
    }
  } finally {
    await atOrigin.close();
    await atEdge.close();
    await run.close();
  }
  return result;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function ingestBytes(ingest: { getStats(): Promise<{ bytesReceived: number }[]> }): Promise<number> {
  return (await ingest.getStats()).reduce((n, s) => n + s.bytesReceived, 0);
}

type Capacity = { capacity: number; steps: StepResult[] };

/** 3: classrooms ramped over `edgeCount` edge nodes (round robin), one receiver for all. */
async function capacity(edgeCount: number): Promise<Capacity & { edges: number; error?: string }> {
  const run = await cascadeOf(edgeCount);
  const receiver = await RtpReceiver.start({ bin: receiverBin, absCaptureTimeId: EGRESS_ABS_CAPTURE_TIME_ID, cpu: CORES - 1 });
  // One edge: its worker has core 0 to itself, the rest shares the last core. Two edges: a core each, the rest floats.
  run.edges.forEach((edge, i) => pin(edge.workerPids()[0]!, String(edgeCount === 1 ? 0 : i % CORES)));
  if (edgeCount === 1) pin(run.origin.workerPids()[0]!, LAST_CORE);
  let joined = 0;
  const system: FanoutSystem = {
    label: `${edgeCount} edge${edgeCount > 1 ? 's' : ''}`,
    ingest: { ip: run.lesson.ingest.tuple.localIp, port: run.lesson.ingest.tuple.localPort },
    controlPid: process.pid,
    async growTo(total) {
      while (joined < total) {
        const batch = Array.from({ length: Math.min(10, total - joined) }, (_, i) => {
          const index = joined + i;
          return addClassroom(run.edgeMedia[index % edgeCount]!, `classroom-${index}`, run.lesson.producerIds, receiver.port, SUITE);
        });
        joined += batch.length;
        await Promise.all(batch);
      }
    },
    workerPids: () => run.edges.flatMap((edge) => edge.workerPids()),
    async close() { await run.close(); },
  };
  let steps: StepResult[] = [];
  let error: string | undefined;
  try {
    steps = await ramp(system, receiver, {
      steps: args.steps.split(',').map(Number), settleMs: Number(args['settle-s']) * 1000, measureMs: Number(args['measure-s']) * 1000,
      maxLossPercent: Number(args['max-loss']), maxP99Ms: Number(args['max-p99-ms']),
    }, progress);
  } catch (caught) {
    error = (caught as Error).message;
    progress(`capacity over ${edgeCount} edge(s) failed: ${error}`);
  } finally {
    await receiver.close();
    await system.close();
  }
  return { edges: edgeCount, capacity: steps.filter((s) => s.passed).at(-1)?.classrooms ?? 0, steps, ...(error ? { error } : {}) };
}

const results: Record<string, unknown> = {};
if (parts.has('hop') || parts.has('upstream')) Object.assign(results, await hopAndUpstream());
if (parts.has('capacity')) {
  // Rounds alternate one and two edges, so that a noisy neighbour hits both alike; medians compared.
  const rounds: { oneEdge: Awaited<ReturnType<typeof capacity>>; twoEdges: Awaited<ReturnType<typeof capacity>> }[] = [];
  for (let round = 1; round <= Number(args.rounds); round++) {
    progress(`capacity, round ${round}`);
    rounds.push({ oneEdge: await capacity(1), twoEdges: await capacity(2) });
  }
  const one = median(rounds.map((r) => r.oneEdge.capacity));
  const two = median(rounds.map((r) => r.twoEdges.capacity));
  // Robust on a noisy machine: worker CPU per classroom over every step within the thresholds.
  const cpu = (pick: (r: (typeof rounds)[number]) => Capacity) =>
    Number(median(rounds.flatMap((r) => pick(r).steps.filter((s) => s.passed).map((s) => s.workerCpuPerClassroom))).toFixed(3));
  results.capacity = {
    oneEdge: one, twoEdges: two, ratio: one ? Number((two / one).toFixed(2)) : null,
    cpuPerClassroom: { oneEdge: cpu((r) => r.oneEdge), twoEdges: cpu((r) => r.twoEdges) },
    rounds,
  };
}

console.log('\nCascade: the teacher (VP8 1.2 Mbit/s + Opus) on an origin node, classrooms on edge nodes fed through pipe transports (SRTP, RTX)');
const hop = results.hop as { origin: ReturnType<typeof delays>; edge: ReturnType<typeof delays>; addedMs: { p50: number; p99: number } } | undefined;
if (hop) {
  console.log(`hop delay: origin classroom p50 ${hop.origin.p50} / p99 ${hop.origin.p99} ms, edge classroom p50 ${hop.edge.p50} / p99 ${hop.edge.p99} ms` +
    ` → one hop adds p50 ${hop.addedMs.p50} / p99 ${hop.addedMs.p99} ms (loss ${hop.edge.lossPercent} %)`);
}
if (results.upstream) console.log(`origin upstream per edge: ${JSON.stringify(results.upstream)}`);
const cap = results.capacity as {
  oneEdge: number; twoEdges: number; ratio: number | null; cpuPerClassroom: { oneEdge: number; twoEdges: number }; rounds: { oneEdge: Capacity; twoEdges: Capacity }[];
} | undefined;
if (cap) {
  cap.rounds.forEach((round, i) => {
    for (const [name, r] of [['one edge', round.oneEdge], ['two edges', round.twoEdges]] as const) {
      console.log(`round ${i + 1}, ${name}: ${r.capacity} classrooms within the thresholds`);
      for (const step of r.steps) console.log(`  ${formatStep(step)}`);
    }
  });
  console.log(`median capacity: one edge ${cap.oneEdge}, two edges ${cap.twoEdges} → ${cap.ratio ?? '-'}×; ` +
    `worker CPU per classroom: ${cap.cpuPerClassroom.oneEdge} % (one edge), ${cap.cpuPerClassroom.twoEdges} % (two edges)`);
}

mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(args.out, `${JSON.stringify({
  benchmark: 'cascade',
  date: new Date().toISOString(),
  machine: { cores: CORES, cpu: cpus()[0]?.model, node: process.version, mediasoup: mediasoupVersion },
  source: { videoKbps: 1200, audio: 'Opus', keyFrameSeconds: 4, durationSeconds: (source as RecordedSource).durationSeconds },
  srtp: SUITE,
  thresholds: { maxLossPercent: Number(args['max-loss']), maxP99Ms: Number(args['max-p99-ms']) },
  ...results,
}, null, 2)}\n`);
progress(`wrote ${args.out}`);
