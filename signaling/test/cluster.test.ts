import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WrongNodeBody } from '@classroom/shared';
import { closeRedis, connectRedis, type Redis } from '../src/cluster/redis.ts';
import { createLogger } from '../src/logger.ts';
import {
  freePort, join, nextEvent, ok, spawnServer, startServer, tokenOf, waitFor, type TestServer, type TestSocket,
} from './harness.ts';
import { startRedis, type RedisFixture } from './redis.ts';

// Cluster mode, phase 1: nodes share a Redis; each lesson runs on one node (the holder of its
// lease), and a client that reaches another node is sent there.
const LEASE_SECONDS = 3;
const TOKEN_SECRET = 'cluster-test-token-secret-0123456789abcdef';

let redis: RedisFixture;
let raw: Redis;
/** One data directory for all nodes of a test: they share records, as they would in PostgreSQL. */
let dataDir: string;
const cleanups: (() => Promise<void> | void)[] = [];
const sockets: TestSocket[] = [];

function nodeEnv(nodeId: string, port: number, leaseSeconds = LEASE_SECONDS): Record<string, string> {
  return {
    REDIS_URL: redis.url, NODE_ID: nodeId, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
    TOKEN_SECRET, DATA_DIR: dataDir, CLUSTER_LEASE_SECONDS: String(leaseSeconds),
  };
}

/** A node in this process (its state can be looked at). */
async function inProcessNode(nodeId: string, leaseSeconds = LEASE_SECONDS): Promise<TestServer> {
  const server = await startServer(nodeEnv(nodeId, await freePort(), leaseSeconds));
  cleanups.push(() => server.stop());
  return server;
}

