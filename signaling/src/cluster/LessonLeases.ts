import { performance } from 'node:perf_hooks';
import { ClassroomError } from '@classroom/shared';
import type { Logger } from '../logger.ts';
import type { Redis } from './redis.ts';

const ownerKey = (lessonId: string) => `lesson:${lessonId}:owner`;
const fenceKey = (lessonId: string) => `lesson:${lessonId}:fence`;

// Takes a free lease with the next fencing token, in one step: no token is spent on a lease that
// was not free, and no other node can slip in between INCR and SET. A lease still naming this
// node is a leftover of its previous process (a live process with the same NODE_ID is refused
// at start): it is taken over with a new token.
const ACQUIRE = `
local current = redis.call('GET', KEYS[1])
if current and string.sub(current, 1, #ARGV[1] + 1) ~= ARGV[1] .. ':' then return {0, current} end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
return {1, tostring(token)}`;
// Extends the lease only if it is still ours (same node, same token).
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
// Gives the lease up only if it is still ours: a plain DEL could remove the next owner's.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * This node's right to run one lesson, and the fencing token it was granted with.
 *
 * Held means: the last renewal Redis accepted was sent less than a TTL ago, minus a margin for
 * clock drift (counted from when it was *sent*, so a reply that took long shortens the lease
 * rather than lengthening it). Past that, another node may hold the lesson: nothing more may be
 * done for it here, whatever Redis answers later.
 */
export class Lease {
  readonly lessonId: string;
  /** Grows with every grant of this lesson's lease: a write carrying an older one is stale. */
  readonly token: number;
  readonly value: string;
  #validUntil: number;
  #ended = false;
  /** When a handshake last relied on it: an idle lease is kept one renewal period for that handshake. */
  claimedAt = performance.now();

  constructor(lessonId: string, nodeId: string, token: number, validUntil: number) {
    this.lessonId = lessonId;
    this.token = token;
    this.value = `${nodeId}:${token}`;
    this.#validUntil = validUntil;
  }

  get held(): boolean {
    return !this.#ended && performance.now() < this.#validUntil;
  }

  get validUntil(): number {
    return this.#validUntil;
  }

  /**
   * The fencing check: throws unless the lease is still held. Call it after every await that
   * stands between taking the lease and acting on the lesson.
   */
  assertHeld(): void {
    if (!this.held) throw new ClassroomError('unavailable', 'this lesson is moving to another server: try again in a few seconds');
  }

  /** @internal */
  extendTo(validUntil: number): void {
    if (validUntil > this.#validUntil) this.#validUntil = validUntil;
  }

  /** @internal Released or lost: held no more, even if Redis still shows it. */
  end(): void {
    this.#ended = true;
  }
}

/** Where a lesson runs when it is not here: the owner's node id (its lease not yet expired). */
export interface OwnedElsewhere {
  ownerNodeId: string;
}

/**
 * One owner per lesson across the cluster: a lease in Redis with a fencing token.
 *
 * Why a lease rather than the lesson's state in Redis: a live lesson is more than data. Its
 * routers, transports, producers and consumers live in this process's mediasoup workers, and its
 * timers (hand grace, kept media, the quiz) in this process's event loop; none of that can be
 * written to Redis and picked up by another process. So exactly one process runs a lesson, and
 * the others send its clients there. The lease says which, and expires by itself when that
 * process dies or is cut off, so the lesson moves on rather than staying with a dead node.
 *
 * Why the fence: a lease alone cannot stop a node that was paused (GC, a stalled VM, a long
 * network cut) from acting after its lease expired and another node took it. Each grant gets a
 * token from `INCR lesson:<id>:fence`, so a later owner always holds a larger one. Here, the
 * token is checked before acting after any await ({@link Lease.assertHeld}); a node whose
 * renewal was refused, or unanswered until the lease ran out, closes the lesson at once
 * (`onLost`). What a paused node may still write afterwards is refused by the records: a node
 * that loads a lesson raises `lessons.fence` to its token, and the live lesson's writes (phase,
 * lock, attendance joins, questions, answers, messages, quality) check it (db/fence.ts).
 *
 * The fence counters must survive Redis restarts (AOF): a counter that starts again at 1 would
 * hand a new owner a smaller token than a stale one.
 */
export class LessonLeases {
  readonly #redis: Redis;
  readonly #nodeId: string;
  readonly #ttlMs: number;
  readonly #driftMs: number;
  readonly #log: Logger;
  readonly #onLost: (lessonId: string) => void;
  readonly #onTaken: (lessonId: string) => void;
  readonly #leases = new Map<string, Lease>();
  readonly #expiry = new Map<string, NodeJS.Timeout>();
  readonly #claiming = new Map<string, Promise<Lease | OwnedElsewhere>>();

  constructor(
    redis: Redis, nodeId: string, ttlMs: number, log: Logger, onLost: (lessonId: string) => void, onTaken: (lessonId: string) => void = () => undefined,
  ) {
    this.#redis = redis;
    this.#nodeId = nodeId;
    this.#ttlMs = ttlMs;
    // Redis's distributed-lock guidance: allow for the two clocks running at different rates.
    this.#driftMs = Math.ceil(ttlMs * 0.01) + 2;
    this.#log = log;
    this.#onLost = onLost;
    this.#onTaken = onTaken;
  }

  get count(): number {
    return this.#leases.size;
  }

  /** The lease held here for a lesson, if any. */
  held(lessonId: string): Lease | undefined {
    const lease = this.#leases.get(lessonId);
    return lease?.held ? lease : undefined;
  }

