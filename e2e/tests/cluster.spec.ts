import { startPostgres, type TestPostgres } from '../../signaling/test/postgres.ts';
import { startRedis, type RedisFixture } from '../../signaling/test/redis.ts';
import { decodedFrames, flowing, receiverStats } from '../fixtures/media.ts';
import { mediasoupObjects } from '../fixtures/metrics.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';
import { expect, test, type Browser, type Page } from '../fixtures/test.ts';

// The cascade in real Chromium, on three nodes sharing a Redis and a PostgreSQL: the teacher on
// node 1 (the lesson's origin), a projector on node 2 and one on node 3, each receiving from its
// own node's routers, fed from node 1 through pipe transports; a classroom on node 3 on stage
// reaches the teacher and the projector on node 2 the same way.
test.describe('three nodes: one lesson, classrooms on their own nodes', () => {
  let redis: RedisFixture;
  let postgres: TestPostgres;
  const nodes: RunningServer[] = [];

  test.beforeAll(async () => {
    redis = await startRedis();
    postgres = await startPostgres();
    const databaseUrl = await postgres.createDatabase();
    for (const nodeId of ['node-1', 'node-2', 'node-3']) {
      nodes.push(await startServer({
        REDIS_URL: redis.url, DATABASE_URL: databaseUrl, NODE_ID: nodeId, TOKEN_SECRET: 'e2e-cluster-token-secret-0123456789abcdef',
        MEDIASOUP_WORKERS: '1',
      }));
    }
  });
  test.afterAll(async () => {
    for (const node of nodes) await node.stop();
    await redis?.stop();
    postgres?.stop();
  });

  /** Opens a link on a given node (as a page that node served). */
  async function openOn(browser: Browser, node: RunningServer, link: string, phone = false): Promise<Page> {
    const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {});
    const page = await context.newPage();
    const url = new URL(link);
    await page.goto(new URL(`${url.pathname}${url.search}${url.hash}`, node.url).href);
    return page;
  }

  async function framesAdvance(page: Page, testId: string): Promise<void> {
    await expect.poll(async () => (await decodedFrames(page, testId)).width, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = (await decodedFrames(page, testId)).frames;
    await expect.poll(async () => (await decodedFrames(page, testId)).frames, { timeout: 10_000 }).toBeGreaterThan(first + 5);
  }

  test('projectors on nodes 2 and 3 see and hear the teacher on node 1; node 3 on stage reaches both', async ({ browser }) => {
    const [first, second, third] = nodes as [RunningServer, RunningServer, RunningServer];
    const lesson = await first.createLesson(['Hill School', 'River School']);
    const hill = lesson.classrooms[0]!;
    const river = lesson.classrooms[1]!;
    const teacher = await openOn(browser, first, lesson.teacherUrl);
    await teacher.getByTestId('go-live').click();
    await expect.poll(async () => mediasoupObjects(first.url, 'producers'), { timeout: 20_000 }).toBe(2);

    const sockets: string[] = [];
    const hillProjector = await openOn(browser, second, hill.projectorUrl);
    hillProjector.on('websocket', (socket) => sockets.push(new URL(socket.url()).host));
    const riverProjector = await openOn(browser, third, river.projectorUrl);
    for (const projector of [hillProjector, riverProjector]) {
      await flowing(projector);
      await expect.poll(async () => (await receiverStats(projector)).audio?.totalSamplesReceived ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    }
    // Each projector receives from its own node: consumers there, none for it on node 1.
    expect(await mediasoupObjects(second.url, 'consumers')).toBeGreaterThanOrEqual(2);
    expect(await mediasoupObjects(third.url, 'consumers')).toBeGreaterThanOrEqual(2);
    expect(sockets.every((host) => host === new URL(second.url).host)).toBe(true);

    // River (node 3) raises its hand, the teacher invites it, its assistant (node 3) accepts.
    const riverAssistant = await openOn(browser, third, river.assistantUrl, true);
    await riverAssistant.getByTestId('raise-hand').click();
    const queue = teacher.getByTestId('hand-queue');
    await expect(queue.locator(':scope > *')).toHaveCount(1, { timeout: 15_000 });
    await queue.locator(':scope > *').first().getByTestId('invite-to-stage').click();
    await riverAssistant.getByTestId('accept-stage').click();
    await framesAdvance(teacher, 'stage-video');
    await framesAdvance(hillProjector, 'stage-video');
    await riverProjector.screenshot({ path: 'test-results/cluster-river-on-stage.png' });

    // The lesson ends: no mediasoup object is left on any node.
    await teacher.getByTestId('end-lesson').click();
    await teacher.getByTestId('confirm-ok').click();
    for (const node of nodes) {
      for (const type of ['routers', 'transports', 'producers', 'consumers'] as const) {
        await expect.poll(async () => mediasoupObjects(node.url, type), { timeout: 15_000, message: `${type} on ${node.url}` }).toBe(0);
      }
    }
  });

  /** Resolves once the page's teacher video advances again after a stall (a new element counts from 0). */
  async function receivingAgain(page: Page, timeout: number): Promise<void> {
    let last = -1;
    await expect.poll(async () => {
      const now = (await decodedFrames(page, 'teacher-video')).frames;
      const stalled = now === last;
      last = now;
      return stalled;
    }, { timeout: 10_000, intervals: [1000] }).toBe(true);
    let changes = 0;
    await expect.poll(async () => {
      const now = await decodedFrames(page, 'teacher-video');
      changes = now.width > 0 && now.frames > 0 && now.frames !== last ? changes + 1 : 0;
      last = now.frames;
      return changes >= 2;
    }, { timeout, intervals: [500] }).toBe(true);
  }

  // Kills node 3.
  test('an edge node is killed: its classroom receives again through another node within 15 s, the others notice nothing', async ({ browser }) => {
    const [first, second, third] = nodes as [RunningServer, RunningServer, RunningServer];
    const lesson = await first.createLesson(['Hill School', 'River School']);
    const teacher = await openOn(browser, first, lesson.teacherUrl);
    await teacher.getByTestId('go-live').click();
    await expect.poll(async () => mediasoupObjects(first.url, 'producers'), { timeout: 20_000 }).toBe(2);
    const hill = await openOn(browser, second, lesson.classrooms[0]!.projectorUrl);
    const river = await openOn(browser, third, lesson.classrooms[1]!.projectorUrl);
    await flowing(hill);
    await flowing(river);

    // Hill (node 2) is watched every 250 ms while node 3 dies and River moves.
    let watching = true;
    let longestStallMs = 0;
    const watched = (async () => {
      let last = (await decodedFrames(hill, 'teacher-video')).frames;
      let since = Date.now();
      while (watching) {
        await hill.waitForTimeout(250);
        const now = (await decodedFrames(hill, 'teacher-video')).frames;
        if (now !== last) since = Date.now();
        longestStallMs = Math.max(longestStallMs, Date.now() - since);
        last = now;
      }
    })();
    const killedAt = Date.now();
    await third.kill();
    await receivingAgain(river, 30_000);
    const seconds = (Date.now() - killedAt) / 1000;
    watching = false;
    await watched;
    console.info(`edge node killed: its projector decodes the teacher again (through another node) after ${seconds.toFixed(1)} s; `
      + `a projector on another edge: longest stall ${longestStallMs} ms`);
    expect(seconds).toBeLessThan(15);
    expect(longestStallMs).toBeLessThan(1000);
    await expect(hill.getByTestId('projector')).toHaveAttribute('data-status', 'playing');
  });

  // Last: it kills node 1.
  test('the origin is killed: the teacher publishes again elsewhere and the classroom receives within 20 s', async ({ browser }) => {
    const [first, second] = nodes as [RunningServer, RunningServer, RunningServer];
    const lesson = await second.createLesson(['Hill School']);
    const teacher = await openOn(browser, first, lesson.teacherUrl);
    await teacher.getByTestId('go-live').click();
    await expect.poll(async () => mediasoupObjects(first.url, 'producers'), { timeout: 20_000 }).toBe(2);
    const projector = await openOn(browser, second, lesson.classrooms[0]!.projectorUrl);
    await flowing(projector);

    const killedAt = Date.now();
    await first.kill();
    // The teacher's page (served by the dead node) finds another node, which took the lesson over,
    // and publishes there again.
    await receivingAgain(projector, 30_000);
    const seconds = (Date.now() - killedAt) / 1000;
    console.info(`origin node killed: the projector on node 2 decodes the teacher again after ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(20);
  });
});
