import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { ROUTER_MEDIA_CODECS } from './codecs.ts';
import type { MediaLogger } from './logger.ts';
import { MediaRequestError } from './errors.ts';
import { MediaPeer } from './MediaPeer.ts';
import type { PeerLesson } from './PeerLesson.ts';
import { DEFAULT_STARVATION } from './StarvationGuard.ts';
import type { ParkLimits, PlainTransportRequest, PublishedMedia, TransportSettings } from './types.ts';
import type { WorkerPool, WorkerSlot } from './WorkerPool.ts';

// ~150 classrooms (audio + video) at 1.2 Mbit/s: about 70 % of a core here (bench:fanout), leaving
// headroom for key frame bursts; past ~80 % the p99 forwarding delay climbs fast.
export const DEFAULT_CONSUMERS_PER_ROUTER = 300;
// 0 by default: a deferred request delays a weak link's switch to a lower layer (see README).
export const DEFAULT_KEY_FRAME_REQUEST_DELAY_MS = 0;

/** A router of the lesson and what it carries. The first one (home) receives every producer. */
interface Placed {
  slot: WorkerSlot;
  router: types.Router;
  consumers: number;
  receivers: number;
  /** Edge routers: the lesson's producers piped here, by producer id. */
  piped: Map<string, Promise<void>>;
}

interface LessonMediaEvents {
  producerAdded: [media: PublishedMedia];
  producerClosed: [producerId: string];
  producerPaused: [producerId: string, paused: boolean];
  /** The router was lost with its worker: every client must create its transports again. */
  reset: [reason: string];
}

/**
 * The media of one lesson: its router, the peers (one per connected client that sends or
 * receives media) and the producers they publish. Peers ask the lesson for transports and for
 * producers to consume (PeerLesson); they never touch the router themselves.
 */
export class LessonMedia extends EventEmitter<LessonMediaEvents> {
  readonly lessonId: string;
  readonly #pool: WorkerPool;
  readonly #log: MediaLogger;
  readonly #settings: TransportSettings;
  readonly #peers = new Map<string, MediaPeer>();
  /** Peers whose client lost its signalling connection (see parkPeer), each with its release. */
  readonly #parked = new Map<string, () => void>();
  readonly #producers = new Map<string, { producer: types.Producer; media: PublishedMedia }>();
  #placement: Promise<Placed> | undefined;
  #home: Placed | undefined;
  readonly #edges: Placed[] = [];
  #growing: Promise<Placed> | undefined;
  /** What the peers of this lesson may ask of it. */
  readonly #forPeers: PeerLesson;
  #closed = false;

  constructor(lessonId: string, pool: WorkerPool, settings: TransportSettings, log: MediaLogger) {
    super();
    this.lessonId = lessonId;
    this.#pool = pool;
    this.#settings = settings;
    this.#log = log.child({ lessonId });
    this.#forPeers = this.#peerLesson();
  }

  get closed(): boolean {
    return this.#closed;
  }

