import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { ROUTER_MEDIA_CODECS } from './codecs.ts';
import type { MediaLogger } from './logger.ts';
import { MediaPeer } from './MediaPeer.ts';
import { DEFAULT_STARVATION, type StarvationGuardOptions } from './StarvationGuard.ts';
import type { WorkerPool, WorkerSlot } from './WorkerPool.ts';

/** A producer as the rest of the lesson sees it. `label` says what it is (camera, microphone…). */
export interface PublishedMedia {
  producerId: string;
  kind: types.MediaKind;
  label: string;
  /** Who publishes it (signaling decides the meaning: the teacher, a classroom on stage). */
  publisherId: string;
  paused: boolean;
}

export interface TransportSettings {
  enableUdp: boolean;
  enableTcp: boolean;
  /** Estimate to start a classroom's downlink at before the bandwidth estimator learns it. */
  initialOutgoingBitrate: number;
  /** Cap on what one publisher may send (camera simulcast + screen + voice). */
  maxIncomingBitrate: number;
  /** When a receiver's link is too weak for any camera layer (defaults: DEFAULT_STARVATION). */
  starvation?: StarvationGuardOptions;
}

interface LessonMediaEvents {
  producerAdded: [media: PublishedMedia];
  producerClosed: [producerId: string];
  producerPaused: [producerId: string, paused: boolean];
  /** The router was lost with its worker: every client must create its transports again. */
  reset: [reason: string];
}

/** Something a client asked of the media layer that cannot be done, with why. */
export class MediaRequestError extends Error {
  readonly reason: 'not_found' | 'conflict' | 'limit_reached' | 'invalid';
  constructor(reason: MediaRequestError['reason'], message: string) {
    super(message);
    this.name = 'MediaRequestError';
    this.reason = reason;
  }
}

/**
 * The media of one lesson: its router, the peers (one per connected client that sends or
 * receives media) and the producers they publish. Peers ask the lesson for transports and for
 * producers to consume; they never touch the router themselves.
 */
export class LessonMedia extends EventEmitter<LessonMediaEvents> {
  readonly lessonId: string;
  readonly #pool: WorkerPool;
  readonly #log: MediaLogger;
  readonly #settings: TransportSettings;
  readonly #peers = new Map<string, MediaPeer>();
  readonly #producers = new Map<string, { producer: types.Producer; media: PublishedMedia }>();
  #placement: Promise<{ slot: WorkerSlot; router: types.Router }> | undefined;
  #closed = false;

