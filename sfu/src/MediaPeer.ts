import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { CONSUMER_PRIORITY } from './codecs.ts';
import { MediaRequestError } from './errors.ts';
import type { MediaLogger } from './logger.ts';
import type { PeerLesson } from './PeerLesson.ts';
import { StarvationGuard } from './StarvationGuard.ts';
import type { PlainTransportRequest, PublishedMedia } from './types.ts';

/** How a client's media link looks from the server, from ICE and DTLS states. */
export type LinkState = 'none' | 'connecting' | 'connected' | 'unstable' | 'failed';

type PeerTransport = types.WebRtcTransport | types.PlainTransport;

/** Bounds on what one client may allocate in the worker (a browser needs 1 send + 1 recv). */
export const PEER_LIMITS = { transports: 4, producers: 3, consumers: 32 } as const;

interface MediaPeerEvents {
  consumerClosed: [consumerId: string, producerId: string];
  /** State of the peer's receiving link (what a projector shows). */
  linkStateChanged: [state: LinkState];
  /** The simulcast layer of a camera this client receives (null: none fits its link). */
  cameraLayerChanged: [consumerId: string, spatialLayer: number | null];
  /** The link became too weak for video (sound only) or recovered. */
  starvedChanged: [starved: boolean];
  /** mediasoup's score (0–10) of what this client receives: the lowest over its consumers. */
  scoreChanged: [score: number | null];
  /** The router this client received from was lost with its worker: it must receive anew. */
  receivingLost: [reason: string];
  /** Some media link of the client works again (true), or none does any more (false). */
  mediaAliveChanged: [alive: boolean];
}

/**
 * Asked before a consumer is made: throws to refuse (who may receive what is the caller's rule),
 * or answers the simulcast layer to start at (else the data saver's cap for a camera).
 */
export type ConsumeAdmission = (media: PublishedMedia, via: 'webrtc' | 'plain') => { spatialLayer?: number } | void;

export interface ProduceInput {
  transportId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
  label: string;
}

/**
 * The mediasoup objects of one connected client. It owns its transports; closing it closes
 * them (and with them its producers and consumers).
 */
export class MediaPeer extends EventEmitter<MediaPeerEvents> {
  readonly id: string;
  readonly publisherId: string;
  readonly #lesson: PeerLesson;
  readonly #log: MediaLogger;
  readonly #transports = new Map<string, PeerTransport>();
  readonly #producers = new Map<string, types.Producer>();
  readonly #consumers = new Map<string, types.Consumer>();
  /** Consumers the client has asked to resume (they start paused until it is ready). */
  readonly #resumeWanted = new Set<string>();
  #recvTransport: PeerTransport | undefined;
  /** Router of the latest receiving transport, kept after it closed (to tell why it did). */
  #recvRouterId: string | undefined;
  /** Audio-only by the assistant's switch: video consumers stay paused in the worker. */
  #videoHeld = false;
  /** Audio-only because the link carries no camera layer (see StarvationGuard). */
  #starved = false;
  #guard: StarvationGuard | undefined;
  /** The layer the worker forwards of each simulcast video this client receives (null: none). */
  readonly #layers = new Map<string, number | null>();
  /** The layer this client wants of each consumer (undefined: the best), before its sender's hold (#prefer). */
  readonly #wantedLayers = new Map<string, number | undefined>();
  /** Data saver: the highest simulcast layer of a camera this client receives. */
  #maxCameraLayer = 2;
  #linkState: LinkState = 'none';
  /** Whether any of its links carries media; null until one first did (nothing to judge yet). */
  #mediaAlive: boolean | null = null;
  #closed = false;

  constructor(id: string, publisherId: string, lesson: PeerLesson, log: MediaLogger) {
    super();
    this.id = id;
    this.publisherId = publisherId;
    this.#lesson = lesson;
    this.#log = log;
  }

  get linkState(): LinkState {
    return this.#linkState;
  }

  /**
   * Whether media still reaches (or comes from) the client: a WebRTC link whose ICE and DTLS are
   * up (mediasoup's ICE consent check notices a browser gone for 30 s), or a plain RTP link.
   * Null while no link has connected yet.
   */
  get mediaAlive(): boolean | null {
    return this.#mediaAlive;
  }

