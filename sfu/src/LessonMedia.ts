import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { MediaRequestError } from './errors.ts';
import { LessonProducers, type RemoteProducer, type RemoteSource } from './LessonProducers.ts';
import { DEFAULT_CONSUMERS_PER_ROUTER, LessonTopology } from './LessonTopology.ts';
import type { MediaLogger } from './logger.ts';
import { MediaPeer } from './MediaPeer.ts';
import type { PeerLesson } from './PeerLesson.ts';
import { RecordingTap, type TapTarget } from './RecordingTap.ts';
import { SenderLayers } from './SenderLayers.ts';
import { DEFAULT_STARVATION } from './StarvationGuard.ts';
import { createPlainTransport, createWebRtcTransport } from './transports.ts';
import type { ParkLimits, PublishedMedia, TransportSettings } from './types.ts';
import type { WorkerPool } from './WorkerPool.ts';

// 0 by default: a deferred request delays a weak link's switch to a lower layer (see README).
export const DEFAULT_KEY_FRAME_REQUEST_DELAY_MS = 0;

interface LessonMediaEvents {
  producerAdded: [media: PublishedMedia];
  producerClosed: [producerId: string, media: PublishedMedia];
  producerPaused: [producerId: string, paused: boolean, media: PublishedMedia];
  /** The router was lost with its worker: every client must create its transports again. */
  reset: [reason: string];
}

/**
 * The media of one lesson: the peers (one per connected client that sends or receives media),
 * its producers (LessonProducers) and its routers (LessonTopology). On an edge node of the
 * cascade, `remote` brings the origin's producers in when a local peer first consumes one. Peers ask the lesson for
 * transports and for producers to consume (PeerLesson); they never touch a router themselves.
 */
export class LessonMedia extends EventEmitter<LessonMediaEvents> {
  readonly lessonId: string;
  readonly #log: MediaLogger;
  readonly #settings: TransportSettings;
  readonly #peers = new Map<string, MediaPeer>();
  /** Peers whose client lost its signalling connection (see parkPeer), each with its release. */
  readonly #parked = new Map<string, () => void>();
  readonly #producers: LessonProducers;
  /** Which layers the senders of the lesson's cameras and slides still send (see SenderLayers). */
  readonly #senderLayers = new SenderLayers();
  readonly #topology: LessonTopology;
  /** What the peers of this lesson may ask of it. */
  readonly #forPeers: PeerLesson;
  #closed = false;

