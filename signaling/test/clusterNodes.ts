import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { WrongNodeBody } from '@classroom/shared';
import { closeRedis, connectRedis, type Redis } from '../src/cluster/redis.ts';
import { createLogger } from '../src/logger.ts';
import {
  freePort, join, spawnServer, startServer, TEST_ADMIN_TOKEN, tokenOf, type TestServer, type TestSocket,
} from './harness.ts';
import { sharedPostgres } from './postgres.ts';
import { startRedis, type RedisFixture } from './redis.ts';

/** Short leases: a killed node's lessons move within seconds in the tests. */
export const LEASE_SECONDS = 3;
const TOKEN_SECRET = 'cluster-test-token-secret-0123456789abcdef';

export interface ChildNode {
  url: string;
  child: ChildProcess;
  logs: string[];
}

/**
 * Nodes of a cluster for one test file, on real parts: a redis-server with AOF (a restarted
 * Redis keeps the leases and fence counters, as a production one must) and one PostgreSQL
 * database per test that every node of the test shares, as a production cluster does.
 * Nodes run in this process (their state can be looked at) or as children (killed like real ones).
 */
export function useCluster() {
  let redis: RedisFixture;
  let raw: Redis;
  let databaseUrl: string;
  const cleanups: (() => Promise<void> | void)[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis({ persist: true });
    raw = await connectRedis(redis.url, { purpose: 'test', failFast: false, commandTimeoutMs: 2000 }, createLogger('silent'));
  });
  afterAll(async () => {
    await closeRedis(raw);
    await redis.stop();
  });
  beforeEach(async () => { databaseUrl = await (await sharedPostgres()).createDatabase(); });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await raw.flushAll();
  });

  const nodeEnv = (nodeId: string, port: number, env: Record<string, string>): Record<string, string> => ({
    REDIS_URL: redis.url, DATABASE_URL: databaseUrl, NODE_ID: nodeId, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
    TOKEN_SECRET, CLUSTER_LEASE_SECONDS: String(LEASE_SECONDS), ...env,
  });

  const cluster = {
    get redis(): RedisFixture { return redis; },
    /** A client of the tests' Redis, to look at (and tamper with) the keys. */
    get raw(): Redis { return raw; },
    get databaseUrl(): string { return databaseUrl; },
    nodeEnv,

    /** A node in this process (its state can be looked at). */
    async inProcessNode(nodeId: string, env: Record<string, string> = {}): Promise<TestServer> {
      const server = await startServer(nodeEnv(nodeId, await freePort(), env));
      cleanups.push(() => server.stop());
      return server;
    },

    /** A node in a process of its own (to be killed like a real one). */
    async childNode(nodeId: string, env: Record<string, string> = {}): Promise<ChildNode> {
      const port = await freePort();
      const dataDir = mkdtempSync(joinPath(tmpdir(), 'classroom-node-'));
      const node = await spawnServer(dataDir, nodeEnv(nodeId, port, env), port);
      cleanups.push(() => {
        node.child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      });
      return node;
    },

    /** Connects to that node (with that Origin, if given), closed after the test. */
    async client(url: string, link: string, origin?: string): Promise<TestSocket> {
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
    },

    /** Opens a link on one node and follows its `wrong_node` redirect, as the web app does. */
    async clientVia(url: string, link: string): Promise<{ socket: TestSocket; redirectedTo: string | undefined }> {
      const refused = await cluster.refusal(url, link, false);
      if (!refused) return { socket: await cluster.client(url, link), redirectedTo: undefined };
      if (refused.code !== 'wrong_node' || !refused.url) throw new Error(`${url} refused ${link}: ${refused.code}`);
      return { socket: await cluster.client(refused.url, link), redirectedTo: refused.url };
    },

    /**
     * Connects to a node once a killed node's lesson moved: until its lease runs out, the node
     * refuses (`wrong_node` naming the dead node, or `unavailable`); the codes go to `refusals`.
     */
    async clientOnceMoved(url: string, link: string, refusals = new Set<string>()): Promise<TestSocket> {
      const deadline = Date.now() + LEASE_SECONDS * 1000 + 3000;
      for (;;) {
        try {
          return await cluster.client(url, link);
        } catch (error) {
          if (Date.now() > deadline) throw error;
          refusals.add((error as { data?: { code: string } }).data?.code ?? (error as Error).message);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },

    /** The refusal's body of a handshake expected to fail (`expected` false: undefined if it is accepted). */
    async refusal(url: string, link: string, expected = true): Promise<{ code: string; url?: string } | undefined> {
      try {
        const socket = await join(url, tokenOf(link));
        socket.close();
      } catch (error) {
        return (error as { data: WrongNodeBody }).data;
      }
      if (expected) throw new Error(`expected ${url} to refuse the handshake`);
      return undefined;
    },

    /** Keeps a socket made elsewhere (e.g. reconnecting by itself) to close after the test. */
    track(socket: TestSocket): TestSocket {
      sockets.push(socket);
      return socket;
    },
  };
  return cluster;
}

export async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Retries a check until it passes (or its last failure after `timeoutMs`). */
export async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
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

/** An admin API call on one node: status and parsed body. */
export async function adminApi(url: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) as unknown : undefined };
}
