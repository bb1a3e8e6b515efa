// Fan-out capacity: how many classrooms one teacher reaches, the product against bare mediasoup on
// the same machine, in the same run, with the same source, receiver and thresholds.
//
//   npm run bench:fanout [-- --scenarios bare,product,product-all,bare-nss --steps 50,100,... --perf]
//
// A synthetic teacher (ffmpeg test pattern → VP8 1.2 Mbit/s + Opus, recorded once, replayed in
// real time through a pacer) feeds one PlainTransport; N classrooms each consume audio + video on
// their own SRTP transport, all sent to one native receiver (recvmmsg, kernel timestamps) that
// counts loss from sequence numbers and forwarding delay from the abs-capture-time stamp the
// sender wrote (same clock). Each scenario ramps until loss > 0.5 % or p99 delay > 50 ms.
// Writes bench/results/fanout.json (and fanout-perf-*.txt with --perf).
import { availableParallelism, cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { version as mediasoupVersion } from 'mediasoup';
import { startBare } from './bare.ts';
import { EGRESS_ABS_CAPTURE_TIME_ID, INGEST_ABS_CAPTURE_TIME_ID, SOURCE_SSRC, type SrtpSuite } from './media.ts';
import { profileWorker, type Profile } from './perf.ts';
import { pin } from './procstat.ts';
import { startProduct } from './product.ts';
import { ramp, type StepResult } from './ramp.ts';
import { buildReceiver, RtpReceiver } from './receiver.ts';
import { PacedSource, recordSource } from './source.ts';
import { printSummary, summarize } from './summary.ts';
import type { FanoutSystem } from './system.ts';
import { nssWorkerBin, productWorkerBin } from './workers.ts';

const RESULTS_DIR = join(import.meta.dirname, '..', 'results');

const { values: args } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'bare,product,product-all,bare-nss,bare-aes-cm,bare-nss-aes-cm' },
    steps: { type: 'string', default: '50,100,150,200,250,300,350,400,500,600,800' },
    'settle-s': { type: 'string', default: '5' },
    'measure-s': { type: 'string', default: '10' },
    'consumers-per-router': { type: 'string', default: '300' },
    'max-loss': { type: 'string', default: '0.5' },
    'max-p99-ms': { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
    perf: { type: 'boolean', default: false },
    'perf-at': { type: 'string', default: '150' },
    out: { type: 'string', default: join(RESULTS_DIR, 'fanout.json') },
  },
});

/** SRTP profile that Chromium and mediasoup negotiate (DTLS use_srtp: mediasoup's first choice that Chromium offers). */
const BROWSER_SUITE: SrtpSuite = 'AEAD_AES_256_GCM';
const ALL_WORKERS = availableParallelism();

interface Scenario {
  name: string;
  system: 'bare' | 'product';
  workers: number;
  crypto: 'openssl' | 'nss';
  suite: SrtpSuite;
}

const SCENARIOS: Record<string, Scenario> = {
  bare: { name: 'bare', system: 'bare', workers: 1, crypto: 'openssl', suite: BROWSER_SUITE },
  product: { name: 'product', system: 'product', workers: 1, crypto: 'openssl', suite: BROWSER_SUITE },
  'product-all': { name: 'product-all', system: 'product', workers: ALL_WORKERS, crypto: 'openssl', suite: BROWSER_SUITE },
  'bare-nss': { name: 'bare-nss', system: 'bare', workers: 1, crypto: 'nss', suite: BROWSER_SUITE },
  'bare-aes-cm': { name: 'bare-aes-cm', system: 'bare', workers: 1, crypto: 'openssl', suite: 'AES_CM_128_HMAC_SHA1_80' },
  'bare-nss-aes-cm': { name: 'bare-nss-aes-cm', system: 'bare', workers: 1, crypto: 'nss', suite: 'AES_CM_128_HMAC_SHA1_80' },
};

