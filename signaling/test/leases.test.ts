import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Lease, LessonLeases } from '../src/cluster/LessonLeases.ts';
import { closeRedis, connectRedis, type Redis } from '../src/cluster/redis.ts';
import { createLogger } from '../src/logger.ts';
import { waitFor } from './harness.ts';
import { freePort } from './ports.ts';
import { startRedis, type RedisFixture } from './redis.ts';

// One owner per lesson: the lease and its fencing token against a real redis-server.
const log = createLogger('silent');
const TTL_MS = 1_200;
let redis: RedisFixture;
let raw: Redis;
const clients: Redis[] = [];

async function client(): Promise<Redis> {
  const c = await connectRedis(redis.url, { purpose: 'test', failFast: true, commandTimeoutMs: 500 }, log);
  clients.push(c);
  return c;
}

function node(id: string, redisClient: Redis, lost: string[] = []): LessonLeases {
  return new LessonLeases(redisClient, id, TTL_MS, log, (lessonId) => lost.push(lessonId));
}

describe('lesson leases', () => {
  beforeAll(async () => {
    redis = await startRedis();
    raw = await client();
  });
  afterEach(async () => {
    await waitFor(() => raw.isReady, 5000); // back from a restart
    await raw.flushAll();
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) await closeRedis(c);
    await redis.stop();
  });

  it('grants a lesson to one node; the other learns who holds it', async () => {
    const [a, b] = [node('a', await client()), node('b', await client())];
    const [first, second] = await Promise.all([a.claim('L1'), b.claim('L1')]);
    const granted = [first, second].filter((x) => x instanceof Lease);
    expect(granted).toHaveLength(1);
    const owner = first instanceof Lease ? 'a' : 'b';
    expect([first, second].find((x) => !(x instanceof Lease))).toEqual({ ownerNodeId: owner });
    expect(await raw.get('lesson:L1:owner')).toBe(`${owner}:1`);
    expect(await raw.pTTL('lesson:L1:owner')).toBeGreaterThan(TTL_MS - 100);
  });

  it('renews only its own lease and releases only its own (compare-and-delete)', async () => {
    const lost: string[] = [];
    const a = node('a', await client(), lost);
    const lease = await a.claim('L1') as Lease;
    await new Promise((r) => setTimeout(r, TTL_MS / 2));
    await a.renew(() => true, 0);
    expect(await raw.pTTL('lesson:L1:owner')).toBeGreaterThan(TTL_MS - 100);
    expect(lease.held).toBe(true);

    // Another node got it meanwhile (say a's renewals were lost): a's release must not remove it.
    await raw.set('lesson:L1:owner', 'b:2');
    await a.release('L1');
    expect(await raw.get('lesson:L1:owner')).toBe('b:2');
    expect(lease.held).toBe(false);
    expect(lost).toEqual([]); // released on purpose, not lost
  });

  it('hands every new owner a larger fencing token', async () => {
    const a = node('a', await client());
    const b = node('b', await client());
    const first = await a.claim('L1') as Lease;
    await a.release('L1');
    const second = await b.claim('L1') as Lease;
    expect(second.token).toBeGreaterThan(first.token);
    expect(await raw.get('lesson:L1:owner')).toBe(`b:${second.token}`);
  });

  it('loses the lease at once when a renewal finds it taken or deleted', async () => {
    const lost: string[] = [];
    const a = node('a', await client(), lost);
    const taken = await a.claim('L1') as Lease;
    const deleted = await a.claim('L2') as Lease;
    await raw.set('lesson:L1:owner', 'b:7');
    await raw.del('lesson:L2:owner');
    await a.renew(() => true, 0);
    expect(lost.sort()).toEqual(['L1', 'L2']);
    expect(taken.held || deleted.held).toBe(false);
    expect(() => taken.assertHeld()).toThrow(expect.objectContaining({ code: 'unavailable' }));
  });

  it('survives a lesson that fails to stop when its lease is lost', async () => {
    const a = new LessonLeases(await client(), 'a', TTL_MS, log, () => { throw new Error('close failed'); });
    const lease = await a.claim('L1') as Lease;
    await raw.set('lesson:L1:owner', 'b:7');
    await expect(a.renew(() => true, 0)).resolves.toBeUndefined();
    expect(lease.held).toBe(false);
  });

  it('loses the lease when it runs out unrenewed, with Redis away and renewals unanswered', async () => {
    const lost: string[] = [];
    const a = node('a', await client(), lost);
    const lease = await a.claim('L1') as Lease;
    const claimedAt = performance.now();
    const down = redis.restart(TTL_MS * 2);
    // Renewals go on as the node's timer sends them; none gets through.
    const renewals = setInterval(() => void a.renew(() => true, 0), TTL_MS / 3);
    await waitFor(() => lost.length > 0, TTL_MS * 2);
    const lostAfter = performance.now() - claimedAt;
    clearInterval(renewals);
    await down;
    expect(lost).toEqual(['L1']);
    expect(lease.held).toBe(false);
    // Stopped within the TTL of the last grant (timers may run a little late).
    expect(lostAfter).toBeLessThan(TTL_MS + 300);
  });

  it('gives a lesson that another node holds to a new owner only once its lease expired', async () => {
    const a = node('a', await client());
    const b = node('b', await client());
    const first = await a.claim('L1') as Lease;
    // a dies here: nobody renews its lease.
    expect(await b.claim('L1')).toEqual({ ownerNodeId: 'a' });
    const deadline = Date.now() + TTL_MS + 1000;
    let outcome = await b.claim('L1');
    while (!(outcome instanceof Lease) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      outcome = await b.claim('L1');
    }
    expect(outcome).toBeInstanceOf(Lease);
    expect((outcome as Lease).token).toBeGreaterThan(first.token);
  });

  it('says which Redis it cannot reach, without its password, and gives up starting', async () => {
    const closed = await freePort();
    const attempt = connectRedis(`redis://:hunter2-secret@127.0.0.1:${closed}`, { purpose: 'test', failFast: true, commandTimeoutMs: 500 }, log);
    const error = await attempt.then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(new RegExp(`^cannot reach Redis at redis://127\\.0\\.0\\.1:${closed} \\(REDIS_URL\\) within 10 s: .*ECONNREFUSED`));
    expect(error?.message).not.toContain('hunter2');
  }, 15_000);
});
