import { performance } from 'node:perf_hooks';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Namespace } from 'socket.io';
import type { Adapter } from 'socket.io-adapter';
import { ClassroomError, type WrongNodeBody } from '@classroom/shared';
import type { ClusterConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { withCheckedRecovery } from '../realtime/recovery.ts';
import { Lease, LessonLeases, type OwnedElsewhere } from './LessonLeases.ts';
import { NodeRegistry, type NodeLoad } from './NodeRegistry.ts';
import { NodeNotListeningError, NodeRequests } from './NodeRequests.ts';
import { isCascadeRequest } from './cascadeMessages.ts';
import { closeRedis, connectRedis, type Redis } from './redis.ts';

/** Refused at the handshake: the lesson runs on another node, which the client is sent to. */
export class WrongNodeError extends ClassroomError {
  readonly url: string;
  /** The node that runs the lesson. */
  readonly nodeId: string;
  constructor(url: string, nodeId: string) {
    super('wrong_node', 'this lesson runs on another server: connect there');
    this.url = url;
    this.nodeId = nodeId;
  }

  get body(): WrongNodeBody {
    return { code: 'wrong_node', message: this.message, url: this.url };
  }
}

/** What the cluster needs of the rest of the server once it runs. */
export interface ClusterHooks {
  /** Whether a lesson is live here (its lease is kept while it is). */
  isLive(lessonId: string): boolean;
  /** The lessons live here (each must hold a lease). */
  liveLessons(): Iterable<string>;
  /** Stops a lesson here at once: its lease is gone, another node may run it already. */
  stopLesson(lessonId: string): void;
  load(): NodeLoad;
  /** Does what another node asked for a lesson whose lease this node holds (see {@link Cluster.atOwner}). */
  serve(lessonId: string, action: unknown, fromNodeId: string): Promise<unknown>;
  /** Does what the node running a lesson asks of this node as its edge (cluster/edge). */
  serveEdge(fromNodeId: string, request: unknown): Promise<unknown>;
  /** Whether an action from another node may make this node take a lesson nobody runs (an edge's join). */
  places(action: unknown): boolean;
  /** These nodes left the registry (killed, or stopped): what this node held for them goes. */
  nodesGone(nodeIds: string[]): void;
  /** Closes attendance rows left open by nodes not among these (killed), of one lesson or of all. */
  closeGoneAttendance(liveNodeIds: string[], lessonId?: string): Promise<number>;
  /** Media cascade messages from another node (MediaCascade.handle): edges hold no lease, so no lease is checked. */
  cascade?(fromNodeId: string, body: unknown): Promise<unknown>;
}

// The streams adapter blocks reads for this long; replies must come before the command timeout.
const ADAPTER_BLOCK_MS = 1_000;
const ADAPTER_COMMAND_TIMEOUT_MS = 2_000;
// Lease and registry commands fail fast: a renewal's answer matters only within the lease.
const CONTROL_COMMAND_TIMEOUT_MS = 1_000;
const ORIGINS_REFRESH_MS = 1_000;
// An admin action waits in the owner's lesson queue behind the commands under way, then writes.
const OWNER_ANSWER_TIMEOUT_MS = 5_000;
// How often to ask again where a lesson runs while its last owner's lease runs out.
const OWNER_RETRY_MS = 250;

/**
 * This node's part in a cluster (REDIS_URL set). Phase 1: lessons are spread over nodes, each
 * run whole by one node (the holder of its lease, {@link LessonLeases}); a client that reaches
 * another node is told where to go at the handshake (`wrong_node` with the owner's PUBLIC_URL).
 * A lesson nobody runs is taken by the node its first client reaches (placement by load can
 * come later: the registry already carries each node's load). What the admin does to a lesson on
 * any node is done by the node that runs it ({@link atOwner}).
 */
export class Cluster {
  readonly nodeId: string;
  readonly #config: ClusterConfig;
  readonly #log: Logger;
  /** Socket.IO's adapter traffic (streams, pub/sub): queued through a Redis outage. */
  readonly #adapterRedis: Redis;
  /** Leases and registry: fail fast. */
  readonly #control: Redis;
  #registry: NodeRegistry | undefined;
  #leases: LessonLeases | undefined;
  #requests: NodeRequests | undefined;
  #hooks: ClusterHooks | undefined;
  /** Checks scheduled after a takeover (see #tookOver). */
  readonly #later = new Set<NodeJS.Timeout>();
  #timer: NodeJS.Timeout | undefined;
  #originsReadAt = -Infinity;
  /** The live nodes at the last look (see #noticeGoneNodes). */
  #liveNodeIds = new Set<string>();

  private constructor(config: ClusterConfig, adapterRedis: Redis, control: Redis, log: Logger) {
    this.nodeId = config.nodeId;
    this.#config = config;
    this.#adapterRedis = adapterRedis;
    this.#control = control;
    this.#log = log;
  }

  /** Connects to Redis (fails with a clear message if it cannot). Nothing is registered yet. */
  static async connect(config: ClusterConfig, log: Logger): Promise<Cluster> {
    const clusterLog = log.child({ nodeId: config.nodeId });
    const adapterRedis = await connectRedis(config.redisUrl, { purpose: 'socket.io', failFast: false, commandTimeoutMs: ADAPTER_COMMAND_TIMEOUT_MS }, clusterLog);
    try {
      const control = await connectRedis(config.redisUrl, { purpose: 'leases', failFast: true, commandTimeoutMs: CONTROL_COMMAND_TIMEOUT_MS }, clusterLog);
      return new Cluster(config, adapterRedis, control, clusterLog);
    } catch (error) {
      await closeRedis(adapterRedis);
      throw error;
    }
  }

  /**
   * Socket.IO's adapter across nodes: Redis streams keep connection state recovery working
   * (the pub/sub Redis adapter cannot), checked like the in-memory one (see withCheckedRecovery).
   */
  adapter(): (nsp: Namespace) => Adapter {
    return withCheckedRecovery(createAdapter(this.#adapterRedis, { blockTimeInMs: ADAPTER_BLOCK_MS }));
  }

  /** Registers this node and starts keeping its leases (once the server listens: others may send clients here). */
  async start(hooks: ClusterHooks): Promise<void> {
    const { nodeId, publicUrl, rtc, leaseTtlMs, renewEveryMs } = this.#config;
    this.#hooks = hooks;
    this.#leases = new LessonLeases(
      this.#control, nodeId, leaseTtlMs, this.#log, (lessonId) => hooks.stopLesson(lessonId), (lessonId) => this.#tookOver(lessonId),
    );
    this.#registry = await NodeRegistry.start(this.#control, { id: nodeId, url: publicUrl, rtc, origin: this.#config.origin }, hooks.load, { ttlMs: leaseTtlMs, renewEveryMs }, this.#log);
    // Once registered (a process refused for a NODE_ID in use must not answer for that node), and
    // before the server listens: requests come only for lessons whose clients came here.
    this.#requests = await NodeRequests.start(this.#config.redisUrl, nodeId, this.#control, (body, from) => this.#serve(body, from, hooks), this.#log);
    this.#liveNodeIds = new Set(this.#registry.known.map((node) => node.id));
    this.#timer = setInterval(() => void this.#keepLeases(hooks), renewEveryMs);
    this.#timer.unref();
    // Back from a Redis outage: renew now rather than at the next tick, which may come too late.
    this.#control.on('ready', () => {
      void this.#keepLeases(hooks);
      void this.#registry?.renew();
    });
  }

  /**
   * The handshake's question: may this lesson run here? Resolves with this node's lease (taken
   * now if nobody holds it); throws `wrong_node` with the owner's URL if another live node runs
   * it, `unavailable` while nobody can tell (Redis away, or its node just died: its lease expires
   * within the TTL and the client's retry then lands).
   */
  async claim(lessonId: string): Promise<Lease> {
    if (!this.#config.origin) throw await this.#originElsewhere(lessonId);
    const outcome = await this.#whereRuns(lessonId);
    if (outcome instanceof Lease) return outcome;
    let owner;
    try {
      owner = await this.#registry!.node(outcome.ownerNodeId);
    } catch (error) {
      throw this.#unreachable(lessonId, error);
    }
    if (owner) throw new WrongNodeError(owner.url, owner.id);
    this.#log.info({ lessonId, owner: outcome.ownerNodeId }, 'a lesson\'s server stopped: waiting for its lease to expire');
    throw new ClassroomError('unavailable', 'this lesson\'s server stopped: it moves to another in a few seconds');
  }

  /**
   * Runs an action on the node that runs the lesson: `here` if this node holds its lease (taken
   * now if nobody holds it, so that no node loads the lesson meanwhile), else on the holder, sent
   * over its request channel ({@link NodeRequests}). A holder that stopped is waited out (its
   * lease expires within the TTL) and the question asked again; one that does not answer in time
   * is `unavailable` (whether it acted is unknown).
   */
  async atOwner<T>(lessonId: string, action: unknown, here: () => Promise<T>): Promise<T> {
    const deadline = performance.now() + this.#config.leaseTtlMs + OWNER_ANSWER_TIMEOUT_MS;
    for (;;) {
      const outcome = await this.#whereRuns(lessonId);
      if (outcome instanceof Lease) return here();
      try {
        return await this.#requests!.request(outcome.ownerNodeId, { lessonId, action }, OWNER_ANSWER_TIMEOUT_MS) as T;
      } catch (error) {
        // Gone, or no longer its owner (lease lost meanwhile): nothing was done there.
        const moved = error instanceof NodeNotListeningError || (error instanceof ClassroomError && error.code === 'wrong_node');
        if (!moved) throw error;
      }
      if (performance.now() > deadline) throw new ClassroomError('unavailable', 'this lesson\'s server stopped: try again in a few seconds');
      await new Promise((resolve) => setTimeout(resolve, OWNER_RETRY_MS));
    }
  }

  /**
   * Sends a request to one node and resolves with its answer: `{ lessonId, action }` for the
   * node that runs that lesson (refused `wrong_node` by any other), or `{ edge }` for a node
   * serving a lesson's classrooms as its edge. Rejects with NodeNotListeningError if that node
   * is gone (nothing was done there).
   */
  request(nodeId: string, body: { lessonId: string; action: unknown } | { edge: unknown }): Promise<unknown> {
    if (!this.#requests) return Promise.reject(new ClassroomError('unavailable', 'this server is starting: try again in a moment'));
    return this.#requests.request(nodeId, body, OWNER_ANSWER_TIMEOUT_MS);
  }

  /**
   * Runs `work` only if this node runs the lesson, or takes it now because nobody does; resolves
   * undefined when another node runs it (that node acts on it itself). For what must happen once
   * per lesson across the cluster (the away-teacher rule).
   */
  async ifRunsHere<T>(lessonId: string, work: () => Promise<T>): Promise<T | undefined> {
    return (await this.#whereRuns(lessonId)) instanceof Lease ? work() : undefined;
  }

  /**
   * Closes the attendance rows left open by nodes that are no longer registered (killed: they
   * recorded no leave), of one lesson or of all. Does nothing while the registry cannot be read
   * (an empty answer from an unreachable Redis must not close every node's rows).
   */
  async closeGoneAttendance(lessonId?: string): Promise<number> {
    if (!this.#registry || !this.#hooks) return 0;
    // This node is live even if its entry lapsed during an outage.
    const live = [this.nodeId, ...(await this.#registry.list()).map((node) => node.id)];
    const closed = await this.#hooks.closeGoneAttendance(live, lessonId);
    if (closed > 0) this.#log.info({ lessonId, closed }, 'closed attendance left open by nodes that stopped');
    return closed;
  }

  /**
   * The origins whose pages may open sockets here: every node's that ever joined, live or not. A
   * page's own node may be the one that died: its socket then moves to another node, which must
   * still take it (read at each renewal, kept in the set `cluster:origins`).
   */
  origins(): string[] {
    return [...new Set([...(this.#registry?.known ?? []).map((node) => new URL(node.url).origin), ...this.#registry?.origins ?? []])];
  }

  /** The live nodes' public URLs, as of the last renewal: where a client may go when its node dies. */
  nodeUrls(): string[] {
    return (this.#registry?.known ?? []).map((node) => node.url);
  }

  /**
   * Reads the live nodes again, at most once a second: a node that joined since the last renewal
   * may already have served a page whose socket comes here. Throttled: any origin can ask.
   */
  async refreshOrigins(): Promise<string[]> {
    const now = performance.now();
    if (now - this.#originsReadAt >= ORIGINS_REFRESH_MS) {
      this.#originsReadAt = now;
      await this.#registry?.refresh().catch(() => undefined);
    }
    return this.origins();
  }

  /** The live nodes, from Redis (for tests and tools). */
  nodes(): ReturnType<NodeRegistry['list']> {
    return this.#registry?.list() ?? Promise.resolve([]);
  }

  get leaseCount(): number {
    return this.#leases?.count ?? 0;
  }

  /** The lease this node holds for a lesson, if any. */
  lease(lessonId: string): Lease | undefined {
    return this.#leases?.held(lessonId);
  }

  /** Leaves the cluster: leases released (their lessons were closed first), entry removed, Redis closed. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (const timer of this.#later) clearTimeout(timer);
    await this.#leases?.releaseAll();
    await this.#registry?.stop();
    await this.#requests?.close();
    await Promise.all([closeRedis(this.#control), closeRedis(this.#adapterRedis)]);
  }

  /**
   * This node just took a lesson's lease: the node that ran it before may have been killed with
   * connections open. Their rows are closed once that node is out of the registry, which may be
   * up to a TTL after its lease ran out (both expire on their own timers): now, and a TTL later.
   */
  #tookOver(lessonId: string): void {
    const close = () => this.closeGoneAttendance(lessonId)
      .catch((error: unknown) => this.#log.warn({ lessonId, err: (error as Error).message }, 'could not close attendance of stopped nodes'));
    void close();
    const later = setTimeout(() => {
      this.#later.delete(later);
      void close();
    }, this.#config.leaseTtlMs + 500);
    later.unref();
    this.#later.add(later);
  }

  /**
   * An edge-only node (CLUSTER_ORIGIN=false) never runs a lesson: where it runs, or else the
   * origin-capable node with the fewest connections, which takes it when the classroom's join
   * (or the teacher) arrives there. Nodes that pick differently at once are sorted out by the
   * lease: the second is refused `wrong_node` and its client asks again.
   */
  async #originElsewhere(lessonId: string): Promise<ClassroomError> {
    try {
      const holder = await this.#leases!.holder(lessonId);
      const candidates = holder === undefined
        ? (await this.#registry!.list()).filter((node) => node.origin && node.id !== this.nodeId)
          .sort((a, b) => a.load.connections - b.load.connections)
        : [await this.#registry!.node(holder)].filter((node) => node !== undefined);
      const origin = candidates[0];
      if (origin) return new WrongNodeError(origin.url, origin.id);
      if (holder !== undefined) return new ClassroomError('unavailable', 'this lesson\'s server stopped: it moves to another in a few seconds');
      this.#log.warn({ lessonId }, 'no live node may run lessons (all have CLUSTER_ORIGIN=false)');
      return new ClassroomError('unavailable', 'no server that runs lessons is up: try again in a few seconds');
    } catch (error) {
      return this.#unreachable(lessonId, error);
    }
  }

  /** This node's lease for the lesson (taken now if free), or who holds it. */
  async #whereRuns(lessonId: string): Promise<Lease | OwnedElsewhere> {
    const leases = this.#leases;
    if (!leases || !this.#registry) throw new ClassroomError('unavailable', 'this server is starting: try again in a moment');
    try {
      return await leases.claim(lessonId);
    } catch (error) {
      throw this.#unreachable(lessonId, error);
    }
  }

  #unreachable(lessonId: string, error: unknown): ClassroomError {
    this.#log.warn({ lessonId, err: (error as Error).message }, 'cannot tell where a lesson runs (Redis)');
    return new ClassroomError('unavailable', 'the servers cannot reach each other right now: try again in a few seconds');
  }

  /** Asks another node over its request channel (the media cascade's messages). */
  ask(nodeId: string, body: unknown, timeoutMs: number): Promise<unknown> {
    if (!this.#requests) return Promise.reject(new ClassroomError('unavailable', 'this server is starting: try again in a moment'));
    return this.#requests.request(nodeId, body, timeoutMs);
  }

  /**
   * A request from another node: a cascade message or an edge's (edges hold no lease), or a
   * lesson action done only if its lease is held here.
   */
  async #serve(body: unknown, from: string, hooks: ClusterHooks): Promise<unknown> {
    if (isCascadeRequest(body)) {
      if (!hooks.cascade) throw new ClassroomError('wrong_node', 'this server carries no lesson media of other servers');
      return hooks.cascade(from, body);
    }
    const { lessonId, action, edge } = (body ?? {}) as { lessonId?: unknown; action?: unknown; edge?: unknown };
    if (edge !== undefined) return hooks.serveEdge(from, edge);
    if (typeof lessonId !== 'string') throw new ClassroomError('invalid_payload', 'a lesson request names no lesson');
    // A lesson nobody runs is taken by the origin-capable node an edge-only node chose for it.
    const runsHere = this.lease(lessonId) !== undefined
      || (this.#config.origin && hooks.places(action) && (await this.#whereRuns(lessonId)) instanceof Lease);
    if (!runsHere) throw new ClassroomError('wrong_node', 'this lesson does not run on this server');
    return hooks.serve(lessonId, action, from);
  }

  /** Tells which nodes left the registry since the last look (read at each renewal). */
  #noticeGoneNodes(hooks: ClusterHooks): void {
    const live = new Set([this.nodeId, ...(this.#registry?.known ?? []).map((node) => node.id)]);
    const gone = [...this.#liveNodeIds].filter((id) => !live.has(id));
    this.#liveNodeIds = live;
    if (gone.length === 0) return;
    this.#log.info({ gone }, 'nodes left the cluster');
    hooks.nodesGone(gone);
  }

  async #keepLeases(hooks: ClusterHooks): Promise<void> {
    const leases = this.#leases!;
    try {
      // A lesson live here without a held lease (lost while a handshake was admitting it) stops.
      for (const lessonId of [...hooks.liveLessons()]) {
        if (!leases.held(lessonId)) {
          this.#log.warn({ lessonId }, 'a lesson was live here without its lease: stopped');
          hooks.stopLesson(lessonId);
        }
      }
      await leases.renew((lessonId) => hooks.isLive(lessonId), this.#config.renewEveryMs);
      this.#noticeGoneNodes(hooks);
    } catch (error) {
      // From a timer: logged, and the next tick tries again.
      this.#log.error({ err: error }, 'keeping the lesson leases failed');
    }
  }
}
