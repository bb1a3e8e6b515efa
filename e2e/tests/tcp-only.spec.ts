import { test } from '@playwright/test';
import { startServer, type RunningServer } from '../fixtures/server.ts';
import { broadcastToThreeProjectors } from '../fixtures/broadcast.ts';

// UDP blocked on the client side: Chromium may not use UDP at all, so ICE has to pick the
// server's TCP candidate (the server still offers both, as in production).
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required',
      '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    ],
  },
});

test.describe('live broadcast when UDP is blocked', () => {
  let server: RunningServer;
  test.beforeAll(async () => { server = await startServer(); });
  test.afterAll(async () => { await server?.stop(); });

  test('three projectors decode and hear the teacher over TCP', async ({ browser }) => {
    const results = await broadcastToThreeProjectors(browser, server, 'tcp');
    console.log('TCP-only time to first frame:', JSON.stringify(results));
  });
});