  constructor(lessonId: string, pool: WorkerPool, settings: TransportSettings, log: MediaLogger, remote?: RemoteSource) {
    super();
    this.lessonId = lessonId;
    this.#settings = settings;
    this.#log = log.child({ lessonId });
    this.#producers = new LessonProducers({
      remote, homeRouter: () => this.homeRouter(), isClosed: () => this.#closed,
      added: (producer, media) => this.#senderLayers.watch(producer, media),
      announce: {
        added: (media) => this.emit('producerAdded', media),
        closed: (producerId, media) => this.emit('producerClosed', producerId, media),
        paused: (producerId, paused, media) => this.emit('producerPaused', producerId, paused, media),
      },
    });
    this.#topology = new LessonTopology({
      lessonId, pool, log: this.#log,
      consumersPerRouter: settings.consumersPerRouter ?? DEFAULT_CONSUMERS_PER_ROUTER,
      producerIds: () => this.#producers.ids(),
    });
    this.#topology.on('edgesLost', (routerIds) => this.#loseReceiversOn(routerIds));
    this.#topology.on('homeLost', () => this.#reset());
    this.#forPeers = this.#peerLesson();
    this.#senderLayers.on('change', (producerId) => {
      for (const peer of this.#peers.values()) {
        void peer.senderLayersChanged(producerId).catch((error: unknown) => this.#log.warn({ err: error, producerId }, 'following the sender\'s layers failed'));
      }
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  rtpCapabilities(): Promise<types.RtpCapabilities> {
    return this.#topology.rtpCapabilities();
  }

  /** The peer for a client (created on first use). */
  peer(peerId: string, publisherId: string): MediaPeer {
    this.#assertOpen();
    let peer = this.#peers.get(peerId);
    // A connection id names one client's media: another publisher never gets it.
    if (peer && peer.publisherId !== publisherId) throw new MediaRequestError('conflict', 'this media belongs to another client');
    if (!peer) {
      peer = new MediaPeer(peerId, publisherId, this.#forPeers, this.#log.child({ peerId }));
      this.#peers.set(peerId, peer);
    }
    return peer;
  }

  /** Closes a client's transports, producers and consumers (it left or was removed). */
  closePeer(peerId: string): void {
    this.#unpark(peerId);
    const peer = this.#peers.get(peerId);
    if (!peer) return;
    this.#peers.delete(peerId);
    peer.close();
  }

  /**
   * Parks a peer: its media flows on while its client's signalling is away. On a saturated school
   * link the WebSocket can time out while sound still arrives, for as long as the link stays that
   * bad. Parked while its media link works, at most `limits.maxMs`, unless `resumePeer` takes it
   * back first; closed `limits.linkLostMs` after its last link stopped carrying media (the
   * browser is gone: closed by a crash or power cut, or its network is).
   */
  parkPeer(peerId: string, limits: ParkLimits, onClosed?: () => void): void {
    const peer = this.#peers.get(peerId);
    if (!peer || this.#parked.has(peerId)) return;
    this.#log.info({ peerId, maxMs: limits.maxMs }, 'signalling lost: media kept for a reconnect');
    const close = (why: string): void => {
      this.#log.info({ peerId }, `${why}: media closed`);
      this.closePeer(peerId);
      onClosed?.();
    };
    const limit = setTimeout(() => close('no reconnect in time'), limits.maxMs).unref();
    let lost: ReturnType<typeof setTimeout> | undefined;
    const follow = (alive: boolean): void => {
      clearTimeout(lost);
      lost = alive ? undefined : setTimeout(() => close('media link lost'), limits.linkLostMs).unref();
    };
    peer.on('mediaAliveChanged', follow);
    // A link that never came up carries nothing worth parking: it gets the same short wait as a lost one.
    if (peer.mediaAlive !== true) follow(false);
    this.#parked.set(peerId, () => {
      clearTimeout(limit);
      clearTimeout(lost);
      peer.off('mediaAliveChanged', follow);
    });
  }

  /**
   * A parked peer back in service for its client's new connection (`peerId` from then on), if it
   * is still parked and publishes as `publisherId`; undefined otherwise.
   */
  resumePeer(parkedId: string, peerId: string, publisherId: string): MediaPeer | undefined {
    const peer = this.#peers.get(parkedId);
    if (!peer || peer.publisherId !== publisherId || !this.#unpark(parkedId)) return undefined;
    this.#peers.delete(parkedId);
    this.#peers.set(peerId, peer);
    this.#log.info({ peerId, parkedId }, 'signalling back: media resumed');
    return peer;
  }

  /** Closes the parked peers of a publisher (its client came back as a new connection). */
  closeParkedOf(publisherId: string): void {
    for (const peerId of [...this.#parked.keys()]) {
      if (this.#peers.get(peerId)?.publisherId === publisherId) this.closePeer(peerId);
    }
  }

  get parkedCount(): number {
    return this.#parked.size;
  }

  /** Closes every parked peer (the lesson ended, or its links were revoked: nobody may come back). */
  closeAllParked(): void {
    for (const peerId of [...this.#parked.keys()]) this.closePeer(peerId);
  }

  #unpark(peerId: string): boolean {
    const release = this.#parked.get(peerId);
    if (!release) return false;
    release();
    this.#parked.delete(peerId);
    return true;
  }

  /** The connected clients publishing (or able to publish) as `publisherId`. */
  peersOf(publisherId: string): MediaPeer[] {
    return [...this.#peers.values()].filter((peer) => peer.publisherId === publisherId);
  }

  /**
   * Pauses or resumes, server-side, a publisher's producers with this label (e.g. a classroom's
   * microphone muted by its assistant): nobody receives them while paused, whatever the client sends.
   */
  setPausedOf(publisherId: string, label: string, paused: boolean): Promise<void> {
    return this.#producers.setPausedOf(publisherId, label, paused);
  }

  /** What the lesson's clients are told of: published or adopted here, not pulled from an origin. */
  published(): PublishedMedia[] {
    return this.#producers.published();
  }

  /**
   * Closes every producer of a publisher (only those with one of `labels`, if given), server-side:
   * its media stops reaching anyone at once.
   */
  closeProducersOf(publisherId: string, labels?: readonly string[]): number {
    return this.#producers.closeProducersOf(publisherId, labels);
  }

  /**
   * Cascade: a producer published on another node (a classroom on stage there), received here
   * as a stand-in. It is published to the lesson like a local one; pausing or closing it here
   * also acts on the real producer through `remote`.
   */
  adopt(producer: types.Producer, media: PublishedMedia, remote: RemoteProducer): void {
    this.#assertOpen();
    if (this.#producers.has(producer.id)) return;
    this.#registerProducer(producer, { ...media, paused: producer.paused }, remote);
  }

  /** Cascade: a producer published or adopted here (what another node may pull), by id. */
  source(producerId: string): { producer: types.Producer; media: PublishedMedia } | undefined {
    return this.#producers.source(producerId);
  }

  /** Cascade: the router every producer of the lesson is on, where pipes to other nodes end. */
  async homeRouter(): Promise<types.Router> {
    return (await this.#topology.routerToSend()).router;
  }

  /**
   * Edge node: the origin stopped feeding this lesson (it left, or moved the lesson). Its
   * stand-ins close (local consumers hear `producerclose`) and every client must set up anew.
   */
  originLost(reason: string): void {
    if (this.#closed) return;
    this.#producers.dropPulled();
    this.emit('reset', reason);
  }

  /**
   * A copy of a producer of the lesson as plain RTP to a local recorder (see RecordingTap), on
   * the home router where every producer is. The caller owns it; it closes with its producer.
   */
  async tap(producerId: string, listenIp: string, target: TapTarget): Promise<RecordingTap> {
    this.#assertOpen();
    if (!this.#producers.has(producerId)) throw new MediaRequestError('not_found', 'that media is not published (any more)');
    const tap = await RecordingTap.create(await this.homeRouter(), producerId, listenIp, target, this.#senderLayers.of(producerId));
    // Closed meanwhile: the router went with it, or nobody would close this tap.
    if (this.#closed) tap.close();
    return tap;
  }

  counts(): { peers: number; producers: number; routers: number } {
    return { peers: this.#peers.size, producers: this.#producers.size, routers: this.#topology.routerCount };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const release of this.#parked.values()) release();
    this.#parked.clear();
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#producers.clear();
    this.#senderLayers.clear();
    this.#topology.close();
    this.removeAllListeners();
  }

  /** What a peer may ask of the lesson: transports on the right router, producers to consume. */
  #peerLesson(): PeerLesson {
    const settings = this.#settings;
    const routerFor = (direction: 'send' | 'recv') => direction === 'send' ? this.#topology.routerToSend() : this.#topology.routerToReceive();
    return {
      get starvation() { return settings.starvation ?? DEFAULT_STARVATION; },
      get keyFrameRequestDelayMs() { return settings.keyFrameRequestDelayMs ?? DEFAULT_KEY_FRAME_REQUEST_DELAY_MS; },
      senderCap: (producerId) => this.#senderLayers.cap(producerId),
      createWebRtcTransport: async (peerId, direction) => {
        const at = await routerFor(direction);
        this.#assertOpen();
        return createWebRtcTransport(at, settings, peerId, direction);
      },
      createPlainTransport: async (peerId, request) => {
        const plain = settings.plainRtp;
        if (!plain) throw new MediaRequestError('invalid', 'plain RTP is not enabled on this server');
        const at = await routerFor(request.direction);
        this.#assertOpen();
        return createPlainTransport(at, plain, peerId, request);
      },
      mediaToConsume: async (producerId, rtpCapabilities, routerId) => {
        const media = await this.#producers.toConsume(producerId);
        if (!await this.#topology.canConsume(producerId, rtpCapabilities)) {
          throw new MediaRequestError('invalid', 'this browser cannot decode that media');
        }
        await this.#topology.makeAvailable(producerId, routerId);
        return media;
      },
      registerProducer: (producer, media) => this.#registerProducer(producer, media),
    };
  }

  #registerProducer(producer: types.Producer, media: PublishedMedia, remote?: RemoteProducer): void {
    this.#topology.spread(producer.id);
    this.#producers.register(producer, media, remote);
  }

  /** The home router held every producer: every client of the lesson rebuilds its media. */
  #reset(): void {
    this.#producers.clear();
    for (const peer of this.#peers.values()) peer.forgetMedia();
    this.emit('reset', 'media server restarted');
  }

  /**
   * Edge routers died with their worker: the teacher and the classrooms on other routers are not
   * touched; only the classrooms that received there are told to receive anew.
   */
  #loseReceiversOn(routerIds: ReadonlySet<string>): void {
    const affected = [...this.#peers.values()].filter((peer) => peer.receivedOn(routerIds));
    for (const peer of affected) peer.loseReceiving('media server restarted');
    this.#log.info({ classrooms: affected.length }, 'the classrooms on a lost edge router receive anew');
  }

  #assertOpen(): void {
    if (this.#closed) throw new MediaRequestError('not_found', 'the lesson media is closed');
  }
}
