import type { BrowserContext, Page, Response } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';
import { teacherLive } from '../fixtures/broadcast.ts';
import { decodedFrames, flowing } from '../fixtures/media.ts';
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
  const responses: Response[] = [];
  projector.on('response', (response) => {
    if (/\.(js|css)$/.test(new URL(response.url()).pathname) && !response.fromServiceWorker()) responses.push(response);
  });
  await projector.addInitScript(recordOrderOfStart);
  await projector.goto(lesson.classrooms[0]!.projectorUrl);
  await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 20_000 }).toBeGreaterThan(0);
  // (a) Every script and the stylesheet came brotli-compressed (but files too small to gain from it).
  expect(responses.length).toBeGreaterThan(5);
  const sent = await Promise.all(responses.map(async (r) => ({ path: new URL(r.url()).pathname, size: (await r.body()).length, encoding: r.headers()['content-encoding'] })));
  expect(sent.filter((r) => r.size >= 512 && r.encoding !== 'br')).toEqual([]);

  // The socket was opened by the page's first module, not once the rest had loaded and run
  // (the views render after the first frame).
  await expect(projector.getByTestId('projector')).toBeVisible();
  const started = await projector.evaluate(() => (window as unknown as { __started: Record<string, number> }).__started);
  expect(started['socket']).toBeLessThan(started['DOMContentLoaded']!);
  expect(started['socket']).toBeLessThan(started['render']!);

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

test('a projector connects its socket while the rest of its code is still on its way', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School']);
  await teacherLive(browser, lesson.teacherUrl);
  const context = await browser.newContext();
  const projector = await context.newPage();
  // Released once socket.io has answered the page's connect ('40'): the session, whose code
  // comes only then, must take the socket over as it is and join the lesson.
  const held = await holdSessionUntilTheSocketSays(context, projector, '40');
  await projector.goto(lesson.classrooms[0]!.projectorUrl);
  await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(held()).toBe(true);
  // (the service worker may still be fetching the page's files to keep them)
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
});

test('a projector shows the teacher before its views have loaded, and its views take that same picture', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School']);
  await teacherLive(browser, lesson.teacherUrl);
  const context = await browser.newContext();
  const projector = await context.newPage();
  // React (the views) held until the picture plays.
  let release!: () => void;
  const held = await holdScriptUntil(context, REACT_CODE, new Promise<void>((resolve) => { release = resolve; }));
  await projector.goto(lesson.classrooms[0]!.projectorUrl, { waitUntil: 'commit' });
  await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await projector.getByTestId('projector').count()).toBe(0);
  await projector.getByTestId('teacher-video').evaluate((video) => { video.dataset['picture'] = 'first'; });
  release();
  // The view, once loaded, holds the very element that played: nothing restarted, still playing.
  const view = projector.getByTestId('projector');
  await expect(view.locator('video[data-testid="teacher-video"][data-picture="first"]')).toHaveCount(1, { timeout: 20_000 });
  await expect(projector.getByTestId('teacher-video')).toHaveCount(1);
  await expect(projector.getByTestId('picture-first')).toHaveCount(0);
  await flowing(projector);
  expect(held()).toBe(true);
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
});

test('a projector has its lesson and transport before its code arrives, and misses nothing said meanwhile', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School']);
  const teacher = await teacherLive(browser, lesson.teacherUrl);
  const context = await browser.newContext();
  const projector = await context.newPage();
  const frames = socketFrames(projector);
  // The lesson and transport the server sends after the connect, then the slides added after
  // them: both before the session's code.
  const synced = frames.received((payload) => payload.startsWith('42["session:firstAnswers"'));
  const slidesAdded = frames.received((payload) => payload.includes('"media:producerAdded"') && payload.includes('"screen"'));
  let release!: () => void;
  const held = await holdScriptUntil(context, SESSION_CODE, new Promise<void>((resolve) => { release = resolve; }));
  // (its load event waits for the session's code)
  await projector.goto(lesson.classrooms[0]!.projectorUrl, { waitUntil: 'commit' });
  await synced;
  await teacher.getByTestId('toggle-screen').click();
  await slidesAdded;
  release();
  // The slides came after the sync's answer and before the session listened: still shown.
  await expect.poll(async () => (await decodedFrames(projector, 'screen-video')).frames, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(held()).toBe(true);
  // Never asked for: the session took what the server sent.
  expect(frames.commandsSent('"lesson:sync"')).toBe(0);
  expect(frames.commandsSent('"media:createTransport",{"direction":"recv"}')).toBe(0);
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
  await teacher.context().close();
});

