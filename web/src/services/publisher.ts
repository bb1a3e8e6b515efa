import type { types } from 'mediasoup-client';
import type { MediaSource } from '@classroom/shared';
import { setLocalTrack, setPublishing, classroomStore, type ToggleableSource } from '../store/index.ts';
import { ensureLocalMedia, type CaptureProfile } from './localMedia.ts';
import type { MediaSession, ProducerAppData } from './media.ts';
import { Serial } from './serial.ts';
import { request } from './socket.ts';
import { log } from './util.ts';

const CAMERA_ENCODINGS: Record<CaptureProfile, types.RtpEncodingParameters[]> = {
  // Three simulcast layers so that each classroom gets what its link carries (the SFU picks).
  teacher: [
    { rid: 'r0', maxBitrate: 150_000, scaleResolutionDownBy: 4 },
    { rid: 'r1', maxBitrate: 500_000, scaleResolutionDownBy: 2 },
    { rid: 'r2', maxBitrate: 1_200_000 },
  ],
  // A classroom on stage is a second tile everywhere: one modest layer fits a school's uplink.
  stage: [{ maxBitrate: 500_000 }],
};
// Slides change rarely: one sharp layer at a low frame rate.
const SCREEN_ENCODINGS: types.RtpEncodingParameters[] = [{ maxBitrate: 1_500_000, maxFramerate: 5 }];
// The class's picture for the teacher's wall (captured at 360p): a tile (~180p, a few frames/s,
// ≤ 150 kbit/s with headers) and the spotlight (360p). Only the tile layer is on unless the
// teacher spotlights the class (setMaxSpatialLayer): a school's uplink carries what is looked at.
const WALL_ENCODINGS: types.RtpEncodingParameters[] = [
  { rid: 'r0', maxBitrate: 120_000, scaleResolutionDownBy: 2, maxFramerate: 5 },
  { rid: 'r1', maxBitrate: 350_000, maxFramerate: 10 },
];

/** The sources the Publisher sends (the wall picture has its own, see wallPicture.ts). */
type PublishedSource = Exclude<MediaSource, 'wall'>;

export function produceOptions(
  source: MediaSource,
  track: MediaStreamTrack,
  device: types.Device,
  profile: CaptureProfile,
): types.ProducerOptions<ProducerAppData> {
  const appData: ProducerAppData = { source };
  // The preview keeps using the camera and microphone tracks after a producer closes (stop live);
  // whoever captured them stops them (see localMedia).
  const base = { track, appData, stopTracks: false };
  switch (source) {
    case 'camera': {
      const codec = device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
      return { ...base, encodings: CAMERA_ENCODINGS[profile], codecOptions: { videoGoogleStartBitrate: 1000 }, ...(codec ? { codec } : {}) };
    }
    case 'microphone':
      return { ...base, codecOptions: { opusStereo: false, opusDtx: true, opusFec: true } };
    case 'screen':
      return { ...base, encodings: SCREEN_ENCODINGS };
    case 'wall': {
      const codec = device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
      // Paused means no RTP at all (the transceiver goes inactive), not black frames: nothing
      // leaves the school for a picture nobody looks at.
      return { ...base, encodings: WALL_ENCODINGS, zeroRtpOnPause: true, ...(codec ? { codec } : {}) };
    }
    default: {
      const unknownSource: never = source;
      throw new Error(`unknown source ${String(unknownSource)}`);
    }
  }
}

/**
 * This page's producers on the send transport of one MediaSession: the teacher's, or a
 * projector's while its classroom is on stage. Operations run one at a time so that a click on
 * "Go live" and a reconnect cannot produce the same source twice.
 */
export class Publisher {
  readonly #media: MediaSession;
  readonly #profile: CaptureProfile;
  readonly #producers = new Map<PublishedSource, types.Producer<ProducerAppData>>();
  readonly #serial = new Serial();
  #closed = false;

  constructor(media: MediaSession, profile: CaptureProfile) {
    this.#media = media;
    this.#profile = profile;
  }

