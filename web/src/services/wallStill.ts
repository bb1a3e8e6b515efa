import type { types } from 'mediasoup-client';
import { selectedCandidatePair, statEntries, statNumber } from './rtcStats.ts';
import { request } from './socket.ts';
import { StillFallback } from './stillFallback.ts';
import { log } from './util.ts';

const SAMPLE_EVERY_MS = 3_000;
/** A fresh producer gets this long before its frames are judged (the encoder starts, BWE ramps). */
const GRACE_MS = 6_000;
const STILL_EVERY_MS = 5_000;
const STILL_SIZE = { width: 320, height: 180 };
/** ~6–15 kB for a classroom at 320×180 (the server takes at most 24 kB). */
const STILL_QUALITY = 0.6;

/**
 * Watches a wall producer's uplink while it sends; when the link cannot carry the tile layer
 * (StillFallback), pauses the producer (no RTP) and posts a small JPEG of the class over the
 * socket every few seconds, trying video again now and then. Stop it when the teacher looks
 * away or the producer goes.
 */
export class WallStillSender {
  readonly #producer: types.Producer;
  readonly #track: MediaStreamTrack;
  readonly #transport: types.Transport;
  readonly #fallback: StillFallback;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stillTimer: ReturnType<typeof setInterval> | undefined;
  #lastFrames: { frames: number; at: number } | null = null;
  #judgeFrom = performance.now() + GRACE_MS;
  #video: HTMLVideoElement | null = null;

  constructor(producer: types.Producer, track: MediaStreamTrack, transport: types.Transport, fallback: StillFallback) {
    this.#producer = producer;
    this.#track = track;
    this.#transport = transport;
    this.#fallback = fallback;
    this.#timer = setInterval(() => void this.#check().catch((error: unknown) => log('warn', 'wall uplink check failed', { error })), SAMPLE_EVERY_MS);
    // Looked at again on a link already found too weak: stills at once.
    if (fallback.mode === 'still') this.#startStills();
  }

  /** Sends still pictures now, whatever the samples said (the test hooks use it). */
  fallBack(): void {
    if (this.#fallback.mode === 'still') return;
    this.#fallback.fallBack(performance.now());
    this.#producer.pause();
    this.#startStills();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#stopStills();
    if (this.#video) {
      for (const track of (this.#video.srcObject as MediaStream | null)?.getTracks() ?? []) track.stop();
      this.#video.srcObject = null;
    }
    this.#video = null;
  }

  async #check(): Promise<void> {
    const now = performance.now();
    if (this.#fallback.mode === 'still') {
      if (!this.#fallback.tryVideo(now)) return;
      this.#stopStills();
      this.#producer.resume();
      this.#lastFrames = null;
      this.#judgeFrom = now + GRACE_MS;
      log('info', 'wall picture: trying video again');
      return;
    }
    if (this.#producer.closed || this.#producer.paused) return;
    const frames = statEntries(await this.#producer.getStats())
      .filter((s) => s['type'] === 'outbound-rtp').reduce((sum, s) => sum + statNumber(s, 'framesEncoded'), 0);
    const pair = selectedCandidatePair(statEntries(await this.#transport.getStats()));
    const available = pair ? statNumber(pair, 'availableOutgoingBitrate') : 0;
    const last = this.#lastFrames;
    this.#lastFrames = { frames, at: now };
    if (!last || now < this.#judgeFrom) return;
    const framesPerSecond = ((frames - last.frames) * 1000) / (now - last.at);
    if (this.#fallback.sample({ availableBps: available > 0 ? available : null, framesPerSecond }, now) === 'still') {
      log('info', 'wall picture: uplink too weak for video, sending still pictures', { available, framesPerSecond });
      this.#producer.pause();
      this.#startStills();
    }
  }

  #startStills(): void {
    this.#stopStills();
    this.#stillTimer = setInterval(() => void this.#postStill(), STILL_EVERY_MS);
    void this.#postStill();
  }

  #stopStills(): void {
    clearInterval(this.#stillTimer);
    this.#stillTimer = undefined;
  }

  async #postStill(): Promise<void> {
    try {
      const jpeg = await captureJpeg(this.#videoOf());
      if (jpeg) await request('wall:postStill', { jpeg });
    } catch (error) {
      log('warn', 'still picture not sent', { error });
    }
  }

  #videoOf(): HTMLVideoElement {
    if (!this.#video) {
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      // A clone, enabled: pausing the producer disables its own track (black frames).
      const clone = this.#track.clone();
      clone.enabled = true;
      video.srcObject = new MediaStream([clone]);
      void video.play().catch(() => undefined);
      this.#video = video;
    }
    return this.#video;
  }
}

/** A small JPEG of what the camera shows now, base64 (null before its first frame). */
export async function captureJpeg(video: HTMLVideoElement): Promise<string | null> {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null;
  const canvas = document.createElement('canvas');
  canvas.width = STILL_SIZE.width;
  canvas.height = STILL_SIZE.height;
  canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', STILL_QUALITY));
  if (!blob) return null;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
