import { test } from '../fixtures/test.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';
import { broadcastToThreeProjectors } from '../fixtures/broadcast.ts';

// UDP blocked: the server's WebRtcServer and transports offer TCP only (RTC_ENABLE_UDP=false), so
// ICE has to succeed over TCP, as for a school whose firewall drops UDP.
test.describe('live broadcast when UDP is blocked', () => {
  let server: RunningServer;
  test.beforeAll(async () => { server = await startServer({ RTC_ENABLE_UDP: 'false' }); });
  test.afterAll(async () => { await server?.stop(); });

  test('three projectors decode and hear the teacher over TCP', async ({ browser }) => {
    const results = await broadcastToThreeProjectors(browser, server, 'tcp');
    console.log('TCP-only time to first frame:', JSON.stringify(results));
  });
});
