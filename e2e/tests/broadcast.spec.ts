import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '../fixtures/test.ts';
import { broadcastToThreeProjectors } from '../fixtures/broadcast.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';

function record(name: string, results: unknown): void {
  const dir = join(import.meta.dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
}

test.describe('live broadcast over UDP', () => {
  let server: RunningServer;
  test.beforeAll(async () => { server = await startServer(); });
  test.afterAll(async () => { await server?.stop(); });

  test('three projectors decode the teacher video and receive audio', async ({ browser }, testInfo) => {
    const results = await broadcastToThreeProjectors(browser, server, 'udp');
    testInfo.annotations.push({ type: 'time to first frame (ms)', description: results.map((r) => r.ttffMs).join(', ') });
    console.log('time from projector page load to first decoded frame:', JSON.stringify(results));
    record('e2e-broadcast-udp', results);
  });
});
