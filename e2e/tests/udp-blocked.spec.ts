import { chromium, expect, test } from '@playwright/test';
import { decodedFrames, receiverStats } from '../fixtures/media.ts';
import { canCreateNamespaces, createNamespace, type Namespace } from '../fixtures/netns.ts';
import { freePort, startServer, type RunningServer } from '../fixtures/server.ts';

// A school whose firewall drops all UDP: the projector's own network blocks it both ways, the
// server offers UDP and TCP as in production, and ICE must settle on TCP by itself.
test.skip(!canCreateNamespaces(), 'needs root, iproute2 and nftables to create a network namespace');

let ns: Namespace;
let server: RunningServer;
test.beforeAll(async () => {
  ns = createNamespace(6);
  ns.blockUdp();
  const port = await freePort();
  server = await startServer({ HOST: '0.0.0.0', PUBLIC_URL: `http://${ns.hostIp}:${port}`, RTC_LISTEN_IP: ns.hostIp }, { port });
});
test.afterAll(async () => {
  await server?.stop();
  ns?.remove();
});

test('a projector behind a UDP-blocking firewall joins over TCP', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School']);
  const teacher = await (await browser.newContext()).newPage();
  await teacher.goto(lesson.teacherUrl.replace(ns.hostIp, '127.0.0.1'));
  await teacher.getByTestId('go-live').click();

  const classroomBrowser = await chromium.launch({
    executablePath: ns.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const projector = await (await classroomBrowser.newContext()).newPage();
    await projector.goto(lesson.classrooms[0]!.projectorUrl);
    await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 40_000 }).toBeGreaterThan(10);
    const stats = await receiverStats(projector);
    expect(stats.candidateProtocol).toBe('tcp');
    expect(stats.audio!.packetsReceived).toBeGreaterThan(0);
  } finally {
    await classroomBrowser.close();
  }
});