  get producers(): types.Producer[] {
    return [...this.#producers.values()];
  }

  /** Sends camera, microphone and (if still captured) the screen. Safe to call again. */
  publish(): Promise<void> {
    return this.#run(async () => {
      await ensureLocalMedia(this.#profile);
      const { local } = classroomStore.getState();
      for (const source of ['camera', 'microphone', 'screen'] as const) {
        const track = local[source];
        if (track && track.readyState === 'live') await this.#produce(source, track);
      }
      if (!this.#closed) setPublishing(true);
    });
  }

  setPaused(source: ToggleableSource, paused: boolean): Promise<void> {
    return this.#run(async () => {
      // Locally first: the picture freezes (and the mic mutes) at once, whatever the network.
      const producer = this.#pauseLocally(source, paused);
      if (producer) await request(paused ? 'media:pauseProducer' : 'media:resumeProducer', { producerId: producer.id });
    });
  }

  /**
   * Pauses a producer here only, because the server already paused its side (an assistant or
   * the teacher muted a classroom on stage): nothing is sent over the school's uplink for it.
   */
  mirrorPaused(source: ToggleableSource, paused: boolean): Promise<void> {
    return this.#run(async () => {
      this.#pauseLocally(source, paused);
    });
  }

  startScreen(track: MediaStreamTrack): Promise<void> {
    return this.#run(() => this.#produce('screen', track));
  }

  stopScreen(): Promise<void> {
    return this.#run(async () => {
      const producer = this.#producers.get('screen');
      if (!producer) return;
      this.#forget('screen');
      await request('media:closeProducer', { producerId: producer.id });
    });
  }

  /** The server closed one of our producers (stop live, moderation): drop it locally. */
  onProducerClosed(producerId: string): void {
    for (const [source, producer] of this.#producers) {
      if (producer.id === producerId) this.#forget(source);
    }
    if (this.#producers.size === 0) setPublishing(false);
  }

  /** Closes every producer locally; the server closes its side by itself (stop live, disconnect). */
  unpublish(): void {
    for (const source of [...this.#producers.keys()]) this.#forget(source);
    setPublishing(false);
  }

  /** Closes every producer now, and whatever an operation under way produces next. */
  stop(): Promise<void> {
    this.unpublish();
    return this.#run(async () => this.unpublish());
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.unpublish();
  }

  #run<T>(operation: () => Promise<T>): Promise<T> {
    return this.#serial.run(operation);
  }

  async #produce(source: PublishedSource, track: MediaStreamTrack): Promise<void> {
    if (this.#closed || this.#producers.has(source)) return;
    const transport = await this.#media.transport('send');
    const producer = await transport.produce(produceOptions(source, track, this.#media.device, this.#profile));
    if (this.#closed) {
      producer.close();
      return;
    }
    this.#producers.set(source, producer);
    producer.on('transportclose', () => this.#forget(source));
    if (source === 'screen') {
      // The browser's own "Stop sharing" bar ends the track.
      producer.on('trackended', () => {
        void this.stopScreen().catch((error: unknown) => log('warn', 'closing screen producer failed', { error }));
        stopScreenTrack();
      });
    } else if (!classroomStore.getState().enabled[source]) {
      producer.pause();
      await request('media:pauseProducer', { producerId: producer.id });
    }
  }

  /** The producer if this changed it, else null (none yet, or already in that state). */
  #pauseLocally(source: ToggleableSource, paused: boolean): types.Producer | null {
    const producer = this.#producers.get(source);
    if (!producer || producer.paused === paused) return null;
    if (paused) producer.pause();
    else producer.resume();
    return producer;
  }

  #forget(source: PublishedSource): void {
    const producer = this.#producers.get(source);
    if (!producer) return;
    this.#producers.delete(source);
    producer.close();
  }
}

/** Ends the screen capture and forgets it (so a reconnect does not share it again). */
export function stopScreenTrack(): void {
  const track = classroomStore.getState().local.screen;
  track?.stop();
  setLocalTrack('screen', null);
}