  constructor(lessonId: string, pool: WorkerPool, settings: TransportSettings, log: MediaLogger) {
    super();
    this.lessonId = lessonId;
    this.#pool = pool;
    this.#settings = settings;
    this.#log = log.child({ lessonId });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** @internal */
  get starvation(): StarvationGuardOptions {
    return this.#settings.starvation ?? DEFAULT_STARVATION;
  }

  async rtpCapabilities(): Promise<types.RtpCapabilities> {
    return (await this.#place()).router.rtpCapabilities;
  }

  /** The peer for a client (created on first use). */
  peer(peerId: string, publisherId: string): MediaPeer {
    this.#assertOpen();
    let peer = this.#peers.get(peerId);
    if (!peer) {
      peer = new MediaPeer(peerId, publisherId, this, this.#log.child({ peerId }));
      this.#peers.set(peerId, peer);
    }
    return peer;
  }

  /** Closes a client's transports, producers and consumers (it left or was removed). */
  closePeer(peerId: string): void {
    const peer = this.#peers.get(peerId);
    if (!peer) return;
    this.#peers.delete(peerId);
    peer.close();
  }

  /** The connected clients publishing (or able to publish) as `publisherId`. */
  peersOf(publisherId: string): MediaPeer[] {
    return [...this.#peers.values()].filter((peer) => peer.publisherId === publisherId);
  }

  /**
   * Pauses or resumes, server-side, a publisher's producers with this label (e.g. a classroom's
   * microphone muted by its assistant): nobody receives them while paused, whatever the client sends.
   */
  async setPausedOf(publisherId: string, label: string, paused: boolean): Promise<void> {
    for (const { producer, media } of [...this.#producers.values()]) {
      if (media.publisherId !== publisherId || media.label !== label || producer.closed) continue;
      if (paused) await producer.pause();
      else await producer.resume();
    }
  }

  published(): PublishedMedia[] {
    return [...this.#producers.values()].map(({ media }) => ({ ...media }));
  }

  /** Closes every producer of a publisher, server-side: its media stops reaching anyone at once. */
  closeProducersOf(publisherId: string): number {
    let closed = 0;
    for (const { producer, media } of [...this.#producers.values()]) {
      if (media.publisherId !== publisherId) continue;
      producer.close();
      this.#forgetProducer(producer.id);
      closed += 1;
    }
    return closed;
  }

  counts(): { peers: number; producers: number } {
    return { peers: this.#peers.size, producers: this.#producers.size };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#producers.clear();
    void this.#placement?.then(({ slot, router }) => this.#releaseRouter(slot, router), () => undefined);
    this.#placement = undefined;
    this.removeAllListeners();
  }

  // ---- used by MediaPeer -------------------------------------------------------------------

  /** @internal */
  async createWebRtcTransport(peerId: string, direction: 'send' | 'recv'): Promise<types.WebRtcTransport> {
    const { slot, router } = await this.#place();
    this.#assertOpen();
    const { enableUdp, enableTcp, initialOutgoingBitrate, maxIncomingBitrate } = this.#settings;
    const transport = await router.createWebRtcTransport({
      webRtcServer: slot.webRtcServer,
      enableUdp,
      enableTcp,
      preferUdp: true,
      initialAvailableOutgoingBitrate: initialOutgoingBitrate,
      appData: { peerId, direction },
    });
    if (direction === 'send') await transport.setMaxIncomingBitrate(maxIncomingBitrate);
    return transport;
  }

  /** @internal */
  async canConsume(producerId: string, rtpCapabilities: types.RtpCapabilities): Promise<PublishedMedia> {
    const entry = this.#producers.get(producerId);
    if (!entry) throw new MediaRequestError('not_found', 'that media is not published (any more)');
    const { router } = await this.#place();
    if (!router.canConsume({ producerId, rtpCapabilities })) {
      throw new MediaRequestError('invalid', 'this browser cannot decode that media');
    }
    return entry.media;
  }

  /** @internal */
  registerProducer(producer: types.Producer, media: PublishedMedia): void {
    this.#producers.set(producer.id, { producer, media });
    producer.observer.once('close', () => this.#forgetProducer(producer.id));
    producer.observer.on('pause', () => this.#setPaused(producer.id, true));
    producer.observer.on('resume', () => this.#setPaused(producer.id, false));
    this.emit('producerAdded', { ...media });
  }

  // ---- placement ---------------------------------------------------------------------------

  #place(): Promise<{ slot: WorkerSlot; router: types.Router }> {
    this.#assertOpen();
    this.#placement ??= this.#createRouter();
    return this.#placement;
  }

  async #createRouter(): Promise<{ slot: WorkerSlot; router: types.Router }> {
    const slot = this.#pool.leastLoaded();
    slot.routers += 1;
    try {
      const router = await slot.worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { lessonId: this.lessonId } });
      router.on('workerclose', () => this.#onRouterLost(slot));
      this.#log.info({ workerIndex: slot.index, routerId: router.id }, 'lesson router created');
      return { slot, router };
    } catch (error) {
      slot.routers -= 1;
      this.#placement = undefined;
      throw error;
    }
  }

  #releaseRouter(slot: WorkerSlot, router: types.Router): void {
    router.close();
    slot.routers = Math.max(0, slot.routers - 1);
  }

  #onRouterLost(slot: WorkerSlot): void {
    if (this.#closed) return;
    slot.routers = Math.max(0, slot.routers - 1);
    this.#placement = undefined;
    this.#producers.clear();
    for (const peer of this.#peers.values()) peer.forgetMedia();
    this.#log.warn({ workerIndex: slot.index }, 'lesson router lost with its worker; clients will reconnect media');
    this.emit('reset', 'media server restarted');
  }

  #forgetProducer(producerId: string): void {
    if (this.#producers.delete(producerId)) this.emit('producerClosed', producerId);
  }

  #setPaused(producerId: string, paused: boolean): void {
    const entry = this.#producers.get(producerId);
    if (!entry || entry.media.paused === paused) return;
    entry.media.paused = paused;
    this.emit('producerPaused', producerId, paused);
  }

  #assertOpen(): void {
    if (this.#closed) throw new MediaRequestError('not_found', 'the lesson media is closed');
  }
}
