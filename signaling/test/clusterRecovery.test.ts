import { afterAll, describe } from 'vitest';
import { freePort, useTestServer } from './harness.ts';
import { recoveryCases } from './recoveryCases.ts';
import { startRedis, type RedisFixture } from './redis.ts';

// The same cases on the Redis streams adapter of cluster mode: recovery still works for the same
// link, and hands another link nothing (the session is kept in Redis, as claims only).
describe('connection state recovery in a cluster (Redis streams adapter)', () => {
  let redis: RedisFixture | undefined;
  const testServer = useTestServer(async () => {
    redis = await startRedis();
    const port = await freePort();
    return {
      REDIS_URL: redis.url, NODE_ID: 'recovery-node', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
      TOKEN_SECRET: 'cluster-test-token-secret-0123456789abcdef',
    };
  });
  afterAll(async () => { await redis?.stop(); });
  recoveryCases(testServer);
});
