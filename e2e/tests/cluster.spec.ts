import { startPostgres, type TestPostgres } from '../../signaling/test/postgres.ts';
import { startRedis, type RedisFixture } from '../../signaling/test/redis.ts';
import { decodedFrames } from '../fixtures/media.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';
import { expect, test } from '../fixtures/test.ts';

// Cluster mode, phase 1, in a real browser: a projector page served by one node, for a lesson
// another node runs, is sent there at the handshake and plays the teacher's video.
test.describe('two nodes sharing a Redis', () => {
  let redis: RedisFixture;
  let postgres: TestPostgres;
  const nodes: RunningServer[] = [];

  test.beforeAll(async () => {
    redis = await startRedis();
    // One PostgreSQL database for both nodes: they share the records, as a cluster does.
    postgres = await startPostgres();
    const databaseUrl = await postgres.createDatabase();
    for (const nodeId of ['node-1', 'node-2']) {
      nodes.push(await startServer({
        REDIS_URL: redis.url, DATABASE_URL: databaseUrl, NODE_ID: nodeId, TOKEN_SECRET: 'e2e-cluster-token-secret-0123456789abcdef',
      }));
    }
  });
  test.afterAll(async () => {
    for (const node of nodes) await node.stop();
    await redis?.stop();
    postgres?.stop();
  });

  test('a projector opened on node 2 follows the lesson to node 1 and plays the teacher', async ({ browser }) => {
    const [first, second] = nodes as [RunningServer, RunningServer];
    const lesson = await first.createLesson(['Hill School']);
    const teacher = await (await browser.newContext()).newPage();
    await teacher.goto(lesson.teacherUrl); // node 1 runs the lesson from its first client on
    await teacher.getByTestId('go-live').click();
    await expect.poll(async () => (await teacher.evaluate(() =>
      (window as unknown as { __classroom: { mediaStats(): Promise<{ producers: number }> } }).__classroom.mediaStats())).producers,
    { timeout: 20_000 }).toBe(2);

    const projector = await (await browser.newContext()).newPage();
    const sockets: string[] = [];
    projector.on('websocket', (socket) => sockets.push(new URL(socket.url()).host));
    const link = new URL(lesson.classrooms[0]!.projectorUrl);
    const onSecond = new URL(`${link.pathname}${link.search}${link.hash}`, second.url);
    await projector.goto(onSecond.href);

    await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 30_000 }).toBeGreaterThan(0);
    const before = (await decodedFrames(projector, 'teacher-video')).frames;
    await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 10_000 }).toBeGreaterThan(before + 5);
    // Asked node 2 first (the page's own), then stayed on node 1.
    expect(sockets[0]).toBe(new URL(second.url).host);
    expect(sockets.at(-1)).toBe(new URL(first.url).host);
    expect(projector.url()).toBe(onSecond.href);
  });
});