/** A node in a process of its own (to be killed like a real one). */
async function childNode(nodeId: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const node = await spawnServer(dataDir, nodeEnv(nodeId, port), port);
  cleanups.push(() => { node.child.kill('SIGKILL'); });
  return node;
}

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function client(url: string, link: string, origin?: string): Promise<TestSocket> {
  if (origin === undefined) {
    const socket = await join(url, tokenOf(link));
    sockets.push(socket);
    return socket;
  }
  const socket: TestSocket = connect(url, {
    auth: { token: tokenOf(link) }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin },
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The refusal's body of a handshake expected to fail. */
async function refusal(url: string, link: string): Promise<{ code: string; url?: string }> {
  try {
    const socket = await join(url, tokenOf(link));
    socket.close();
  } catch (error) {
    return (error as { data: WrongNodeBody }).data;
  }
  throw new Error(`expected ${url} to refuse the handshake`);
}

/** Retries a check until it passes (or its last failure after `timeoutMs`). */
async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('cluster mode', () => {
  beforeAll(async () => {
    // AOF: a restarted Redis keeps the leases and fence counters, as a production one must.
    redis = await startRedis({ persist: true });
    raw = await connectRedis(redis.url, { purpose: 'test', failFast: false, commandTimeoutMs: 2000 }, createLogger('silent'));
  });
  afterAll(async () => {
    await closeRedis(raw);
    await redis.stop();
  });
  beforeEach(() => { dataDir = mkdtempSync(joinPath(tmpdir(), 'classroom-cluster-')); });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
    await raw.flushAll();
  });

  it('lists every live node with its address and load; a killed node drops out within the lease time', async () => {
    const a = await inProcessNode('node-a');
    const b = await childNode('node-b');
    const nodes = await a.app.cluster!.nodes();
    expect(nodes.map((n) => [n.id, n.url])).toEqual([['node-a', a.url], ['node-b', b.url]]);
    for (const node of nodes) {
      expect(node.rtc).toEqual({ address: '127.0.0.1', port: 0 });
      expect(node.load).toEqual({
        connections: expect.any(Number), lessons: expect.any(Number), workers: expect.any(Number),
        routers: expect.any(Number), transports: expect.any(Number), consumers: expect.any(Number),
      });
    }

    const killedAt = Date.now();
    await killed(b.child);
    let ids = nodes.map((n) => n.id);
    while (ids.includes('node-b')) {
      await new Promise((r) => setTimeout(r, 100));
      ids = (await a.app.cluster!.nodes()).map((n) => n.id);
    }
    expect(ids).toEqual(['node-a']);
    expect(Date.now() - killedAt).toBeLessThan(LEASE_SECONDS * 1000 + 500);

    // A node that stops on purpose leaves at once.
    await cleanups.pop()!(); // b (already dead)
    await cleanups.pop()!(); // a
    expect(await raw.exists('cluster:node:node-a')).toBe(0);
  });

  it('refuses to start a second live node with the same NODE_ID', async () => {
    await inProcessNode('node-a');
    await expect(startServer(nodeEnv('node-a', await freePort()))).rejects.toThrow(/NODE_ID "node-a" is used by another live node/);
  });

  it('runs a lesson on one node, sends clients of the others there, and moves it when that node dies', async () => {
    const a = await childNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await b.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    expect(await raw.get(`lesson:${lesson.id}:owner`)).toBe('node-a:1');

    // The projector's page was served by node b: b refuses and names a, and a accepts b's pages.
    const projectorLink = lesson.classrooms[0]!.projectorUrl;
    expect(await refusal(b.url, projectorLink)).toEqual({ code: 'wrong_node', message: expect.any(String), url: a.url });
    expect(b.app.registry.get(lesson.id)).toBeUndefined();
    const present = nextEvent(teacher, 'classroom:updated', (c) => c.projectorOnline);
    await client(a.url, projectorLink, new URL(b.url).origin);
    await present;
    await expect(client(a.url, projectorLink, 'http://elsewhere.example')).rejects.toThrow();
    // And b's pages may open that socket (Content-Security-Policy connect-src).
    const csp = (await fetch(`${b.url}/projector`)).headers.get('content-security-policy');
    expect(csp).toContain(`connect-src 'self' ${a.url} ${a.url.replace('http', 'ws')}`);

    // a dies: until its registry entry and lease run out, b still names it (the client finds it
    // dead and comes back) or answers `unavailable`; then b runs the lesson itself.
    await killed(a.child);
    const codes = new Set<string>();
    const deadline = Date.now() + LEASE_SECONDS * 1000 + 2000;
    let moved: TestSocket | undefined;
    while (!moved && Date.now() < deadline) {
      try {
        moved = await client(b.url, lesson.teacherUrl);
      } catch (error) {
        codes.add((error as { data: { code: string } }).data.code);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(moved?.connected).toBe(true);
    expect([...codes].filter((code) => code !== 'wrong_node' && code !== 'unavailable')).toEqual([]);
    // A larger fencing token than a's: anything a might still write is recognisably stale.
    expect(await raw.get(`lesson:${lesson.id}:owner`)).toBe('node-b:2');
    expect(b.app.cluster!.lease(lesson.id)?.token).toBe(2);
    expect((await ok(moved!, 'lesson:sync', {})).lesson.id).toBe(lesson.id);
  });

  it('stops a lesson at once when its lease is taken or deleted, and its clients come back to the owner', async () => {
    const a = await inProcessNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await a.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    await client(a.url, lesson.classrooms[0]!.projectorUrl);
    await ok(teacher, 'lesson:goLive', {});
    const key = `lesson:${lesson.id}:owner`;

    // Another node holds it now (as after a's renewals failed for longer than the lease).
    const dropped = new Promise((resolve) => teacher.once('disconnect', resolve));
    await raw.set(key, 'node-b:7', { PX: 10_000 });
    expect(await dropped).toBe('io server disconnect');
    expect(a.app.registry.get(lesson.id)).toBeUndefined();
    expect(a.app.cluster!.lease(lesson.id)).toBeUndefined();
    expect(await refusal(a.url, lesson.teacherUrl)).toMatchObject({ code: 'wrong_node', url: b.url });

    // Deleted: lost all the same; the next client takes it anew, with the next token.
    await raw.set(key, 'node-a:1'); // as if a still held it
    await raw.del(key);
    const back = await client(a.url, lesson.teacherUrl);
    expect(await raw.get(key)).toBe('node-a:2');
    const droppedAgain = new Promise((resolve) => back.once('disconnect', resolve));
    await raw.del(key);
    expect(await droppedAgain).toBe('io server disconnect');
    await waitFor(() => a.app.registry.get(lesson.id) === undefined);
  });

  it('rides out Redis restarting for a few seconds: no node fails, the registry and the lease come back', async () => {
    // The production lease time: it must outlast a short outage.
    const a = await inProcessNode('node-a', 6);
    const b = await inProcessNode('node-b', 6);
    const lesson = await a.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    const projector = await client(a.url, lesson.classrooms[0]!.projectorUrl);
    await ok(teacher, 'lesson:goLive', {});
    const owner = await raw.get(`lesson:${lesson.id}:owner`);
    let drops = 0;
    teacher.on('disconnect', () => { drops += 1; });

    await redis.restart(2_000);
    // Each node reads the registry again once its connection is back.
    for (const node of [a, b]) {
      await eventually(async () => expect((await node.app.cluster!.nodes()).map((n) => n.id)).toEqual(['node-a', 'node-b']));
    }
    expect(await raw.get(`lesson:${lesson.id}:owner`)).toBe(owner);
    expect(a.app.cluster!.lease(lesson.id)).toBeDefined();
    expect(drops).toBe(0);
    // The lesson goes on, and b still sends its clients to a.
    const locked = nextEvent(projector, 'lesson:lockChanged');
    await ok(teacher, 'lesson:setLocked', { locked: true });
    expect(await locked).toEqual({ locked: true });
    expect(await refusal(b.url, lesson.classrooms[0]!.projectorUrl)).toMatchObject({ code: 'wrong_node', url: a.url });
  });
});