  async rtpCapabilities(): Promise<types.RtpCapabilities> {
    return (await this.#place()).router.rtpCapabilities;
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
   * Keeps a peer's media flowing while its client's signalling is away: on a saturated school
   * link the WebSocket can time out while sound still arrives, for as long as the link stays that
   * bad. Kept while its media link works, at most `limits.maxMs`, unless `resumePeer` takes it
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
    // A link that never came up carries nothing to keep: it gets the same short wait as a lost one.
    if (peer.mediaAlive !== true) follow(false);
    this.#parked.set(peerId, () => {
      clearTimeout(limit);
      clearTimeout(lost);
      peer.off('mediaAliveChanged', follow);
    });
  }

  /**
   * A parked peer back in service for its client's new connection (`peerId` from then on), if it
   * is still kept and publishes as `publisherId`; undefined otherwise.
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

  counts(): { peers: number; producers: number; routers: number } {
    return { peers: this.#peers.size, producers: this.#producers.size, routers: (this.#placement ? 1 : 0) + this.#edges.length };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const release of this.#parked.values()) release();
    this.#parked.clear();
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#producers.clear();
    void this.#placement?.then(({ slot, router }) => this.#releaseRouter(slot, router), () => undefined);
    this.#placement = undefined;
    this.#home = undefined;
    for (const edge of this.#edges.splice(0)) this.#releaseRouter(edge.slot, edge.router);
    this.removeAllListeners();
  }

  // ---- asked by MediaPeer ------------------------------------------------------------------

  /** What a peer may ask of the lesson: transports on the right router, producers to consume. */
  #peerLesson(): PeerLesson {
    const settings = this.#settings;
    return {
      get starvation() { return settings.starvation ?? DEFAULT_STARVATION; },
      get keyFrameRequestDelayMs() { return settings.keyFrameRequestDelayMs ?? DEFAULT_KEY_FRAME_REQUEST_DELAY_MS; },
      createWebRtcTransport: (peerId, direction) => this.#createWebRtcTransport(peerId, direction),
      createPlainTransport: (peerId, request) => this.#createPlainTransport(peerId, request),
      mediaToConsume: async (producerId, rtpCapabilities, routerId) => {
        const media = await this.#canConsume(producerId, rtpCapabilities);
        await this.#reachable(routerId, producerId);
        return media;
      },
      registerProducer: (producer, media) => this.#registerProducer(producer, media),
    };
  }

  async #createWebRtcTransport(peerId: string, direction: 'send' | 'recv'): Promise<types.WebRtcTransport> {
    const { slot, router } = direction === 'send' ? await this.#place() : await this.#routerForReceiver();
    this.#assertOpen();
    const { enableUdp, enableTcp, initialOutgoingBitrate, maxIncomingBitrate } = this.#settings;
    const transport = await router.createWebRtcTransport({
      webRtcServer: slot.webRtcServer,
      enableUdp,
      enableTcp,
      preferUdp: true,
      initialAvailableOutgoingBitrate: initialOutgoingBitrate,
      appData: { peerId, direction, routerId: router.id },
    });
    if (direction === 'send') await transport.setMaxIncomingBitrate(maxIncomingBitrate);
    return transport;
  }

  async #createPlainTransport(peerId: string, { direction, destination, srtp }: PlainTransportRequest): Promise<types.PlainTransport> {
    const plain = this.#settings.plainRtp;
    if (!plain) throw new MediaRequestError('invalid', 'plain RTP is not enabled on this server');
    const { router } = direction === 'send' ? await this.#place() : await this.#routerForReceiver();
    this.#assertOpen();
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: plain.listenIp, announcedAddress: plain.announcedAddress },
      rtcpMux: true,
      // A sender is learnt from its first packet (an encoder behind NAT cannot say its port).
      comedia: direction === 'send',
      enableSrtp: srtp !== undefined,
      srtpCryptoSuite: srtp?.cryptoSuite,
      appData: { peerId, direction, routerId: router.id },
    });
    try {
      if (direction === 'recv' || srtp) {
        await transport.connect({ ip: destination?.ip, port: destination?.port, srtpParameters: srtp });
      }
    } catch (error) {
      transport.close();
      throw new MediaRequestError('invalid', `cannot use that plain transport: ${(error as Error).message}`);
    }
    return transport;
  }

  async #canConsume(producerId: string, rtpCapabilities: types.RtpCapabilities): Promise<PublishedMedia> {
    const entry = this.#producers.get(producerId);
    if (!entry) throw new MediaRequestError('not_found', 'that media is not published (any more)');
    const { router } = await this.#place();
    if (!router.canConsume({ producerId, rtpCapabilities })) {
      throw new MediaRequestError('invalid', 'this browser cannot decode that media');
    }
    return entry.media;
  }

  /**
   * Makes sure a producer is present on the router of a receiving transport: on an edge router
   * it arrives through a pipe transport (started when it was published).
   */
  async #reachable(routerId: string, producerId: string): Promise<void> {
    const edge = this.#edges.find((e) => e.router.id === routerId);
    if (edge) await this.#pipe(edge, producerId);
  }

  #registerProducer(producer: types.Producer, media: PublishedMedia): void {
    for (const edge of this.#edges) void this.#pipe(edge, producer.id).catch(() => undefined);
    this.#producers.set(producer.id, { producer, media });
    producer.observer.once('close', () => this.#forgetProducer(producer.id));
    producer.observer.on('pause', () => this.#setPaused(producer.id, true));
    producer.observer.on('resume', () => this.#setPaused(producer.id, false));
    this.emit('producerAdded', { ...media });
  }

  // ---- placement ---------------------------------------------------------------------------

  #place(): Promise<Placed> {
    this.#assertOpen();
    this.#placement ??= this.#createRouter().then((home) => {
      this.#home = home;
      return home;
    }, (error: unknown) => {
      this.#placement = undefined;
      throw error;
    });
    return this.#placement;
  }

  /**
   * Where a new receiver goes: the home router until it carries consumersPerRouter consumers,
   * then an edge router on another worker (one per worker), then the least busy one.
   */
  async #routerForReceiver(): Promise<Placed> {
    const home = await this.#place();
    const limit = this.#settings.consumersPerRouter ?? DEFAULT_CONSUMERS_PER_ROUTER;
    const all = [home, ...this.#edges];
    const roomy = all.find((p) => p.consumers < limit);
    if (roomy) return roomy;
    const used = new Set(all.map((p) => p.slot.index));
    if (used.size < this.#pool.slots().filter((s) => !s.worker.closed).length) {
      this.#growing ??= this.#addEdge(used).finally(() => { this.#growing = undefined; });
      return this.#growing;
    }
    return all.reduce((a, b) => (b.consumers < a.consumers ? b : a));
  }

  async #addEdge(used: ReadonlySet<number>): Promise<Placed> {
    const edge = await this.#createRouter(used);
    if (this.#closed) {
      this.#releaseRouter(edge.slot, edge.router);
      throw new MediaRequestError('not_found', 'the lesson media is closed');
    }
    this.#edges.push(edge);
    for (const producerId of this.#producers.keys()) void this.#pipe(edge, producerId).catch(() => undefined);
    this.#log.info({ workerIndex: edge.slot.index, routerId: edge.router.id, edges: this.#edges.length }, 'lesson grew to another worker');
    return edge;
  }

  /** Pipes a producer from the home router to an edge router once; later calls share it. */
  #pipe(edge: Placed, producerId: string): Promise<void> {
    let piping = edge.piped.get(producerId);
    if (!piping) {
      piping = this.#place().then(async (home) => {
        await home.router.pipeToRouter({ producerId, router: edge.router });
      });
      piping.catch(() => edge.piped.delete(producerId));
      edge.piped.set(producerId, piping);
    }
    return piping;
  }

  async #createRouter(exclude?: ReadonlySet<number>): Promise<Placed> {
    const slot = this.#pool.leastLoaded(exclude);
    slot.routers += 1;
    try {
      const router = await slot.worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { lessonId: this.lessonId } });
      router.on('workerclose', () => this.#onRouterLost(slot));
      const placed: Placed = { slot, router, consumers: 0, receivers: 0, piped: new Map() };
      this.#count(placed);
      this.#log.info({ workerIndex: slot.index, routerId: router.id }, 'lesson router created');
      return placed;
    } catch (error) {
      slot.routers -= 1;
      throw error;
    }
  }

  /** Keeps a router's load current from mediasoup's observer events (no polling). */
  #count(placed: Placed): void {
    placed.router.observer.on('newtransport', (transport) => {
      if (transport.type !== 'webrtc' && transport.type !== 'plain') return;
      placed.receivers += 1;
      transport.observer.once('close', () => {
        placed.receivers -= 1;
        if (placed.receivers === 0) this.#closeIfIdleEdge(placed);
      });
      transport.observer.on('newconsumer', (consumer) => {
        placed.consumers += 1;
        consumer.observer.once('close', () => { placed.consumers -= 1; });
      });
    });
  }

  /** An edge router nobody receives from any more is closed (its pipe transports with it). */
  #closeIfIdleEdge(placed: Placed): void {
    const index = this.#edges.indexOf(placed);
    // A router that closed (its worker died) took its transports with it: #onRouterLost handles it.
    if (index === -1 || this.#closed || placed.router.closed) return;
    this.#edges.splice(index, 1);
    this.#releaseRouter(placed.slot, placed.router);
    this.#log.info({ workerIndex: placed.slot.index, routerId: placed.router.id }, 'idle edge router closed');
  }

  #releaseRouter(slot: WorkerSlot, router: types.Router): void {
    router.close();
    slot.routers = Math.max(0, slot.routers - 1);
  }

  #onRouterLost(slot: WorkerSlot): void {
    if (this.#closed) return;
    if (this.#home && this.#home.slot !== slot) {
      this.#loseEdgesOn(slot);
      return;
    }
    // The home router held every producer: every client of the lesson rebuilds its media.
    for (const placed of [this.#home, ...this.#edges.splice(0)]) {
      if (!placed) continue;
      if (placed.slot === slot) slot.routers = Math.max(0, slot.routers - 1); // closed with its worker
      else this.#releaseRouter(placed.slot, placed.router);
    }
    this.#home = undefined;
    this.#placement = undefined;
    this.#producers.clear();
    for (const peer of this.#peers.values()) peer.forgetMedia();
    this.#log.warn({ workerIndex: slot.index }, 'lesson router lost with its worker; clients will reconnect media');
    this.emit('reset', 'media server restarted');
  }

  /**
   * An edge router died with its worker: the teacher and the classrooms on other routers are not
   * touched; only the classrooms that received there are told to receive anew (their pipe
   * transports on the home router closed with the edge's).
   */
  #loseEdgesOn(slot: WorkerSlot): void {
    const lost = this.#edges.filter((edge) => edge.slot === slot);
    if (lost.length === 0) return;
    for (const edge of lost) this.#edges.splice(this.#edges.indexOf(edge), 1);
    slot.routers = Math.max(0, slot.routers - lost.length);
    const routerIds = new Set(lost.map((edge) => edge.router.id));
    const affected = [...this.#peers.values()].filter((peer) => peer.receivedOn(routerIds));
    for (const peer of affected) peer.loseReceiving('media server restarted');
    this.#log.warn({ workerIndex: slot.index, classrooms: affected.length }, 'edge router lost with its worker; its classrooms receive anew');
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
