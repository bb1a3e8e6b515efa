/**
 * When a projector's wall picture falls back to still pictures. A school uplink that cannot carry
 * even the tile layer (the browser's own estimate of what it may send stays below the tile's
 * bitrate, or the encoder gets almost no frame out) sends a small JPEG over its socket every few
 * seconds instead; video is tried again after a while, longer each time it fails, so a bad link
 * does not flap. Pure: the caller samples the sender's stats and applies the mode.
 */

export type WallSendMode = 'video' | 'still';

export interface UplinkSample {
  /** The browser's estimate of what the link may send (candidate pair), bit/s; null if unknown. */
  availableBps: number | null;
  /** Frames the wall producer encoded per second since the last sample. */
  framesPerSecond: number;
}

export interface StillFallbackOptions {
  /** Below this estimate the tile layer does not fit (its 120 kbit/s with headers and a margin). */
  minBps: number;
  /** Fewer frames per second than this is no moving picture. */
  minFramesPerSecond: number;
  /** Consecutive bad samples before falling back (one sample can be a blip). */
  badSamples: number;
  /** Video is tried again after this, doubled after each failed trial, up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
}

export const DEFAULT_STILL_FALLBACK: StillFallbackOptions = {
  minBps: 100_000, minFramesPerSecond: 1, badSamples: 2, retryMs: 30_000, maxRetryMs: 240_000,
};

export class StillFallback {
  readonly #options: StillFallbackOptions;
  #mode: WallSendMode = 'video';
  #bad = 0;
  #retryMs: number;
  #stillSince = 0;
  /** Set while video is being tried again: it must pass its samples to stay. */
  #trial = false;

  constructor(options: StillFallbackOptions = DEFAULT_STILL_FALLBACK) {
    this.#options = options;
    this.#retryMs = options.retryMs;
  }

  get mode(): WallSendMode {
    return this.#mode;
  }

  /** A sample of the sender while it sends video; answers the mode to use from now on. */
  sample(sample: UplinkSample, now: number): WallSendMode {
    if (this.#mode === 'still') return this.#mode;
    const o = this.#options;
    const bad = (sample.availableBps !== null && sample.availableBps < o.minBps) || sample.framesPerSecond < o.minFramesPerSecond;
    this.#bad = bad ? this.#bad + 1 : 0;
    if (this.#bad >= o.badSamples) {
      // A trial that failed waits twice as long for the next one.
      if (this.#trial) this.#retryMs = Math.min(this.#retryMs * 2, o.maxRetryMs);
      this.fallBack(now);
    } else if (!bad && this.#trial) {
      this.#trial = false;
      this.#retryMs = o.retryMs;
    }
    return this.#mode;
  }

  /** Falls back now, as bad samples would (the page was told its uplink is too weak). */
  fallBack(now: number): void {
    this.#mode = 'still';
    this.#stillSince = now;
    this.#bad = 0;
    this.#trial = false;
  }

  /** While sending stills: whether it is time to try video again (the caller resumes it). */
  tryVideo(now: number): boolean {
    if (this.#mode !== 'still' || now - this.#stillSince < this.#retryMs) return false;
    this.#mode = 'video';
    this.#trial = true;
    this.#bad = 0;
    return true;
  }

  /** The teacher looked away: the next look starts with video. */
  reset(): void {
    this.#mode = 'video';
    this.#bad = 0;
    this.#trial = false;
  }
}
