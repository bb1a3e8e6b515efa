import pg from 'pg';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { CreatedLesson, LessonSnapshot } from '@classroom/shared';
import { ServerRoute } from '../../web/src/services/serverRoute.ts';
import { adminApi, eventually, killed, LEASE_SECONDS, useCluster } from './clusterNodes.ts';
import { ok, tokenOf, waitFor, type TestSocket } from './harness.ts';

// A node killed (SIGKILL) with lessons running: what it left open in the shared records is
// closed by the others, and its clients find the lesson again on another node.
const cluster = useCluster();
const { inProcessNode, childNode, client } = cluster;

type Room = CreatedLesson['classrooms'][number];

/** The attendance rows of a lesson: who, opened by which node, still open or not. */
async function attendance(lessonId: string): Promise<{ role: string; node: string | null; open: boolean }[]> {
  const db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ role: string; node_id: string | null; left_at: string | null }>(
      'SELECT role, node_id, left_at FROM attendance WHERE lesson_id = $1 ORDER BY id', [lessonId]);
    return rows.map((row) => ({ role: row.role, node: row.node_id, open: row.left_at === null }));
  } finally {
    await db.end();
  }
}

describe('a node killed with a lesson running', () => {
  it('has its open attendance closed by the node that takes the lesson over', async () => {
    const a = await childNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await b.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    await client(a.url, lesson.classrooms[0]!.projectorUrl);
    await ok(teacher, 'lesson:goLive', {});
    expect(await attendance(lesson.id)).toEqual([
      { role: 'teacher', node: 'node-a', open: true }, { role: 'projector', node: 'node-a', open: true },
    ]);

    await killed(a.child);
    await cluster.clientOnceMoved(b.url, lesson.teacherUrl);
    // Closed once a is out of the registry (within a lease time of its lease running out).
    await eventually(async () => expect(await attendance(lesson.id)).toEqual([
      { role: 'teacher', node: 'node-a', open: false }, { role: 'projector', node: 'node-a', open: false },
      { role: 'teacher', node: 'node-b', open: true },
    ]), LEASE_SECONDS * 1000 + 2000);
  });

  it('comes back on the node that takes it over with its hand queue in order, its stage and its switches', async () => {
    const a = await childNode('node-a');
    const b = await inProcessNode('node-b');
    await inProcessNode('node-c');
    const lesson = await b.createLesson(['Hill', 'River', 'Lake']);
    const [hill, river, lake] = lesson.classrooms as [Room, Room, Room];
    const teacher = await client(a.url, lesson.teacherUrl);
    const [hillAssistant, riverAssistant, lakeAssistant] = await Promise.all([hill, river, lake].map((c) => client(a.url, c.assistantUrl)));
    await ok(teacher, 'lesson:goLive', {});
    const riverHand = (await ok(riverAssistant!, 'hand:raise', {})).hand!;
    const hillHand = (await ok(hillAssistant!, 'hand:raise', {})).hand!;
    await ok(teacher, 'stage:invite', { classroomId: lake.id });
    await ok(lakeAssistant!, 'stage:respond', { accept: true });
    await ok(teacher, 'classroom:setMic', { classroomId: lake.id, muted: true });
    await ok(hillAssistant!, 'classroom:setAudioOnly', { audioOnly: true });

    await killed(a.child);
    const teacherAgain = await cluster.clientOnceMoved(b.url, lesson.teacherUrl);
    expect((await cluster.raw.get(`lesson:${lesson.id}:owner`))!.split(':')[0]).toBe('node-b');
    const { classrooms, stage } = await ok(teacherAgain, 'lesson:sync', {});
    const queue = classrooms.filter((c) => c.hand).sort((x, y) => x.hand!.raisedAt - y.hand!.raisedAt);
    expect(queue.map((c) => [c.name, c.hand!.raisedAt])).toEqual([['River', riverHand.raisedAt], ['Hill', hillHand.raisedAt]]);
    expect(stage).toEqual([{ classroomId: lake.id, name: 'Lake', state: 'on-stage' }]);
    expect(classrooms.find((c) => c.id === lake.id)).toMatchObject({ stage: 'on-stage', micMuted: true, cameraOff: false });
    expect(classrooms.find((c) => c.id === hill.id)).toMatchObject({ audioOnly: true, videoCap: 'high' });
    // Nobody of River is back yet: its hand waits the grace period. Back, it keeps its place.
    expect(classrooms.find((c) => c.id === river.id)!.hand).toEqual({ raisedAt: riverHand.raisedAt, dropsAt: expect.any(Number) });
    const riverAgain = await client(b.url, river.assistantUrl);
    expect((await ok(riverAgain, 'lesson:sync', {})).classrooms[0]!.hand).toEqual({ raisedAt: riverHand.raisedAt, dropsAt: null });
  });

  it('whose teacher never comes back ends by the away-teacher rule on another node', async () => {
    const a = await childNode('node-a');
    const b = await inProcessNode('node-b', { TEACHER_AWAY_END_MINUTES: '0.01' });
    const lesson = await b.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    await ok(teacher, 'lesson:goLive', {});
    // Joins are recorded beside the commands, not before them: wait for the teacher's row.
    await eventually(async () => expect(await attendance(lesson.id)).toEqual([{ role: 'teacher', node: 'node-a', open: true }]), 5000);

    // The teacher's row stays open in the records: without closing it, the teacher looks present.
    await killed(a.child);
    await eventually(async () => expect(await b.app.store.lesson(lesson.id)).toMatchObject({ phase: 'ended', endedReason: 'teacher_away' }),
      LEASE_SECONDS * 1000 + 4000);
    expect(await attendance(lesson.id)).toEqual([{ role: 'teacher', node: 'node-a', open: false }]);
  });
});