test('a projector whose server sends no first answers (an older node) asks for them itself', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School']);
  const teacher = await teacherLive(browser, lesson.teacherUrl);
  const context = await browser.newContext();
  const projector = await context.newPage();
  // Between the page and the server: the server's first answers are dropped, as if it never sent them.
  let dropped = 0;
  const asked: string[] = [];
  await projector.routeWebSocket(/\/socket\.io\//, (page) => {
    const toServer = page.connectToServer();
    page.onMessage((message) => {
      asked.push(String(message));
      toServer.send(message);
    });
    toServer.onMessage((message) => {
      if (String(message).startsWith('42["session:firstAnswers"')) dropped += 1;
      else page.send(message);
    });
  });
  await projector.goto(lesson.classrooms[0]!.projectorUrl);
  await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(dropped).toBe(1);
  expect(asked.filter((message) => /^42\d*\["lesson:sync"/.test(message))).toHaveLength(1);
  await context.close();
  await teacher.context().close();
});

test('a projector whose socket was refused before its code arrived says why', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School']);
  const context = await browser.newContext();
  const projector = await context.newPage();
  // A link whose signature does not match: the server refuses the socket ('44', connect error).
  const url = new URL(lesson.classrooms[0]!.projectorUrl);
  url.searchParams.set('token', `${url.searchParams.get('token')!.slice(0, -2)}xx`);
  const held = await holdSessionUntilTheSocketSays(context, projector, '44');
  await projector.goto(url.toString());
  const status = projector.getByTestId('projector-status');
  await expect(status).toHaveAttribute('data-status', 'fatal', { timeout: 20_000 });
  expect(held()).toBe(true);
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
});

/** Words only in the file carrying the projector's session (SDP's grammar, sdp-transform), and React's. */
const SESSION_CODE = 'ice-ufrag';
const REACT_CODE = 'react.dev/errors';

/**
 * Holds the file carrying the session back (the biggest the page needs before its picture), as
 * a slow link would take ~0.5 s over it, until the page's socket receives a message starting
 * with `prefix`: the socket must not wait for it (it did, issue 17: a page's module graph runs
 * only once all of it has arrived). Held 10 s at most: then the page goes on, and the returned
 * function says false.
 */
async function holdSessionUntilTheSocketSays(context: BrowserContext, page: Page, prefix: string): Promise<() => boolean | null> {
  const frames = socketFrames(page);
  return holdScriptUntil(context, SESSION_CODE, frames.received((payload) => payload.startsWith(prefix)));
}

/**
 * Holds back the script whose code includes `carrying` until `released` (10 s at most); the
 * returned function says whether it was released in time (null: never asked for).
 */
async function holdScriptUntil(context: BrowserContext, carrying: string, released: Promise<unknown>): Promise<() => boolean | null> {
  let heldUntilReleased: boolean | null = null;
  await context.route(/\/assets\/[^/]+\.js$/, async (route) => {
    const response = await route.fetch();
    if ((await response.text()).includes(carrying)) {
      const held = await Promise.race([released.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
      heldUntilReleased = (heldUntilReleased ?? true) && held;
    }
    await route.fulfill({ response });
  });
  return () => heldUntilReleased;
}

/** The page's socket.io frames, both ways, as they pass. */
function socketFrames(page: Page) {
  const sent: string[] = [];
  const waiters: Array<{ test: (payload: string) => boolean; resolve: () => void }> = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => { sent.push(String(payload)); });
    ws.on('framereceived', ({ payload }) => {
      for (const waiter of waiters.filter((w) => w.test(String(payload)))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  return {
    /** How many commands sent so far begin with `start` (their name, and maybe their payload's start). */
    commandsSent: (start: string) => sent.filter((payload) => /^42\d*\[/.test(payload) && payload.replace(/^42\d*\[/, '').startsWith(start)).length,
    received: (test: (payload: string) => boolean) => new Promise<void>((resolve) => { waiters.push({ test, resolve }); }),
  };
}

/** In the page before its scripts: when the socket was opened, the DOM parsed, React first rendered. */
function recordOrderOfStart(): void {
  const started: Record<string, number> = {};
  (window as unknown as { __started: Record<string, number> }).__started = started;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      started['socket'] ??= performance.now();
      super(...args);
    }
  };
  document.addEventListener('DOMContentLoaded', () => { started['DOMContentLoaded'] = performance.now(); });
  new MutationObserver(() => {
    if (document.getElementById('root')?.firstChild) started['render'] ??= performance.now();
  }).observe(document, { childList: true, subtree: true });
}