  /**
   * This node's lease for the lesson (taken now if nobody holds it), or who holds it.
   * Two handshakes for the same lesson at once share one request to Redis.
   */
  claim(lessonId: string): Promise<Lease | OwnedElsewhere> {
    const mine = this.#leases.get(lessonId);
    if (mine?.held) {
      mine.claimedAt = performance.now();
      return Promise.resolve(mine);
    }
    // Expired while its timer has not run yet: lost all the same, before anything else is done.
    if (mine) this.#lose(mine, 'expired');
    let pending = this.#claiming.get(lessonId);
    if (!pending) {
      pending = this.#acquire(lessonId).finally(() => this.#claiming.delete(lessonId));
      this.#claiming.set(lessonId, pending);
    }
    return pending;
  }

  /** Who holds a lesson's lease now (its node id), without taking it; undefined if nobody does. */
  async holder(lessonId: string): Promise<string | undefined> {
    const value = await this.#redis.get(ownerKey(lessonId));
    return value === null ? undefined : value.slice(0, value.lastIndexOf(':'));
  }

  /**
   * Renews every lease whose lesson is live here (or was just claimed), and releases the others.
   * Run every third of the TTL: two renewals may fail before a lease runs out.
   */
  async renew(isLive: (lessonId: string) => boolean, idleAfterMs: number): Promise<void> {
    const now = performance.now();
    await Promise.all([...this.#leases.values()].map(async (lease) => {
      if (!isLive(lease.lessonId) && now - lease.claimedAt > idleAfterMs) return this.release(lease.lessonId);
      const sentAt = performance.now();
      let renewed: unknown;
      try {
        renewed = await this.#redis.eval(RENEW, { keys: [ownerKey(lease.lessonId)], arguments: [lease.value, String(this.#ttlMs)] });
      } catch (error) {
        // Outcome unknown (Redis away, or the reply lost): the lease runs out on its own timer
        // unless a later renewal gets through in time.
        this.#log.debug({ lessonId: lease.lessonId, err: (error as Error).message }, 'lease renewal failed');
        return;
      }
      // Released or lost while the renewal was on its way: its answer changes nothing.
      if (this.#leases.get(lease.lessonId) !== lease || !lease.held) return;
      if (renewed === 1) {
        lease.extendTo(sentAt + this.#ttlMs - this.#driftMs);
        this.#armExpiry(lease);
      } else {
        this.#lose(lease, 'taken');
      }
    }));
  }

  /** Gives a lesson's lease up (compare-and-delete): the next node to get a client for it takes it. */
  async release(lessonId: string): Promise<void> {
    const lease = this.#leases.get(lessonId);
    if (!lease) return;
    this.#forget(lease);
    try {
      await this.#redis.eval(RELEASE, { keys: [ownerKey(lessonId)], arguments: [lease.value] });
      this.#log.debug({ lessonId, token: lease.token }, 'lesson lease released');
    } catch (error) {
      this.#log.warn({ lessonId, err: (error as Error).message }, 'could not release a lesson lease: it expires by itself');
    }
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.#leases.keys()].map((lessonId) => this.release(lessonId)));
  }

  async #acquire(lessonId: string): Promise<Lease | OwnedElsewhere> {
    const sentAt = performance.now();
    const [granted, value] = await this.#redis.eval(ACQUIRE, {
      keys: [ownerKey(lessonId), fenceKey(lessonId)],
      arguments: [this.#nodeId, String(this.#ttlMs)],
    }) as [number, string];
    if (granted !== 1) return { ownerNodeId: value.slice(0, value.lastIndexOf(':')) };
    const lease = new Lease(lessonId, this.#nodeId, Number(value), sentAt + this.#ttlMs - this.#driftMs);
    this.#leases.set(lessonId, lease);
    this.#armExpiry(lease);
    this.#log.info({ lessonId, token: lease.token }, 'lesson lease taken: the lesson runs on this node');
    this.#onTaken(lessonId);
    return lease;
  }

  /** Loses the lease the moment it runs out without a renewal, whatever is in flight. */
  #armExpiry(lease: Lease): void {
    clearTimeout(this.#expiry.get(lease.lessonId));
    const timer = setTimeout(() => {
      if (this.#leases.get(lease.lessonId) === lease && !lease.held) this.#lose(lease, 'expired');
      else if (this.#leases.get(lease.lessonId) === lease) this.#armExpiry(lease);
    }, Math.max(0, lease.validUntil - performance.now()) + 1);
    timer.unref();
    this.#expiry.set(lease.lessonId, timer);
  }

  #lose(lease: Lease, why: 'taken' | 'expired'): void {
    if (this.#leases.get(lease.lessonId) !== lease) return;
    this.#forget(lease);
    this.#log.warn({ lessonId: lease.lessonId, token: lease.token, why }, 'lesson lease lost: the lesson stops on this node');
    // Runs from a timer: a failure to stop the lesson must not end the process with it.
    try {
      this.#onLost(lease.lessonId);
    } catch (error) {
      this.#log.error({ lessonId: lease.lessonId, err: error }, 'could not stop a lesson whose lease was lost');
    }
  }

  #forget(lease: Lease): void {
    lease.end();
    clearTimeout(this.#expiry.get(lease.lessonId));
    this.#expiry.delete(lease.lessonId);
    if (this.#leases.get(lease.lessonId) === lease) this.#leases.delete(lease.lessonId);
  }
}
