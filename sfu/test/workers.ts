import type { types } from 'mediasoup';
import { afterAll, beforeAll } from 'vitest';
import type { MediaLogger } from '../src/logger.ts';
import { MediaCounters } from '../src/MediaCounters.ts';
import { resolveWorkerBin } from '../src/workerBin.ts';
import { WorkerPool } from '../src/WorkerPool.ts';

/** Writes nothing: the tests read state, not logs. */
export const silentLog: MediaLogger = {
  debug() {}, info() {}, warn() {}, error() {},
  child: () => silentLog,
};

/** A microphone as a browser would describe it (no packets are needed to produce or consume). */
export const OPUS_PARAMETERS: types.RtpParameters = {
  mid: '1',
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
  headerExtensions: [],
  encodings: [{ ssrc: 22222222 }],
  rtcp: { cname: 'teacher' },
};

export interface TestWorkers {
  pool: WorkerPool;
  /** Every mediasoup object of this test file's workers, counted from mediasoup's observer. */
  counters: MediaCounters;
  routersPerWorker(): number[];
  /** Kills a worker as a crash would and waits until the pool has replaced it. */
  crash(index: number): Promise<void>;
}

/** Two real mediasoup workers for the file's tests (counted from before the first starts). */
export function useTwoWorkers(): TestWorkers {
  const workers = {} as TestWorkers;
  beforeAll(async () => {
    workers.counters = new MediaCounters();
    workers.pool = await WorkerPool.create({
      workerBin: resolveWorkerBin(), numWorkers: 2, listenIp: '127.0.0.1', announcedAddress: undefined,
      rtcPort: 0, enableUdp: true, enableTcp: false, logLevel: 'error',
    }, silentLog);
    workers.routersPerWorker = () => workers.pool.slots().map((slot) => slot.routers);
    workers.crash = async (index) => {
      const { worker } = workers.pool.slots().find((slot) => slot.index === index)!;
      process.kill(worker.pid, 'SIGKILL');
      await waitFor(() => worker.closed);
      await waitFor(() => workers.pool.slots().filter((slot) => !slot.worker.closed).length === 2);
    };
  });
  afterAll(() => workers.pool?.close());
  return workers;
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
