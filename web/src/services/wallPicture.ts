import type { types } from 'mediasoup-client';
import type { WallView } from '@classroom/shared';
import { selectOwnClassroom, classroomStore, type Store } from '../store/index.ts';
import type { MediaSession, ProducerAppData } from './media.ts';
import { produceOptions } from './publisher.ts';
import { Serial } from './serial.ts';
import { request } from './socket.ts';
import { StillFallback } from './stillFallback.ts';
import { log } from './util.ts';
import { WallStillSender } from './wallStill.ts';

// Its own capture, apart from the stage's: the stage stops its devices when it ends, the wall
// picture goes on. 360p is the spotlight layer; the tile is scaled down from it.
const WALL_CAMERA: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 10, max: 15 } };
/**
 * Unwatched this long, the camera is closed (its light goes off) instead of only paused: a page
 * turned back within it starts sending in a round trip, without opening the camera again.
 */
const RELEASE_AFTER_MS = 30_000;

interface Wanted {
  view: WallView;
  off: boolean;
}

/**
 * A projector's picture of its class for the teacher's wall. It follows what the server says of
 * its classroom (`wallView`, `wallPictureOff` in the classroom's status): sends while the teacher
 * looks at its tile (the tile layer, or both for the spotlight), and pauses its producer in the
 * browser the moment nobody does, so that no RTP leaves the school for it. Its assistant's "off"
 * closes the camera at once. The server enforces all of this on its side too.
 */
export class WallPicture {
  readonly #media: MediaSession;
  readonly #serial = new Serial();
  #track: MediaStreamTrack | null = null;
  #producer: types.Producer<ProducerAppData> | null = null;
  #releaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** Its uplink's verdict, kept for the lesson: a weak school link stays known between looks. */
  readonly #fallback = new StillFallback();
  #still: WallStillSender | null = null;
  #closed = false;

  constructor(media: MediaSession) {
    this.#media = media;
  }

  /** The wall's producer while there is one (test hooks read its stats). */
  get producer(): types.Producer | null {
    return this.#producer;
  }

  /** Falls back to still pictures as a too weak uplink would (test hooks); false if not sending. */
  fallBackToStills(): boolean {
    if (!this.#still) return false;
    this.#still.fallBack();
    return true;
  }

  /** Follows the store until the returned function is called (the media session ends). */
  follow(): () => void {
    let last: Wanted | null = null;
    const apply = (state: Store) => {
      const classroom = selectOwnClassroom(state);
      const next: Wanted = { view: classroom?.wallView ?? 'none', off: classroom?.wallPictureOff ?? false };
      if (last && last.view === next.view && last.off === next.off) return;
      last = next;
      void this.#serial.run(() => this.#apply(next)).catch((error: unknown) => log('warn', 'wall picture failed', { error }));
    };
    apply(classroomStore.getState());
    const unsubscribe = classroomStore.subscribe(apply);
    return () => {
      unsubscribe();
      this.close();
    };
  }

  /** The server closed the producer (picture off, media reset): forget it. */
  onProducerClosed(producerId: string): void {
    if (this.#producer?.id === producerId) this.#dropProducer();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#release();
  }

  async #apply({ view, off }: Wanted): Promise<void> {
    if (this.#closed) return;
    clearTimeout(this.#releaseTimer);
    if (off) return this.#release();
    if (view === 'none') {
      // Paused in the browser: the transceiver goes inactive, no RTP at all.
      this.#stopStill();
      this.#producer?.pause();
      this.#releaseTimer = setTimeout(() => void this.#serial.run(async () => this.#release()), RELEASE_AFTER_MS);
      return;
    }
    const producer = this.#producer ?? await this.#produce();
    if (!producer || this.#closed) return;
    // The server resumed its side as the teacher looked; this side follows without asking.
    if (producer.paused && this.#fallback.mode === 'video') producer.resume();
    await producer.setMaxSpatialLayer(view === 'spotlight' ? 1 : 0);
    this.#still ??= new WallStillSender(producer, this.#track!, await this.#media.transport('send'), this.#fallback);
  }

  async #produce(): Promise<types.Producer<ProducerAppData> | null> {
    this.#track ??= await openCamera();
    if (!this.#track || this.#closed) return null;
    let producer: types.Producer<ProducerAppData>;
    try {
      const transport = await this.#media.transport('send');
      producer = await transport.produce(produceOptions('wall', this.#track, this.#media.device, 'stage'));
    } catch (error) {
      // Refused (the teacher looked away meanwhile, the picture was turned off): the camera closes.
      this.#release();
      throw error;
    }
    if (this.#closed) {
      producer.close();
      return null;
    }
    this.#producer = producer;
    producer.on('transportclose', () => this.#dropProducer());
    return producer;
  }

  #stopStill(): void {
    this.#still?.stop();
    this.#still = null;
  }

  #dropProducer(): void {
    this.#stopStill();
    this.#producer?.close();
    this.#producer = null;
  }

  /** Closes the producer (the server closes its side with it) and the camera: its light goes off. */
  #release(): void {
    clearTimeout(this.#releaseTimer);
    if (this.#producer) {
      const { id } = this.#producer;
      this.#dropProducer();
      request('media:closeProducer', { producerId: id }).catch(() => undefined);
    }
    this.#track?.stop();
    this.#track = null;
  }
}

async function openCamera(): Promise<MediaStreamTrack | null> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: WALL_CAMERA, audio: false });
    const track = stream.getVideoTracks()[0] ?? null;
    // A picture of a room, not of a document: keep the motion, drop detail first.
    if (track) track.contentHint = 'motion';
    return track;
  } catch (error) {
    log('warn', 'no camera for the wall picture', { error });
    return null;
  }
}
