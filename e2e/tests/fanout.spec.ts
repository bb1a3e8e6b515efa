import { expect, test } from '../fixtures/test.ts';
import { broadcastToThreeProjectors } from '../fixtures/broadcast.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';

// Two workers, a router full after one classroom: the other projectors receive the teacher
// through a router on the second worker, fed by a pipe transport. Real frames must arrive.
let server: RunningServer;
test.beforeAll(async () => { server = await startServer({ MEDIASOUP_WORKERS: '2', CONSUMERS_PER_ROUTER: '2' }); });
test.afterAll(async () => { await server?.stop(); });

test('projectors on a piped router on another worker decode and hear the teacher', async ({ browser }) => {
  const results = await broadcastToThreeProjectors(browser, server, 'udp');
  console.log('fan-out across workers, time to first frame:', JSON.stringify(results));
  expect(server.logs.some((l) => l.includes('lesson grew to another worker'))).toBe(true);
});
