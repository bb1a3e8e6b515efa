import { EventEmitter } from 'node:events';
import { createWorker } from 'mediasoup';
import type { types } from 'mediasoup';
import type { MediaLogger } from './logger.ts';

export interface WorkerPoolOptions {
  workerBin: string;
  /** One worker per core is the norm: a worker is single-threaded. */
  numWorkers: number;
  /** Address the WebRTC ports bind to. */
  listenIp: string;
  /** Address put in ICE candidates (public or LAN address behind NAT); listenIp when unset. */
  announcedAddress: string | undefined;
  /** First WebRTC port; worker i listens on rtcPort + i (UDP and TCP). 0 picks free ports. */
  rtcPort: number;
  enableUdp: boolean;
  enableTcp: boolean;
  logLevel: types.WorkerLogLevel;
}

/** One worker, the WebRtcServer that gives it a single UDP and TCP port, and its load. */
export interface WorkerSlot {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
  /** Routers currently placed on this worker (the unit of placement). */
  routers: number;
}

interface WorkerPoolEvents {
  /** A worker died and was replaced; routers on it are gone. */
  workerReplaced: [index: number];
}

/**
 * The mediasoup workers of this process. A dead worker is replaced in place (same ports), so
 * lessons that lived on it can re-create their routers at once.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #options: WorkerPoolOptions;
  readonly #log: MediaLogger;
  readonly #slots: (WorkerSlot | undefined)[] = [];
  #closed = false;

  private constructor(options: WorkerPoolOptions, log: MediaLogger) {
    super();
    this.#options = options;
    this.#log = log;
  }

  static async create(options: WorkerPoolOptions, log: MediaLogger): Promise<WorkerPool> {
    const pool = new WorkerPool(options, log);
    try {
      for (let index = 0; index < options.numWorkers; index++) pool.#slots[index] = await pool.#startSlot(index);
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.#slots.length;
  }

  /** The live worker with the fewest routers (among those not excluded, if any is left). */
  leastLoaded(exclude: ReadonlySet<number> = new Set()): WorkerSlot {
    let best: WorkerSlot | undefined;
    for (const slot of this.#slots) {
      if (!slot || slot.worker.closed || exclude.has(slot.index)) continue;
      if (!best || slot.routers < best.routers) best = slot;
    }
    if (!best) throw new Error('no mediasoup worker is running');
    return best;
  }

  slots(): readonly WorkerSlot[] {
    return this.#slots.filter((slot): slot is WorkerSlot => slot !== undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) slot?.worker.close();
  }

  async #startSlot(index: number): Promise<WorkerSlot> {
    const { workerBin, logLevel, listenIp, announcedAddress, rtcPort, enableUdp, enableTcp } = this.#options;
    const worker = await createWorker({ workerBin, logLevel, logTags: ['ice', 'dtls', 'srtp', 'bwe'] });
    const port = rtcPort === 0 ? undefined : rtcPort + index;
    const listenInfos: types.TransportListenInfo[] = [];
    if (enableUdp) listenInfos.push({ protocol: 'udp', ip: listenIp, announcedAddress, port });
    if (enableTcp) listenInfos.push({ protocol: 'tcp', ip: listenIp, announcedAddress, port });
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos });
    } catch (error) {
      worker.close();
      throw new Error(`cannot listen for WebRTC on ${listenIp}:${port ?? 'any'} (${(error as Error).message}); ` +
        'set RTC_PORT to a free port or RTC_LISTEN_IP to an address of this machine');
    }
    const slot: WorkerSlot = { index, worker, webRtcServer, routers: 0 };
    worker.on('died', (error) => this.#onDied(slot, error));
    this.#log.info({ workerIndex: index, pid: worker.pid, listen: listenInfos.map((l) => `${l.protocol}:${l.port ?? 'auto'}`) },
      'mediasoup worker started');
    return slot;
  }

  #onDied(slot: WorkerSlot, error: Error): void {
    if (this.#closed) return;
    this.#log.error({ workerIndex: slot.index, pid: slot.worker.pid, err: error.message }, 'mediasoup worker died; replacing it');
    this.#slots[slot.index] = undefined;
    const restart = async (attempt: number): Promise<void> => {
      if (this.#closed) return;
      try {
        this.#slots[slot.index] = await this.#startSlot(slot.index);
        this.emit('workerReplaced', slot.index);
      } catch (startError) {
        // The old process may still hold its ports for a moment: retry with a short backoff.
        this.#log.warn({ workerIndex: slot.index, attempt, err: (startError as Error).message }, 'worker restart failed');
        if (attempt < 10) setTimeout(() => void restart(attempt + 1), 200 * attempt).unref();
      }
    };
    void restart(1);
  }
}