  async createTransport(direction: 'send' | 'recv'): Promise<types.WebRtcTransport> {
    this.#assertMayAddTransport();
    const transport = await this.#lesson.createWebRtcTransport(this.id, direction);
    this.#adopt(transport, direction);
    const update = (): void => {
      if (direction === 'recv') this.#setLinkState(linkStateOf(transport));
      this.#updateMediaAlive();
    };
    transport.on('icestatechange', update);
    transport.on('dtlsstatechange', update);
    return transport;
  }

  /** A plain RTP transport (an encoder or a decoder without WebRTC); linked as soon as made. */
  async createPlainTransport(request: PlainTransportRequest): Promise<types.PlainTransport> {
    this.#assertMayAddTransport();
    const transport = await this.#lesson.createPlainTransport(this.id, request);
    this.#adopt(transport, request.direction);
    if (request.direction === 'recv') this.#setLinkState('connected');
    this.#updateMediaAlive();
    return transport;
  }

  #assertMayAddTransport(): void {
    this.#assertOpen();
    if (this.#transports.size >= PEER_LIMITS.transports) {
      throw new MediaRequestError('limit_reached', `at most ${PEER_LIMITS.transports} transports per client`);
    }
  }

  #adopt(transport: PeerTransport, direction: 'send' | 'recv'): void {
    if (this.#closed) {
      transport.close();
      throw new MediaRequestError('not_found', 'the client left');
    }
    this.#transports.set(transport.id, transport);
    (transport as types.Transport).observer.once('close', () => {
      this.#transports.delete(transport.id);
      if (this.#recvTransport === transport) {
        this.#recvTransport = undefined;
        this.#setLinkState('none');
      }
      this.#updateMediaAlive();
    });
    if (direction === 'recv') {
      // A client keeps one receiving link: a new one (ICE could not be restarted) replaces it.
      this.#recvTransport?.close();
      this.#recvTransport = transport;
      this.#recvRouterId = transport.appData.routerId as string;
      this.#setLinkState('connecting');
    }
    this.#log.debug({ transportId: transport.id, type: transport.type, direction }, 'transport created');
  }

  async connectTransport(transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    await this.#webRtcTransport(transportId).connect({ dtlsParameters });
  }

  async restartIce(transportId: string): Promise<types.IceParameters> {
    return this.#webRtcTransport(transportId).restartIce();
  }

  async produce({ transportId, kind, rtpParameters, label }: ProduceInput): Promise<types.Producer> {
    const transport = this.#transport(transportId);
    if (transport.appData.direction !== 'send') throw new MediaRequestError('invalid', 'that transport does not send');
    if (this.#producers.size >= PEER_LIMITS.producers) {
      throw new MediaRequestError('limit_reached', `at most ${PEER_LIMITS.producers} media sources per client`);
    }
    for (const existing of this.#producers.values()) {
      if (existing.appData.label === label) throw new MediaRequestError('conflict', `${label} is already being sent`);
    }
    const producer = await transport.produce({
      kind, rtpParameters, appData: { label },
      // Classrooms joining together ask for key frames together: one per delay reaches the sender.
      ...(kind === 'video' ? { keyFrameRequestDelay: this.#lesson.keyFrameRequestDelayMs } : {}),
    });
    if (this.#closed) {
      producer.close();
      throw new MediaRequestError('not_found', 'the client left');
    }
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => this.#producers.delete(producer.id));
    this.#lesson.registerProducer(producer, {
      producerId: producer.id, kind, label, publisherId: this.publisherId, paused: producer.paused,
    });
    return producer;
  }

  /** Only the peer's own producers: a client can never act on someone else's media. */
  ownProducer(producerId: string): types.Producer {
    const producer = this.#producers.get(producerId);
    if (!producer) throw new MediaRequestError('not_found', 'no such media of yours');
    return producer;
  }

  async consume(
    producerId: string, rtpCapabilities: types.RtpCapabilities, admit?: ConsumeAdmission,
  ): Promise<{ consumer: types.Consumer; label: string; publisherId: string }> {
    const transport = this.#recvTransport;
    if (!transport) throw new MediaRequestError('invalid', 'create a receiving transport first');
    for (const existing of this.#consumers.values()) {
      if (existing.producerId === producerId) throw new MediaRequestError('conflict', 'already receiving that media');
    }
    if (this.#consumers.size >= PEER_LIMITS.consumers) {
      throw new MediaRequestError('limit_reached', `at most ${PEER_LIMITS.consumers} media per client`);
    }
    const media = await this.#lesson.mediaToConsume(producerId, rtpCapabilities, transport.appData.routerId as string);
    // A classroom on stage never gets its own microphone back through its speakers.
    if (media.publisherId === this.publisherId) throw new MediaRequestError('conflict', 'that is your own media');
    const terms = admit?.(media, transport.type === 'webrtc' ? 'webrtc' : 'plain');
    const wanted = terms?.spatialLayer ?? (media.label === 'camera' ? this.#maxCameraLayer : undefined);
    const spatialLayer = heldLayer(wanted, this.#lesson.senderCap(producerId));
    // Paused until the client has its consumer ready: no packets (and no key frame) are lost.
    const consumer = await transport.consume({
      producerId, rtpCapabilities, paused: true, appData: { label: media.label },
      ...(spatialLayer !== undefined ? { preferredLayers: { spatialLayer } } : {}),
    });
    this.#wantedLayers.set(consumer.id, wanted);
    if (this.#closed || transport.closed) {
      consumer.close();
      throw new MediaRequestError('not_found', 'the receiving transport closed');
    }
    this.#consumers.set(consumer.id, consumer);
    const priority = media.kind === 'audio' ? CONSUMER_PRIORITY.audio
      : media.label === 'screen' ? CONSUMER_PRIORITY.screen : CONSUMER_PRIORITY.camera;
    await consumer.setPriority(priority);
    consumer.observer.once('close', () => {
      this.#consumers.delete(consumer.id);
      this.#resumeWanted.delete(consumer.id);
      this.#layers.delete(consumer.id);
      this.#wantedLayers.delete(consumer.id);
      if (consumer.type === 'simulcast') this.#updateGuard();
    });
    // Scores come from the client's RTCP receiver reports; the worker emits only when one changes.
    consumer.on('score', () => this.#updateScore());
    consumer.observer.once('close', () => this.#updateScore());
    consumer.on('producerclose', () => {
      this.#consumers.delete(consumer.id);
      this.emit('consumerClosed', consumer.id, producerId);
    });
    if (consumer.type === 'simulcast') {
      // Emitted by the worker only when the forwarded layer changes: no polling, no per-packet work.
      consumer.on('layerschange', (layers) => {
        this.#log.debug({ consumerId: consumer.id, spatialLayer: layers?.spatialLayer ?? null, score: consumer.score }, 'camera layer changed');
        this.emit('cameraLayerChanged', consumer.id, layers?.spatialLayer ?? null);
        this.#layers.set(consumer.id, layers?.spatialLayer ?? null);
        this.#updateGuard();
      });
      // The worker reports "no layer" before it says the producer paused: the guard then stands down.
      consumer.on('producerpause', () => this.#updateGuard());
      consumer.on('producerresume', () => this.#updateGuard());
    }
    return { consumer, label: media.label, publisherId: media.publisherId };
  }

  /** Closes this client's consumers of these producers; the client is told (consumerClosed). */
  closeConsumersOf(producerIds: ReadonlySet<string>): void {
    for (const consumer of [...this.#consumers.values()]) {
      if (!producerIds.has(consumer.producerId)) continue;
      this.#consumers.delete(consumer.id);
      consumer.close();
      this.emit('consumerClosed', consumer.id, consumer.producerId);
    }
  }

  /** The simulcast layer this client would like of one producer (the worker goes lower when its link needs it). */
  async preferLayer(producerId: string, spatialLayer: number): Promise<void> {
    for (const consumer of [...this.#consumers.values()]) {
      if (consumer.producerId !== producerId || consumer.closed || consumer.type !== 'simulcast') continue;
      await this.#prefer(consumer, spatialLayer);
    }
  }

  /** The layers a producer's sender sends changed (SenderLayers): this client's consumers of it follow. */
  async senderLayersChanged(producerId: string): Promise<void> {
    for (const consumer of [...this.#consumers.values()]) {
      if (consumer.producerId !== producerId || consumer.closed || consumer.type !== 'simulcast') continue;
      await this.#prefer(consumer, this.#wantedLayers.get(consumer.id));
    }
  }

  /** The layer the client wants of a consumer (undefined: the best), held at what its sender still sends. */
  async #prefer(consumer: types.Consumer, wanted: number | undefined): Promise<void> {
    this.#wantedLayers.set(consumer.id, wanted);
    const spatialLayer = heldLayer(wanted, this.#lesson.senderCap(consumer.producerId)) ?? topLayerOf(consumer);
    if (consumer.preferredLayers?.spatialLayer !== spatialLayer) await consumer.setPreferredLayers({ spatialLayer });
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    const consumer = this.#consumers.get(consumerId);
    if (!consumer) throw new MediaRequestError('not_found', 'no such consumer');
    this.#resumeWanted.add(consumer.id);
    if (consumer.kind === 'video' && this.#holdingVideo) return;
    await consumer.resume();
  }

  /** The client's own report of the video it decodes (a projector's quality report). */
  reportDelivery(framesPerSecond: number): void {
    this.#starvationGuard().delivered(framesPerSecond);
  }

  get starved(): boolean {
    return this.#starved;
  }

  get #holdingVideo(): boolean {
    return this.#videoHeld || this.#starved;
  }

  /**
   * Tells the starvation guard whether a camera is wanted and the best layer that flows. A video
   * paused on purpose is not wanted: sound only chosen by the classroom, a camera paused by its
   * sender, one the client has not asked to play. mediasoup reports "no layer" for it, which says
   * nothing of the link. A video paused by the guard itself still is wanted. The teacher's wall
   * tiles are not judged: a projector's uplink, not the teacher's link, decides their layer.
   */
  #updateGuard(): void {
    if (this.#closed) return;
    const wanted = this.#videoHeld ? [] : [...this.#consumers.values()]
      .filter((c) => c.type === 'simulcast' && c.appData.label !== 'wall' && !c.producerPaused && this.#resumeWanted.has(c.id));
    const guard = this.#starvationGuard();
    guard.expectVideo(wanted.length > 0);
    if (wanted.length === 0) return;
    const flowing = wanted.map((c) => this.#layers.get(c.id) ?? null).filter((layer) => layer !== null);
    guard.layer(flowing.length > 0 ? Math.max(...flowing) : null);
  }

  #starvationGuard(): StarvationGuard {
    if (!this.#guard) {
      this.#guard = new StarvationGuard(this.#lesson.starvation);
      this.#guard.on('change', (starved) => {
        this.#starved = starved;
        const why = starved ? 'link too weak for video: sound only'
          : this.#guard?.expectsVideo === false ? 'video paused on purpose: the link is no longer judged' : 'trying video again';
        this.#log.info({ starved }, why);
        void this.#applyVideoHold().catch((error: unknown) => this.#log.warn({ err: error }, 'applying the video hold failed'));
        this.emit('starvedChanged', starved);
      });
      this.#guard.on('trialPassed', () => this.#log.info({}, 'link carries video again'));
    }
    return this.#guard;
  }

  get videoHeld(): boolean {
    return this.#videoHeld;
  }

  /**
   * Caps the camera layers this client receives (the SFU still goes lower when its link needs
   * it, never higher than the cap).
   */
  async capVideo(maxSpatialLayer: number): Promise<void> {
    if (maxSpatialLayer === this.#maxCameraLayer) return;
    this.#maxCameraLayer = maxSpatialLayer;
    for (const consumer of [...this.#consumers.values()]) {
      if (consumer.appData.label !== 'camera' || consumer.closed || consumer.type !== 'simulcast') continue;
      await this.#prefer(consumer, maxSpatialLayer);
    }
  }

  /**
   * Holds (audio-only) or releases every video consumer of this client, present and future. The
   * guard is told first: pausing makes the worker report "no layer" at once.
   */
  async holdVideo(held: boolean): Promise<void> {
    this.#videoHeld = held;
    this.#updateGuard();
    await this.#applyVideoHold();
  }

  async #applyVideoHold(): Promise<void> {
    const held = this.#holdingVideo;
    for (const consumer of [...this.#consumers.values()]) {
      if (consumer.kind !== 'video' || consumer.closed) continue;
      if (held) await consumer.pause();
      // The worker asks the sender for a key frame as it resumes: the picture is back in a round trip.
      else if (this.#resumeWanted.has(consumer.id)) await consumer.resume();
    }
  }

  #score: number | null = null;

  #updateScore(): void {
    const scores = [...this.#consumers.values()].filter((c) => !c.closed).map((c) => c.score.score);
    const score = scores.length ? Math.min(...scores) : null;
    if (score === this.#score) return;
    this.#score = score;
    this.emit('scoreChanged', score);
  }

  /** @internal The client received on one of these routers, which its worker took down. */
  receivedOn(routerIds: ReadonlySet<string>): boolean {
    return this.#recvRouterId !== undefined && routerIds.has(this.#recvRouterId);
  }

  /** @internal */
  loseReceiving(reason: string): void {
    this.#recvRouterId = undefined;
    this.emit('receivingLost', reason);
  }

  counts(): { transports: number; producers: number; consumers: number } {
    return { transports: this.#transports.size, producers: this.#producers.size, consumers: this.#consumers.size };
  }

  /** The router went away (worker died): its objects are closed already, drop references. */
  forgetMedia(): void {
    this.#guard?.dispose();
    this.#guard = undefined;
    this.#starved = false;
    this.#transports.clear();
    this.#producers.clear();
    this.#consumers.clear();
    this.#resumeWanted.clear();
    this.#layers.clear();
    this.#recvTransport = undefined;
    this.#recvRouterId = undefined;
    this.#setLinkState('none');
    this.#updateMediaAlive();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#guard?.dispose();
    for (const transport of [...this.#transports.values()]) transport.close();
    this.forgetMedia();
    this.removeAllListeners();
  }

  #transport(transportId: string): PeerTransport {
    this.#assertOpen();
    const transport = this.#transports.get(transportId);
    if (!transport) throw new MediaRequestError('not_found', 'no such transport of yours');
    return transport;
  }

  #webRtcTransport(transportId: string): types.WebRtcTransport {
    const transport = this.#transport(transportId);
    if (transport.type !== 'webrtc') throw new MediaRequestError('invalid', 'a plain RTP transport has no ICE or DTLS');
    return transport as types.WebRtcTransport;
  }

  #setLinkState(state: LinkState): void {
    if (state === this.#linkState) return;
    this.#linkState = state;
    this.emit('linkStateChanged', state);
  }

  #updateMediaAlive(): void {
    const alive = [...this.#transports.values()].some((t) => t.type !== 'webrtc' || linkStateOf(t as types.WebRtcTransport) === 'connected');
    // Links still connecting for the first time are not lost.
    if (alive === this.#mediaAlive || (!alive && this.#mediaAlive === null)) return;
    this.#mediaAlive = alive;
    this.emit('mediaAliveChanged', alive);
  }

  #assertOpen(): void {
    if (this.#closed) throw new MediaRequestError('not_found', 'the client left');
  }
}

function linkStateOf(transport: types.WebRtcTransport): LinkState {
  if (transport.dtlsState === 'failed' || transport.dtlsState === 'closed') return 'failed';
  if (transport.iceState === 'disconnected') return 'unstable';
  if (transport.dtlsState === 'connected' && (transport.iceState === 'connected' || transport.iceState === 'completed')) {
    return 'connected';
  }
  return 'connecting';
}

/** The layer a consumer is to prefer: what its client wants, no higher than its sender's hold (undefined: no preference). */
function heldLayer(wanted: number | undefined, senderCap: number | undefined): number | undefined {
  if (senderCap === undefined) return wanted;
  return wanted === undefined ? senderCap : Math.min(wanted, senderCap);
}

/** A simulcast consumer's top spatial layer (its scalability mode reads `L<layers>T<layers>`). */
function topLayerOf(consumer: types.Consumer): number {
  const layers = /^L(\d+)/.exec(consumer.rtpParameters.encodings?.[0]?.scalabilityMode ?? '')?.[1];
  return layers === undefined ? 0 : Number(layers) - 1;
}
