// One ramp: a system under test grows step by step until a classroom would notice (loss or delay).
import { CpuWindow, rssBytes } from './procstat.ts';
import type { RtpReceiver, ReceiverSnapshot } from './receiver.ts';
import type { FanoutSystem } from './system.ts';

export interface RampOptions {
  steps: number[];
  settleMs: number;
  measureMs: number;
  maxLossPercent: number;
  maxP99Ms: number;
  /** Called after a step was measured, outside its window (a profile disturbs what it profiles). */
  afterStep?: (classrooms: number, system: FanoutSystem) => Promise<void>;
}

export interface StepResult {
  classrooms: number;
  egressMbps: number;
  packetsPerSecond: number;
  lossPercent: number;
  delayMs: { p50: number; p90: number; p99: number; max: number };
  /** % of one core, per worker. */
  workerCpu: number[];
  /** Worker CPU per classroom, % of one core (sum over workers). */
  workerCpuPerClassroom: number;
  /** The process driving the workers (server, or the bench itself for bare mediasoup). */
  controlCpu: number;
  controlRssMb: number;
  receiverCpu: number;
  /** Packets the kernel dropped at the receiver's socket (receiver too slow: the run is void). */
  receiverDrops: number;
  passed: boolean;
}

export async function ramp(system: FanoutSystem, receiver: RtpReceiver, options: RampOptions, progress: (line: string) => void): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const classrooms of options.steps) {
    const joinStart = performance.now();
    await system.growTo(classrooms);
    progress(`  ${system.label}: ${classrooms} classrooms joined in ${((performance.now() - joinStart) / 1000).toFixed(1)} s, settling`);
    await sleep(options.settleMs);
    const workers = system.workerPids();
    await receiver.snapshot(); // opens the window
    const cpu = new CpuWindow([...workers, system.controlPid]);
    await sleep(options.measureMs);
    const snapshot = await receiver.snapshot();
    const percents = cpu.percent();
    const step = toStep(classrooms, snapshot, percents.slice(0, workers.length), percents.at(-1)!, rssBytes(system.controlPid), options);
    results.push(step);
    progress(`  ${system.label}: ${formatStep(step)}`);
    if (step.passed) await options.afterStep?.(classrooms, system);
    if (!step.passed) break;
  }
  return results;
}

function toStep(classrooms: number, s: ReceiverSnapshot, workerCpu: number[], controlCpu: number, rss: number, options: RampOptions): StepResult {
  const seconds = s.elapsedMs / 1000;
  const lossPercent = s.expected > 0 ? (100 * s.lost) / s.expected : 100;
  const delayMs = { p50: s.delayUs.p50 / 1000, p90: s.delayUs.p90 / 1000, p99: s.delayUs.p99 / 1000, max: s.delayUs.max / 1000 };
  const total = workerCpu.reduce((a, b) => a + b, 0);
  return {
    classrooms,
    egressMbps: (s.bytes * 8) / seconds / 1e6,
    packetsPerSecond: s.packets / seconds,
    lossPercent,
    delayMs,
    workerCpu,
    workerCpuPerClassroom: total / classrooms,
    controlCpu,
    controlRssMb: rss / 2 ** 20,
    receiverCpu: (100 * s.cpuMs) / s.elapsedMs,
    receiverDrops: s.drops,
    passed: lossPercent <= options.maxLossPercent && delayMs.p99 <= options.maxP99Ms && s.delaySamples > 0,
  };
}

export function formatStep(s: StepResult): string {
  return [
    `${String(s.classrooms).padStart(4)} classrooms`,
    `${s.egressMbps.toFixed(0).padStart(4)} Mbit/s`,
    `loss ${s.lossPercent.toFixed(2).padStart(5)}%`,
    `delay p50 ${s.delayMs.p50.toFixed(1).padStart(5)} / p99 ${s.delayMs.p99.toFixed(1).padStart(6)} ms`,
    `workers ${s.workerCpu.map((c) => `${c.toFixed(0)}%`).join('+')}`,
    `control ${s.controlCpu.toFixed(0)}% ${s.controlRssMb.toFixed(0)} MB`,
    `receiver ${s.receiverCpu.toFixed(0)}%${s.receiverDrops ? ` (${s.receiverDrops} dropped at its socket)` : ''}`,
    s.passed ? 'ok' : 'LIMIT',
  ].join(' | ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
