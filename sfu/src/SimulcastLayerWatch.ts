import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';

export interface LayerWatchOptions {
  /** How often the producer's packet counts per layer are read. */
  pollMs: number;
  /** A layer silent this long, while a lower one keeps sending, has been stopped by the sender. */
  stoppedMs: number;
  /** A layer back this long, without a pause, is taken again. */
  resumedMs: number;
}

export const DEFAULT_LAYER_WATCH: LayerWatchOptions = { pollMs: 150, stoppedMs: 300, resumedMs: 1500 };

/** One spatial layer as the watch last read it. */
interface LayerState {
  packets: number;
  /** When its count last grew (the watch's start, before it ever did). */
  lastAdvanceAt: number;
  /** Since when it has sent without a silence of stoppedMs (null: silent now). */
  flowingSince: number | null;
}

/**
 * Tells, within a few hundred ms, which simulcast layers a sender still sends. A browser stops
 * its top layer when its uplink or CPU runs short; mediasoup only notices at its inactivity check,
 * about 1.5 s later, and a consumer fixed on that layer receives nothing until then. The watch
 * reads the producer's packet counts per layer and reports (`change`) the highest layer that
 * flows: lower as soon as the allowed one falls silent while a lower one keeps sending (two reads
 * in a row, so a slide deck's sparse frames do not count as a stop), higher again once a layer has
 * flowed steadily for `resumedMs`. Nothing is reported while every layer is silent (a paused
 * camera). It stops with its producer.
 */
export class SimulcastLayerWatch extends EventEmitter<{ change: [spatialLayer: number] }> {
  readonly #producer: types.Producer;
  readonly #options: LayerWatchOptions;
  readonly #layers: LayerState[];
  /** The highest layer the watch lets the consumer take. */
  #allowed: number;
  /** Reads in a row in which a lower layer grew and the allowed one did not. */
  #lowerOnlyReads = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(producer: types.Producer, options = DEFAULT_LAYER_WATCH) {
    super();
    this.#producer = producer;
    this.#options = options;
    const now = performance.now();
    this.#layers = producer.rtpParameters.encodings!.map(() => ({ packets: 0, lastAdvanceAt: now, flowingSince: null }));
    this.#allowed = this.#layers.length - 1;
    producer.observer.once('close', () => this.stop());
    this.#schedule();
  }

  /** True for a producer with more than one spatial layer (simulcast). */
  static applies(producer: types.Producer): boolean {
    return producer.kind === 'video' && producer.type === 'simulcast';
  }

  /** The highest layer the sender still sends (its top one until it stops it). */
  get allowedLayer(): number {
    return this.#allowed;
  }

  /** Its top layer: what `allowedLayer` is while the sender sends every layer. */
  get topLayer(): number {
    return this.#layers.length - 1;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#read(), this.#options.pollMs);
  }

  async #read(): Promise<void> {
    let stats: types.ProducerStat[];
    try {
      stats = await this.#producer.getStats();
    } catch {
      // Closed meanwhile (then stopped: no next read), or a busy worker: read again later.
      return this.#schedule();
    }
    if (this.#stopped) return;
    this.#judge(this.#advanced(stats), performance.now());
    this.#schedule();
  }

  /** Which layers' counts grew since the last read (matched to encodings by rid, else ssrc). */
  #advanced(stats: types.ProducerStat[]): boolean[] {
    const encodings = this.#producer.rtpParameters.encodings!;
    return this.#layers.map((layer, index) => {
      const { rid, ssrc } = encodings[index]!;
      const stat = stats.find((entry) => (rid !== undefined ? entry.rid === rid : entry.ssrc === ssrc));
      const packets = stat?.packetCount ?? 0;
      const grew = packets > layer.packets;
      layer.packets = packets;
      return grew;
    });
  }

  #judge(advanced: boolean[], now: number): void {
    const { stoppedMs, resumedMs } = this.#options;
    this.#layers.forEach((layer, index) => {
      if (advanced[index]) {
        if (now - layer.lastAdvanceAt >= stoppedMs) layer.flowingSince = now;
        else layer.flowingSince ??= now;
        layer.lastAdvanceAt = now;
      } else if (now - layer.lastAdvanceAt >= stoppedMs) {
        layer.flowingSince = null;
      }
    });
    const allowed = this.#allowed;
    const lowerGrew = advanced.slice(0, allowed).some(Boolean);
    this.#lowerOnlyReads = advanced[allowed] ? 0 : lowerGrew ? this.#lowerOnlyReads + 1 : this.#lowerOnlyReads;
    const silentAllowed = now - this.#layers[allowed]!.lastAdvanceAt >= stoppedMs;
    if (silentAllowed && this.#lowerOnlyReads >= 2) {
      const lower = this.#highest((layer) => now - layer.lastAdvanceAt < stoppedMs, allowed);
      if (lower !== undefined) return this.#allow(lower);
    }
    const steady = this.#highest((layer) => layer.flowingSince !== null && now - layer.flowingSince >= resumedMs, this.#layers.length);
    if (steady !== undefined && steady > allowed) this.#allow(steady);
  }

  /** The highest layer below `below` that passes `test`. */
  #highest(test: (layer: LayerState) => boolean, below: number): number | undefined {
    for (let index = below - 1; index >= 0; index--) if (test(this.#layers[index]!)) return index;
    return undefined;
  }

  #allow(spatialLayer: number): void {
    this.#allowed = spatialLayer;
    this.#lowerOnlyReads = 0;
    this.emit('change', spatialLayer);
  }
}
