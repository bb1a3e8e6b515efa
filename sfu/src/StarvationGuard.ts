import { EventEmitter } from 'node:events';

export interface StarvationGuardOptions {
  /** How long no camera layer may fit the link before the classroom goes to sound only. */
  starveMs: number;
  /** How long a trial of video lasts before it is judged. */
  trialMs: number;
  /** First wait before trying video again; doubles after each failed trial, up to maxRetryMs. */
  firstRetryMs: number;
  maxRetryMs: number;
  /**
   * Frames per second the classroom must report decoding for a trial to pass (when it reports
   * at all): the layer the SFU chose must also arrive and play.
   */
  minTrialFps: number;
}

export const DEFAULT_STARVATION: StarvationGuardOptions = {
  starveMs: 3000, trialMs: 8000, firstRetryMs: 15_000, maxRetryMs: 60_000, minTrialFps: 1,
};

/** 'idle': no video is wanted (paused on purpose), so there is nothing to judge. */
type State = 'idle' | 'video' | 'sound-only' | 'trial';

/**
 * Decides when a classroom's link is too weak for any camera layer, from the SFU's own layer
 * choices (mediasoup reports "no layer" when even the lowest does not fit the bandwidth
 * estimate). Then video is paused — sound keeps its whole link, and the projector keeps the
 * last picture with a clear label instead of a stuttering one. It tries video again after a
 * while, waiting longer after each failure, so that a bad link does not flap every few seconds.
 * Video paused on purpose also reads "no layer" in mediasoup: the guard is told, and stands down.
 */
export class StarvationGuard extends EventEmitter<{
  /** Sound only (true); or no longer (false): a trial of video begins, or video is not wanted (see expectVideo). */
  change: [soundOnly: boolean];
  /** The trial succeeded: video is back for good. */
  trialPassed: [];
}> {
  readonly #options: StarvationGuardOptions;
  #state: State = 'video';
  /** Since when a camera layer has flowed without a gap (null: none flows now). */
  #flowingSince: number | null = null;
  /** The classroom's latest report of what it decodes; null if it never reports (then unused). */
  #delivery: { framesPerSecond: number; at: number } | null = null;
  #trialStartedAt = 0;
  #retryMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: StarvationGuardOptions = DEFAULT_STARVATION) {
    super();
    this.#options = options;
    this.#retryMs = options.firstRetryMs;
  }

  get soundOnly(): boolean {
    return this.#state === 'sound-only';
  }

  /** False while video is paused on purpose (see expectVideo). */
  get expectsVideo(): boolean {
    return this.#state !== 'idle';
  }

  /** What the classroom reports it decodes (its periodic quality report). */
  delivered(framesPerSecond: number, now = Date.now()): void {
    this.#delivery = { framesPerSecond, at: now };
  }

  /** The camera layer the SFU forwards now (null: none fits). */
  layer(spatialLayer: number | null, now = Date.now()): void {
    if (spatialLayer === null) this.#flowingSince = null;
    else this.#flowingSince ??= now;
    if (this.#state !== 'video') return;
    if (spatialLayer === null && this.#timer === undefined) this.#awaitLayer();
    else if (spatialLayer !== null) this.#clear();
  }

  /**
   * Whether video is wanted at all. Not while it is paused on purpose (sound only chosen by the
   * classroom, the camera paused at its source): the SFU then forwards no layer, which says
   * nothing of the link, and a weak link judged before no longer holds. Wanted again, video
   * starts afresh, as on a new link: a layer must flow within starveMs, and a later failure waits
   * the first retry delay, not one doubled by failures from before the pause.
   */
  expectVideo(expected: boolean): void {
    if (expected === (this.#state !== 'idle')) return;
    this.#flowingSince = null;
    this.#retryMs = this.#options.firstRetryMs;
    this.#enter(expected ? 'video' : 'idle');
    if (expected) this.#awaitLayer();
  }

  dispose(): void {
    this.#clear();
    this.removeAllListeners();
  }

  #awaitLayer(): void {
    this.#timer = setTimeout(() => this.#starved(), this.#options.starveMs);
    this.#timer.unref();
  }

  #starved(): void {
    this.#timer = undefined;
    if (this.#flowingSince !== null) return;
    this.#enter('sound-only');
  }

  #enter(state: State): void {
    this.#clear();
    const wasSoundOnly = this.#state === 'sound-only';
    this.#state = state;
    if (state === 'sound-only') {
      this.#timer = setTimeout(() => this.#enter('trial'), this.#retryMs);
    } else if (state === 'trial') {
      this.#flowingSince = null;
      this.#trialStartedAt = Date.now();
      this.#timer = setTimeout(() => this.#judge(), this.#options.trialMs);
    }
    this.#timer?.unref();
    if (wasSoundOnly !== (state === 'sound-only')) this.emit('change', state === 'sound-only');
  }

  /**
   * A trial succeeds if a layer has flowed without a gap for its second half and, for a classroom
   * that reports what it decodes, its latest report since the trial began shows frames playing.
   * The bandwidth estimate can take longer than the trial to find that a link cannot carry the
   * layer (a stale estimate kept a 720p layer going 17 s at 60 kbit/s, one frame decoded).
   */
  #judge(now = Date.now()): void {
    this.#timer = undefined;
    const delivery = this.#delivery;
    const plays = delivery === null
      || (delivery.at >= this.#trialStartedAt && delivery.framesPerSecond >= this.#options.minTrialFps);
    const steady = this.#flowingSince !== null && now - this.#flowingSince >= this.#options.trialMs / 2 && plays;
    if (steady) {
      this.#retryMs = this.#options.firstRetryMs;
      this.#enter('video');
      this.emit('trialPassed');
    } else {
      this.#retryMs = Math.min(this.#retryMs * 2, this.#options.maxRetryMs);
      this.#enter('sound-only');
    }
  }

  #clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
