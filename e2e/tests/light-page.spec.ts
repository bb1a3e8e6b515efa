import { expect, test } from '../fixtures/test.ts';
import { teacherLive } from '../fixtures/broadcast.ts';
import { decodedFrames } from '../fixtures/media.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';

// A projector page for a weak link (issue 17): its files come compressed, and once loaded it is
// kept by the service worker, so that a reload starts from there even with the server out of
// reach; the lesson then goes on as soon as the network is back.
let server: RunningServer;
test.beforeAll(async () => { server = await startServer(); });
test.afterAll(async () => { await server?.stop(); });

test('a projector page comes compressed, reloads from its service worker offline, and still decodes the teacher', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School']);
  await teacherLive(browser, lesson.teacherUrl);
  const context = await browser.newContext();
  const projector = await context.newPage();
  const encodings = new Map<string, string>();
  projector.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (/\.(js|css)$/.test(pathname) && !response.fromServiceWorker()) encodings.set(pathname, response.headers()['content-encoding'] ?? 'none');
  });
  await projector.goto(lesson.classrooms[0]!.projectorUrl);
  await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 20_000 }).toBeGreaterThan(0);
  // (a) Every script and the stylesheet, big or small enough to be worth it, came brotli-compressed.
  expect(encodings.size).toBeGreaterThan(5);
  const big = [...encodings].filter(([path]) => !/errorCodes|HandToggle/.test(path));
  expect(Object.fromEntries(big.filter(([, encoding]) => encoding !== 'br'))).toEqual({});

  // The page has handed itself to the service worker.
  await expect.poll(() => projector.evaluate(async () => {
    const kept = await caches.match('/projector.html');
    return kept !== undefined && navigator.serviceWorker.controller !== null;
  }), { timeout: 20_000 }).toBe(true);

  // (b) Offline, a reload still starts: the page and its scripts come from the service worker.
  await context.setOffline(true);
  const reloaded = await projector.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(projector.getByTestId('projector')).toBeVisible();

  // (c) Back online, the socket comes back by itself and the teacher's video plays again.
  await context.setOffline(false);
  await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 30_000 }).toBeGreaterThan(0);
});