const progress = (line: string): void => { process.stderr.write(`[fanout] ${line}\n`); };
const scenarios = args.scenarios.split(',').map((name) => {
  const scenario = SCENARIOS[name.trim()];
  if (!scenario) throw new Error(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
  return scenario;
});
const steps = args.steps.split(',').map(Number);
const rampOptions = {
  steps,
  settleMs: Number(args['settle-s']) * 1000,
  measureMs: Number(args['measure-s']) * 1000,
  maxLossPercent: Number(args['max-loss']),
  maxP99Ms: Number(args['max-p99-ms']),
};

// Cores: with one worker, it has core 0 to itself and everything else (this process, the server's
// Node process, the receiver) shares the last core. With a worker per core there is no spare core:
// worker i is pinned to core i and the rest floats (judge it by CPU per classroom, not by maximum).
const SIDE_CORE = String(ALL_WORKERS - 1);
pin(process.pid, SIDE_CORE);

const source = await recordSource({ seconds: 20, videoKbps: 1200, keyFrameSeconds: 4 });
const receiverBin = await buildReceiver();
const receiver = await RtpReceiver.start({ bin: receiverBin, absCaptureTimeId: EGRESS_ABS_CAPTURE_TIME_ID, cpu: ALL_WORKERS - 1 });
progress(`receiver on 127.0.0.1:${receiver.port}, pid ${receiver.pid}`);

interface ScenarioResult extends Scenario {
  round: number;
  steps: StepResult[];
  /** Most classrooms served within the thresholds (0: not even the first step). */
  capacity: number;
  /** Classrooms one fully used worker core would carry, from CPU per classroom at that step. */
  classroomsPerWorkerCore: number | null;
  profiles: Profile[];
  error?: string;
}

// Rounds repeat the scenarios in turn, so that a noisy neighbour hits each of them alike.
const results: ScenarioResult[] = [];
const runs = Array.from({ length: Number(args.rounds) }, (_, round) => scenarios.map((scenario) => ({ scenario, round: round + 1 }))).flat();
for (const { scenario, round } of runs) {
  const workerBin = scenario.crypto === 'nss' ? await nssWorkerBin(progress) : productWorkerBin();
  progress(`round ${round}, scenario ${scenario.name}: ${scenario.system}, ${scenario.workers} worker(s), ${scenario.crypto} crypto, ${scenario.suite}`);
  const profiles: Profile[] = [];
  let system: FanoutSystem | undefined;
  let paced: PacedSource | undefined;
  let stepResults: StepResult[] = [];
  let error: string | undefined;
  try {
    const options = { workerBin, workers: scenario.workers, receiverPort: receiver.port, srtpSuite: scenario.suite };
    system = scenario.system === 'bare'
      ? await startBare(scenario.name, options)
      : await startProduct(scenario.name, { ...options, consumersPerRouter: Number(args['consumers-per-router']), maxClassrooms: Math.max(...steps) });
    const workers = system.workerPids();
    workers.forEach((pid, i) => pin(pid, String(scenario.workers === 1 ? 0 : i % ALL_WORKERS)));
    if (system.controlPid !== process.pid) pin(system.controlPid, scenario.workers === 1 ? SIDE_CORE : `0-${ALL_WORKERS - 1}`);
    paced = new PacedSource(source, {
      host: system.ingest.ip, port: system.ingest.port, videoSsrc: SOURCE_SSRC.video, audioSsrc: SOURCE_SSRC.audio,
      absCaptureTimeId: INGEST_ABS_CAPTURE_TIME_ID,
    });
    paced.start();
    const perfAt = Number(args['perf-at']);
    stepResults = await ramp(system, receiver, {
      ...rampOptions,
      afterStep: args.perf && scenario.workers === 1 && round === 1
        ? async (classrooms, sys) => {
          if (classrooms !== perfAt) return;
          const profile = await profileWorker(sys.workerPids()[0]!, 5, join(RESULTS_DIR, `fanout-perf-${scenario.name}.txt`));
          profiles.push({ ...profile, classrooms });
          progress(`  profile at ${classrooms} classrooms: ${profile.summary}`);
        }
        : undefined,
    }, progress);
  } catch (caught) {
    error = (caught as Error).message;
    progress(`scenario ${scenario.name} failed: ${error}`);
  } finally {
    await paced?.stop();
    await system?.close();
  }
  const passing = stepResults.filter((s) => s.passed);
  const last = passing.at(-1);
  results.push({
    ...scenario, round, steps: stepResults, capacity: last?.classrooms ?? 0, profiles,
    classroomsPerWorkerCore: last ? Math.round(100 / last.workerCpuPerClassroom) : null,
    ...(error ? { error } : {}),
  });
}
await receiver.close();

const summary = summarize(results);

console.log('\nFan-out: classrooms each receiving 1.2 Mbit/s VP8 + Opus over SRTP, ramped until loss > ' +
  `${rampOptions.maxLossPercent}% or p99 delay > ${rampOptions.maxP99Ms} ms`);
console.log(['round', 'scenario', 'workers', 'crypto', 'SRTP', 'capacity', 'per worker core', 'limit'].join('\t'));
for (const r of results) {
  const failed = r.steps.find((s) => !s.passed);
  const limit = r.error ? `error: ${r.error}` : failed
    ? `${failed.classrooms}: loss ${failed.lossPercent.toFixed(2)}%, p99 ${failed.delayMs.p99.toFixed(1)} ms`
    : 'not reached';
  console.log([r.round, r.name, r.workers, r.crypto, r.suite, r.capacity, r.classroomsPerWorkerCore ?? '-', limit].join('\t'));
}
console.log('');
printSummary(summary);

mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(args.out, `${JSON.stringify({
  benchmark: 'fanout',
  date: new Date().toISOString(),
  machine: { cores: ALL_WORKERS, cpu: cpus()[0]?.model, node: process.version, mediasoup: mediasoupVersion },
  source: { videoKbps: 1200, audio: 'Opus', keyFrameSeconds: 4, ...(await sourceFigures()) },
  thresholds: { maxLossPercent: rampOptions.maxLossPercent, maxP99Ms: rampOptions.maxP99Ms },
  window: { settleMs: rampOptions.settleMs, measureMs: rampOptions.measureMs },
  pinning: ALL_WORKERS > 1 ? `1 worker: worker on core 0, everything else on core ${SIDE_CORE}; ${ALL_WORKERS} workers: worker i on core i, the rest floats` : 'none (1 core)',
  summary,
  scenarios: results,
}, null, 2)}\n`);
progress(`wrote ${args.out}`);

async function sourceFigures(): Promise<Record<string, number>> {
  const videoBytes = source.video.reduce((n, p) => n + p.length, 0);
  return {
    measuredVideoKbps: Math.round((videoBytes * 8) / source.durationSeconds / 1000),
    videoPacketsPerSecond: Math.round(source.video.length / source.durationSeconds),
    audioPacketsPerSecond: Math.round(source.audio.length / source.durationSeconds),
  };
}
