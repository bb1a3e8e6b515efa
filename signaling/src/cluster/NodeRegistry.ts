import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { Redis } from './redis.ts';

/** What a node carries now: cheap counts kept anyway (socket list, mediasoup observers). */
export interface NodeLoad {
  connections: number;
  lessons: number;
  workers: number;
  routers: number;
  transports: number;
  consumers: number;
}

/** A live node as the others see it. */
export interface NodeInfo {
  id: string;
  /** Its PUBLIC_URL: where a client is sent for a lesson this node runs. */
  url: string;
  /** Where its WebRTC ports are reached (RTC_ANNOUNCED_ADDRESS, else the listen address) and the first port. */
  rtc: { address: string; port: number };
  /** Whether lessons may run there (CLUSTER_ORIGIN); a node that may not is an edge only. */
  origin: boolean;
  load: NodeLoad;
  startedAt: string;
  /** One per process: tells a restarted node from another process given the same NODE_ID. */
  instance: string;
}

export type NodeIdentity = Pick<NodeInfo, 'id' | 'url' | 'rtc' | 'origin'>;

const NODES = 'cluster:nodes';
/** Every node's origin that ever joined: pages it served may come back through another node. */
const ORIGINS = 'cluster:origins';
const nodeKey = (id: string) => `cluster:node:${id}`;

// Writes this node's entry unless another process holds the same NODE_ID (a different instance).
const REGISTER = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).instance ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[5])
return 1`;

/**
 * The live nodes of a cluster, in Redis. Each node rewrites its entry (with its load) every
 * `renewEveryMs` under a TTL, so a node that is killed or cut off drops out within the TTL;
 * a node that stops cleanly removes its entry at once. The set `cluster:nodes` only lists the
 * ids to look at: an id whose entry expired is dropped from it by whoever lists the nodes.
 */
export class NodeRegistry {
  readonly #redis: Redis;
  readonly #self: NodeIdentity;
  readonly #instance = randomUUID();
  readonly #startedAt = new Date().toISOString();
  readonly #load: () => NodeLoad;
  readonly #ttlMs: number;
  readonly #log: Logger;
  #known: NodeInfo[] = [];
  #origins: string[] = [];
  #timer: NodeJS.Timeout | undefined;

  private constructor(redis: Redis, self: NodeIdentity, load: () => NodeLoad, ttlMs: number, log: Logger) {
    this.#redis = redis;
    this.#self = self;
    this.#load = load;
    this.#ttlMs = ttlMs;
    this.#log = log;
  }

  /**
   * Registers this node and keeps it registered. A NODE_ID held by another live process is
   * waited out for one TTL (the same node killed and restarted at once), then refused.
   */
  static async start(redis: Redis, self: NodeIdentity, load: () => NodeLoad, timing: { ttlMs: number; renewEveryMs: number }, log: Logger): Promise<NodeRegistry> {
    const registry = new NodeRegistry(redis, self, load, timing.ttlMs, log);
    const deadline = Date.now() + timing.ttlMs + 1000;
    while (!(await registry.#register())) {
      if (Date.now() > deadline) {
        const other = await registry.node(self.id);
        throw new Error(`NODE_ID "${self.id}" is used by another live node (${other?.url ?? 'unknown URL'}): give each node its own NODE_ID`);
      }
      log.warn({}, 'NODE_ID is registered by another process: waiting for its entry to expire');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await registry.refresh();
    registry.#timer = setInterval(() => void registry.renew(), timing.renewEveryMs);
    registry.#timer.unref();
    log.info({ url: self.url, nodes: registry.#known.map((n) => n.id) }, 'joined the cluster');
    return registry;
  }

  /** The nodes seen live at the last renewal (kept while Redis is away): no Redis round trip. */
  get known(): readonly NodeInfo[] {
    return this.#known;
  }

  /** The origin of every node that ever joined, as of the last renewal (a stopped node's pages may still be open). */
  get origins(): readonly string[] {
    return this.#origins;
  }

  /** The live nodes, read from Redis now. */
  async list(): Promise<NodeInfo[]> {
    const ids = await this.#redis.sMembers(NODES);
    if (ids.length === 0) return [];
    const values = await this.#redis.mGet(ids.map(nodeKey));
    const nodes: NodeInfo[] = [];
    const gone: string[] = [];
    values.forEach((value, i) => {
      if (value === null) gone.push(ids[i]!);
      else nodes.push(JSON.parse(value) as NodeInfo);
    });
    if (gone.length > 0) await this.#redis.sRem(NODES, gone);
    return nodes.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** One live node by id, read from Redis now; undefined if it is not (or no longer) registered. */
  async node(id: string): Promise<NodeInfo | undefined> {
    const value = await this.#redis.get(nodeKey(id));
    return value === null ? undefined : JSON.parse(value) as NodeInfo;
  }

  /** Leaves the cluster: the entry goes at once, so nobody is sent here any more. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    const key = nodeKey(this.#self.id);
    try {
      const current = await this.#redis.get(key);
      if (current !== null && (JSON.parse(current) as NodeInfo).instance === this.#instance) {
        await this.#redis.multi().del(key).sRem(NODES, this.#self.id).exec();
      }
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'could not leave the cluster registry: the entry expires by itself');
    }
  }

  /** Rewrites this node's entry (with its load now) and reads the others'. */
  async renew(): Promise<void> {
    try {
      if (!(await this.#register())) this.#log.error({}, 'another process registered the same NODE_ID');
      await this.refresh();
    } catch (error) {
      // Redis away: the client logs the outage once; the entry is rewritten when it is back.
      this.#log.debug({ err: (error as Error).message }, 'node registry renewal failed');
    }
  }

  async #register(): Promise<boolean> {
    const entry: NodeInfo = { ...this.#self, load: this.#load(), startedAt: this.#startedAt, instance: this.#instance };
    const written = await this.#redis.eval(REGISTER, {
      keys: [nodeKey(this.#self.id), NODES, ORIGINS],
      arguments: [JSON.stringify(entry), this.#instance, String(this.#ttlMs), this.#self.id, new URL(this.#self.url).origin],
    });
    return written === 1;
  }

  /** Reads the live nodes into {@link known}, and every node's origin into {@link origins}. */
  async refresh(): Promise<void> {
    const [known, origins] = await Promise.all([this.list(), this.#redis.sMembers(ORIGINS)]);
    this.#known = known;
    this.#origins = origins;
  }
}
