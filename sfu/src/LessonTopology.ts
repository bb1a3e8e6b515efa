import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { ROUTER_MEDIA_CODECS } from './codecs.ts';
import { MediaRequestError } from './errors.ts';
import type { MediaLogger } from './logger.ts';
import type { WorkerPool, WorkerSlot } from './WorkerPool.ts';

// ~150 classrooms (audio + video) at 1.2 Mbit/s: about 70 % of a core here (bench:fanout), leaving
// headroom for key frame bursts; past ~80 % the p99 forwarding delay climbs fast.
export const DEFAULT_CONSUMERS_PER_ROUTER = 300;

/** A router of the lesson, where a peer creates its transports. */
export interface LessonRouter {
  readonly router: types.Router;
  /** The single WebRTC port (UDP and TCP) of the router's worker, shared by its transports. */
  readonly webRtcServer: types.WebRtcServer;
}

/** A router of the lesson and what it carries. The first one (home) receives every producer. */
interface Placed extends LessonRouter {
  readonly slot: WorkerSlot;
  consumers: number;
  receivers: number;
  /** Edge routers: the lesson's producers piped here, by producer id. */
  readonly piped: Map<string, Promise<void>>;
}

interface LessonTopologyEvents {
  /** Edge routers went with their worker: whoever received on them must receive anew. */
  edgesLost: [routerIds: ReadonlySet<string>];
  /** The home router went with its worker, every producer with it; the edges are closed too. */
  homeLost: [];
}

export interface LessonTopologyOptions {
  lessonId: string;
  pool: WorkerPool;
  /** Consumers a router takes before new receivers go to a router on another worker. */
  consumersPerRouter: number;
  /** The lesson's producers now (all on the home router): a new edge router receives them all. */
  producerIds: () => Iterable<string>;
  log: MediaLogger;
}

/**
 * The routers of one lesson. Every producer is created on the home router; receivers go there
 * until it carries `consumersPerRouter` consumers, then to edge routers on other workers (one per
 * worker), which the home router feeds through pipe transports. An edge router nobody receives
 * from any more is closed. Callers never see workers: they ask for a router to send or receive
 * on, for a producer to be made available on a router, and hear when routers are lost.
 *
 * Across nodes (the cascade), each node has a topology of its own for the lesson: an edge node's
 * home router receives the origin's producers as stand-ins through one pipe between nodes
 * (LessonPipe, asked by LessonMedia's RemoteSource), and from there this class spreads them to
 * the node's other workers like any producer. Nothing here knows about other nodes.
 */
export class LessonTopology extends EventEmitter<LessonTopologyEvents> {
  readonly #options: LessonTopologyOptions;
  readonly #log: MediaLogger;
  #placement: Promise<Placed> | undefined;
  #home: Placed | undefined;
  readonly #edges: Placed[] = [];
  #growing: Promise<Placed> | undefined;
  #closed = false;

  constructor(options: LessonTopologyOptions) {
    super();
    this.#options = options;
    this.#log = options.log;
  }

  async rtpCapabilities(): Promise<types.RtpCapabilities> {
    return (await this.#place()).router.rtpCapabilities;
  }

  /** Where a publisher sends: the home router, which feeds every edge. */
  routerToSend(): Promise<LessonRouter> {
    return this.#place();
  }

  /**
   * Where a new receiver goes: the home router until it carries consumersPerRouter consumers,
   * then an edge router on another worker (one per worker), then the least busy one.
   */
  async routerToReceive(): Promise<LessonRouter> {
    const home = await this.#place();
    const all = [home, ...this.#edges];
    const roomy = all.find((p) => p.consumers < this.#options.consumersPerRouter);
    if (roomy) return roomy;
    const used = new Set(all.map((p) => p.slot.index));
    if (used.size < this.#options.pool.slots().filter((s) => !s.worker.closed).length) {
      this.#growing ??= this.#addEdge(used).finally(() => { this.#growing = undefined; });
      return this.#growing;
    }
    return all.reduce((a, b) => (b.consumers < a.consumers ? b : a));
  }

  /** Whether a client with these capabilities can decode a producer of the lesson. */
  async canConsume(producerId: string, rtpCapabilities: types.RtpCapabilities): Promise<boolean> {
    const { router } = await this.#place();
    return router.canConsume({ producerId, rtpCapabilities });
  }

  /**
   * Makes sure a producer is present on a router of the lesson: on an edge router it arrives
   * through a pipe transport (started when it was published).
   */
  async makeAvailable(producerId: string, routerId: string): Promise<void> {
    const edge = this.#edges.find((e) => e.router.id === routerId);
    if (edge) await this.#pipe(edge, producerId);
  }

  /** A new producer on the home router: it starts flowing to every edge before anyone asks there. */
  spread(producerId: string): void {
    for (const edge of this.#edges) void this.#pipe(edge, producerId).catch(() => undefined);
  }

  get routerCount(): number {
    return (this.#placement ? 1 : 0) + this.#edges.length;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#placement?.then((home) => this.#release(home), () => undefined);
    this.#placement = undefined;
    this.#home = undefined;
    for (const edge of this.#edges.splice(0)) this.#release(edge);
    this.removeAllListeners();
  }

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

  async #addEdge(used: ReadonlySet<number>): Promise<Placed> {
    const edge = await this.#createRouter(used);
    if (this.#closed) {
      this.#release(edge);
      throw new MediaRequestError('not_found', 'the lesson media is closed');
    }
    this.#edges.push(edge);
    for (const producerId of this.#options.producerIds()) void this.#pipe(edge, producerId).catch(() => undefined);
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
    const slot = this.#options.pool.leastLoaded(exclude);
    slot.routers += 1;
    try {
      const router = await slot.worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { lessonId: this.#options.lessonId } });
      router.on('workerclose', () => this.#onRouterLost(slot));
      const placed: Placed = { slot, router, webRtcServer: slot.webRtcServer, consumers: 0, receivers: 0, piped: new Map() };
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
    this.#release(placed);
    this.#log.info({ workerIndex: placed.slot.index, routerId: placed.router.id }, 'idle edge router closed');
  }

  #release({ slot, router }: Placed): void {
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
      else this.#release(placed);
    }
    this.#home = undefined;
    this.#placement = undefined;
    this.#log.warn({ workerIndex: slot.index }, 'lesson router lost with its worker; clients will reconnect media');
    this.emit('homeLost');
  }

  /**
   * Edge routers died with their worker: the home router and the other edges are not touched
   * (the pipe transports on the home router closed with the edges').
   */
  #loseEdgesOn(slot: WorkerSlot): void {
    const lost = this.#edges.filter((edge) => edge.slot === slot);
    if (lost.length === 0) return;
    for (const edge of lost) this.#edges.splice(this.#edges.indexOf(edge), 1);
    slot.routers = Math.max(0, slot.routers - lost.length);
    this.#log.warn({ workerIndex: slot.index, routers: lost.length }, 'edge router lost with its worker');
    this.emit('edgesLost', new Set(lost.map((edge) => edge.router.id)));
  }

  #assertOpen(): void {
    if (this.#closed) throw new MediaRequestError('not_found', 'the lesson media is closed');
  }
}
