import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger.ts';

export type Redis = RedisClientType;

/** How long the first connection may take before the node gives up starting. */
const FIRST_CONNECT_TIMEOUT_MS = 10_000;

/**
 * The Redis address without its password, for logs and error messages.
 */
export function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

export interface RedisOptions {
  /** What the connection is for, in its log lines. */
  purpose: string;
  /**
   * Fail commands at once while disconnected instead of queueing them until the reconnect.
   * The lease and registry want that: a renewal that waits in a queue past the lease's end is
   * worth nothing, and its outcome must be known as soon as possible.
   */
  failFast: boolean;
  /** Longest a command may wait for its reply, queued time included (node-redis defaults to 5 s). */
  commandTimeoutMs: number;
}

/**
 * A connected node-redis client that survives Redis going away: node-redis exits the process on
 * an `error` event nobody listens to, so errors are logged here (once per outage, not per retry),
 * and it reconnects with a capped backoff forever. Starting fails with a clear message if Redis
 * cannot be reached at all.
 */
export async function connectRedis(url: string, options: RedisOptions, log: Logger): Promise<Redis> {
  const address = redisAddress(url);
  const redisLog = log.child({ component: 'redis', purpose: options.purpose, redis: address });
  const client: Redis = createClient({
    url,
    disableOfflineQueue: options.failFast,
    commandOptions: { timeout: options.commandTimeoutMs },
    socket: {
      connectTimeout: 5_000,
      // 100 ms doubling to 1 s (a lease of 6 s must be renewed soon after Redis is back), with
      // jitter so that nodes do not all knock at once after a restart.
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 1_000) + Math.floor(Math.random() * 200),
    },
  });
  let down = false;
  let lastError = '';
  client.on('error', (error: Error) => {
    lastError = error.message;
    if (down) return;
    down = true;
    redisLog.error({ err: error.message }, 'Redis unreachable: retrying (cluster coordination is paused)');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    redisLog.info({}, 'Redis reachable again');
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(
          `cannot reach Redis at ${address} (REDIS_URL) within ${FIRST_CONNECT_TIMEOUT_MS / 1000} s${lastError ? `: ${lastError}` : ''}`,
        )), FIRST_CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    client.destroy();
    const reason = (error as Error).message;
    throw new Error(reason.startsWith('cannot reach') ? reason : `cannot reach Redis at ${address} (REDIS_URL): ${reason}`);
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/**
 * Closes a client, whether or not Redis is reachable: what was sent gets a second to be answered
 * (sessions kept for recovery, leases released), then the connection is dropped.
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.close().catch(() => undefined),
    new Promise((resolve) => { timer = setTimeout(resolve, 1_000); }),
  ]);
  clearTimeout(timer);
  if (client.isOpen) client.destroy();
}