/**
 * A client driven as the web app's session drives its socket (web/src/services/session.ts): the
 * web app's own ServerRoute decides where to connect, socket.io retries network failures, and a
 * refusal is retried with the session's backoff. Its page came from `home` (its Origin).
 */
function webClient(home: string, link: string): { socket: TestSocket; route: ServerRoute; syncs: { at: number; url: string; snapshot: LessonSnapshot }[] } {
  const socket: TestSocket = cluster.track(connect(home, {
    auth: { token: tokenOf(link) }, transports: ['websocket'], forceNew: true, extraHeaders: { origin: new URL(home).origin },
  }));
  const route = new ServerRoute(socket, home);
  const syncs: { at: number; url: string; snapshot: LessonSnapshot }[] = [];
  let retries = 0;
  const retryLater = () => setTimeout(() => {
    if (!socket.connected && !socket.active) socket.connect();
  }, Math.min(1000 * 2 ** retries++, 15_000));
  socket.on('connect', () => {
    retries = 0;
    route.reached();
    const url = route.target;
    ok(socket, 'lesson:sync', {}).then((snapshot) => {
      route.learn(snapshot.servers);
      syncs.push({ at: Date.now(), url, snapshot });
    }, () => undefined);
  });
  socket.on('connect_error', (error) => {
    const step = route.afterConnectError(error);
    if (step === 'connect') socket.disconnect().connect();
    else if (step === 'retry' || !socket.active) retryLater();
  });
  socket.on('disconnect', (reason) => { if (reason === 'io server disconnect') retryLater(); });
  return { socket, route, syncs };
}

describe('a client whose node was killed', () => {
  it('finds the lesson again through another node, on its new owner, within 20 s', async () => {
    // The production lease time: the figure printed is what a deployment gets.
    const lease = { CLUSTER_LEASE_SECONDS: '6' };
    // The links, and so the pages, come from a: a is every client's own server, and it dies.
    const a = await childNode('node-a', lease);
    const b = await inProcessNode('node-b', lease);
    const c = await inProcessNode('node-c', lease);
    // a reads the live nodes at each renewal (a third of the lease): b and c are in its list after one.
    await new Promise((r) => setTimeout(r, 6000 / 3 + 300));
    const lesson = (await adminApi(a.url, '/api/lessons', { method: 'POST', body: { title: 'Maths', classrooms: [{ name: 'Hill' }] } })).body as CreatedLesson;
    const teacher = webClient(a.url, lesson.teacherUrl);
    const projector = webClient(a.url, lesson.classrooms[0]!.projectorUrl);
    // The assistant's laptop goes to sleep before a dies, and wakes up long after.
    const asleep = webClient(a.url, lesson.classrooms[0]!.assistantUrl);
    await waitFor(() => teacher.syncs.length === 1 && projector.syncs.length === 1 && asleep.syncs.length === 1);
    asleep.socket.disconnect();
    await ok(teacher.socket, 'lesson:goLive', {});
    expect(teacher.syncs[0]!.snapshot.servers).toEqual([a.url, b.url, c.url]);

    const killedAt = Date.now();
    await killed(a.child);
    await waitFor(() => teacher.syncs.length === 2 && projector.syncs.length === 2, 20_000);
    const back = [teacher.syncs[1]!, projector.syncs[1]!];
    const owner = (await cluster.raw.get(`lesson:${lesson.id}:owner`))!.split(':')[0];
    const ownerUrl = owner === 'node-b' ? b.url : owner === 'node-c' ? c.url : undefined;
    // The teacher on the new owner; the projector on whichever node it reached (its owner, or an edge of it).
    expect(back[0]!.url).toBe(ownerUrl);
    expect([b.url, c.url]).toContain(back[1]!.url);
    for (const { snapshot } of back) expect(snapshot).toMatchObject({ lesson: { id: lesson.id, phase: 'live' }, servers: expect.arrayContaining([b.url, c.url]) });
    const seconds = (Math.max(...back.map((sync) => sync.at)) - killedAt) / 1000;
    console.info(`node killed: both clients back on the lesson's new owner after ${seconds.toFixed(1)} s (lease 6 s)`);
    expect(seconds).toBeLessThan(20);

    // Long after a left the cluster, a page it served still gets in elsewhere (its origin is a's).
    await waitFor(async () => !(await b.app.cluster!.nodes()).some((node) => node.id === 'node-a'), 10_000);
    asleep.socket.connect();
    await waitFor(() => asleep.syncs.length === 2, 15_000);
    expect([b.url, c.url]).toContain(asleep.syncs[1]!.url);
  }, 60_000);
});
