import { expect, test } from '../fixtures/test.ts';
import { decodedFrames, receiverStats } from '../fixtures/media.ts';
import { canCreateNamespaces, type Namespace } from '../fixtures/netns.ts';
import { liveLessonWithRemoteProjector, serverForNamespace } from '../fixtures/remoteClassroom.ts';
import type { RunningServer } from '../fixtures/server.ts';

// A school whose firewall drops all UDP: the projector's own network blocks it both ways, the
// server offers UDP and TCP as in production, and ICE must settle on TCP by itself.
// Skipped only on a machine where this run cannot make a network namespace (not root, or no
// iproute2/nftables): npm test's setup installs the tools and CI runs as root, so there it runs.
test.skip(!canCreateNamespaces(), 'needs root, iproute2 and nftables to create a network namespace');

let ns: Namespace;
let server: RunningServer;
test.beforeAll(async () => {
  ({ ns, server } = await serverForNamespace(6));
  ns.blockUdp();
});
test.afterAll(async () => {
  await server?.stop();
  ns?.remove();
});

test('a projector behind a UDP-blocking firewall joins over TCP', async ({ browser }) => {
  const { classroomBrowser, projector } = await liveLessonWithRemoteProjector(browser, server, ns);
  try {
    await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 40_000 }).toBeGreaterThan(10);
    const stats = await receiverStats(projector);
    expect(stats.candidateProtocol).toBe('tcp');
    expect(stats.audio!.packetsReceived).toBeGreaterThan(0);
  } finally {
    await classroomBrowser.close();
  }
});
