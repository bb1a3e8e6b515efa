import { describe, expect, it } from 'vitest';
import pg from 'pg';
import type { LessonReport } from '@classroom/shared';
import { adminApi, eventually, killed, LEASE_SECONDS, useCluster } from './clusterNodes.ts';
import { freePort, nextEvent, ok, send, startServer, waitFor, type TestSocket } from './harness.ts';

// Cluster mode: nodes share a Redis and a PostgreSQL; each lesson runs on one node (the holder
// of its lease), and a client that reaches another node is sent there.
const cluster = useCluster();
const { inProcessNode, childNode, client, refusal } = cluster;

describe('cluster mode', () => {
  it('lists every live node with its address and load; a killed node drops out within the lease time', async () => {
    const a = await inProcessNode('node-a');
    const b = await childNode('node-b');
    const nodes = await a.app.cluster!.nodes();
    expect(nodes.map((n) => [n.id, n.url])).toEqual([['node-a', a.url], ['node-b', b.url]]);
    for (const node of nodes) {
      expect(node.rtc).toEqual({ address: '127.0.0.1', port: 0 });
      expect(node.load).toEqual({
        connections: expect.any(Number), lessons: expect.any(Number), workers: expect.any(Number),
        routers: expect.any(Number), transports: expect.any(Number), consumers: expect.any(Number),
      });
    }

    const killedAt = Date.now();
    await killed(b.child);
    let ids = nodes.map((n) => n.id);
    while (ids.includes('node-b')) {
      await new Promise((r) => setTimeout(r, 100));
      ids = (await a.app.cluster!.nodes()).map((n) => n.id);
    }
    expect(ids).toEqual(['node-a']);
    expect(Date.now() - killedAt).toBeLessThan(LEASE_SECONDS * 1000 + 500);

    // A node that stops on purpose leaves at once (stopping twice is harmless).
    await a.stop();
    expect(await cluster.raw.exists('cluster:node:node-a')).toBe(0);
  });

  it('refuses to start a second live node with the same NODE_ID', async () => {
    await inProcessNode('node-a');
    await expect(startServer(cluster.nodeEnv('node-a', await freePort(), {}))).rejects.toThrow(/NODE_ID "node-a" is used by another live node/);
  });

  it('runs a lesson on one node, sends teachers of the others there, and moves it when that node dies', async () => {
    const a = await childNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await b.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    expect(await cluster.raw.get(`lesson:${lesson.id}:owner`)).toBe('node-a:1');

    // A teacher's page served by node b: b refuses and names a, and a accepts b's pages.
    const projectorLink = lesson.classrooms[0]!.projectorUrl;
    expect(await refusal(b.url, lesson.teacherUrl)).toEqual({ code: 'wrong_node', message: expect.any(String), url: a.url });
    expect(b.app.registry.get(lesson.id)).toBeUndefined();
    const present = nextEvent(teacher, 'classroom:updated', (c) => c.projectorOnline);
    await client(a.url, projectorLink, new URL(b.url).origin);
    await present;
    await expect(client(a.url, projectorLink, 'http://elsewhere.example')).rejects.toThrow();
    // And b's pages may open that socket (Content-Security-Policy connect-src).
    const csp = (await fetch(`${b.url}/projector`)).headers.get('content-security-policy');
    expect(csp).toContain(`connect-src 'self' ${a.url} ${a.url.replace('http', 'ws')}`);

    // a dies: until its registry entry and lease run out, b still names it (the client finds it
    // dead and comes back) or answers `unavailable`; then b runs the lesson itself.
    await killed(a.child);
    const codes = new Set<string>();
    const moved = await cluster.clientOnceMoved(b.url, lesson.teacherUrl, codes);
    expect(moved.connected).toBe(true);
    expect([...codes].filter((code) => code !== 'wrong_node' && code !== 'unavailable')).toEqual([]);
    // A larger fencing token than a's: anything a might still write is recognisably stale.
    expect(await cluster.raw.get(`lesson:${lesson.id}:owner`)).toBe('node-b:2');
    expect(b.app.cluster!.lease(lesson.id)?.token).toBe(2);
    expect((await ok(moved, 'lesson:sync', {})).lesson.id).toBe(lesson.id);

    // Pages a served are still open somewhere: long after a left, their sockets get in on b.
    await waitFor(async () => !(await b.app.cluster!.nodes()).some((node) => node.id === 'node-a'), LEASE_SECONDS * 1000 + 1000);
    await client(b.url, lesson.classrooms[0]!.projectorUrl, new URL(a.url).origin);
  });

  it('stops a lesson at once when its lease is taken or deleted, and its clients come back to the owner', async () => {
    const a = await inProcessNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await a.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    await client(a.url, lesson.classrooms[0]!.projectorUrl);
    await ok(teacher, 'lesson:goLive', {});
    const key = `lesson:${lesson.id}:owner`;

    // Another node holds it now (as after a's renewals failed for longer than the lease).
    const dropped = new Promise((resolve) => teacher.once('disconnect', resolve));
    await cluster.raw.set(key, 'node-b:7', { PX: 10_000 });
    expect(await dropped).toBe('io server disconnect');
    expect(a.app.registry.get(lesson.id)).toBeUndefined();
    expect(a.app.cluster!.lease(lesson.id)).toBeUndefined();
    expect(await refusal(a.url, lesson.teacherUrl)).toMatchObject({ code: 'wrong_node', url: b.url });

    // Deleted: lost all the same; the next client takes it anew, with the next token.
    await cluster.raw.set(key, 'node-a:1'); // as if a still held it
    await cluster.raw.del(key);
    const back = await client(a.url, lesson.teacherUrl);
    expect(await cluster.raw.get(key)).toBe('node-a:2');
    const droppedAgain = new Promise((resolve) => back.once('disconnect', resolve));
    await cluster.raw.del(key);
    expect(await droppedAgain).toBe('io server disconnect');
    await waitFor(() => a.app.registry.get(lesson.id) === undefined);
  });

  it('rides out Redis restarting for a few seconds: no node fails, the registry and the lease come back', async () => {
    // The production lease time: it must outlast a short outage.
    const a = await inProcessNode('node-a', { CLUSTER_LEASE_SECONDS: '6' });
    const b = await inProcessNode('node-b', { CLUSTER_LEASE_SECONDS: '6' });
    const lesson = await a.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    const projector = await client(a.url, lesson.classrooms[0]!.projectorUrl);
    await ok(teacher, 'lesson:goLive', {});
    const owner = await cluster.raw.get(`lesson:${lesson.id}:owner`);
    let drops = 0;
    teacher.on('disconnect', () => { drops += 1; });

    await cluster.redis.restart(2_000);
    // Each node reads the registry again once its connection is back.
    for (const node of [a, b]) {
      await eventually(async () => expect((await node.app.cluster!.nodes()).map((n) => n.id)).toEqual(['node-a', 'node-b']));
    }
    expect(await cluster.raw.get(`lesson:${lesson.id}:owner`)).toBe(owner);
    expect(a.app.cluster!.lease(lesson.id)).toBeDefined();
    expect(drops).toBe(0);
    // The lesson goes on, and b still sends its teacher to a.
    const locked = nextEvent(projector, 'lesson:lockChanged');
    await ok(teacher, 'lesson:setLocked', { locked: true });
    expect(await locked).toEqual({ locked: true });
    expect(await refusal(b.url, lesson.teacherUrl)).toMatchObject({ code: 'wrong_node', url: a.url });
  });

  it('loses no acknowledged record while Redis restarts for 5 s', async () => {
    const a = await inProcessNode('node-a', { CLUSTER_LEASE_SECONDS: '6' });
    const b = await inProcessNode('node-b', { CLUSTER_LEASE_SECONDS: '6' });
    const lesson = await a.createLesson(['Hill', 'River']);
    const teacher = await client(a.url, lesson.teacherUrl);
    await ok(teacher, 'lesson:goLive', {});
    // One assistant on the lesson's node, one on an edge (its commands cross Redis).
    const senders = [await client(a.url, lesson.classrooms[0]!.assistantUrl), await client(b.url, lesson.classrooms[1]!.assistantUrl)];
    const acknowledged: number[] = [];
    let refused = 0;
    let sending = true;
    const loops = senders.map(async (socket, i) => {
      for (let n = 0; sending; n += 1) {
        const answer = await send(socket, 'message:send', { to: { kind: 'teacher' }, text: `${i}-${n}` }).catch(() => undefined);
        if (answer?.ok) acknowledged.push(answer.data.id);
        else refused += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    await cluster.redis.restart(5_000);
    await new Promise((r) => setTimeout(r, 1_500));
    sending = false;
    await Promise.all(loops);

    const db = new pg.Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    const stored = new Set((await db.query<{ id: number }>('SELECT id FROM messages WHERE lesson_id = $1', [lesson.id])).rows.map((row) => Number(row.id)));
    await db.end();
    console.info(`Redis down 5 s: ${acknowledged.length} messages acknowledged (${refused} refused or unanswered), all stored: ${acknowledged.every((id) => stored.has(id))}`);
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  }, 30_000);

  it('keeps one record of a lesson whose links were opened on different nodes: the same report from any node', async () => {
    const a = await inProcessNode('node-a');
    const b = await inProcessNode('node-b');
    const c = await inProcessNode('node-c');
    const lesson = await a.createLesson(['Hill', 'River']);
    const teacher = await client(a.url, lesson.teacherUrl);
    await ok(teacher, 'lesson:goLive', {});
    // Hill's assistant opened its link on b, River's on c: both stay there (edges of a, which runs the lesson).
    const hill = await cluster.clientVia(b.url, lesson.classrooms[0]!.assistantUrl);
    const river = await cluster.clientVia(c.url, lesson.classrooms[1]!.assistantUrl);
    expect([hill.redirectedTo, river.redirectedTo]).toEqual([undefined, undefined]);

    // Hands raised by both reach the teacher (hands are live state: the report has no hands).
    const raised = new Set<string>();
    teacher.on('classroom:updated', (status) => { if (status.hand) raised.add(status.name); });
    await ok(hill.socket, 'hand:raise', {});
    await ok(river.socket, 'hand:raise', {});
    await waitFor(() => raised.size === 2);

    const question = await ok(teacher, 'quiz:create', { question: { kind: 'single', prompt: '2 + 2?', options: ['3', '4'], correct: [1] } });
    await ok(teacher, 'quiz:launch', { questionId: question.id });
    await ok(hill.socket, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [1] } });
    await ok(river.socket, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [0] } });
    await ok(teacher, 'quiz:close', { questionId: question.id });

    // Read from the shared records by nodes that never ran the lesson.
    const reports = await Promise.all([b, c].map(async (node) => (await adminApi(node.url, `/api/lessons/${lesson.id}/report`)).body as LessonReport));
    expect(b.app.registry.get(lesson.id)).toBeUndefined();
    expect(c.app.registry.get(lesson.id)).toBeUndefined();
    for (const report of reports) {
      expect(report.lesson).toMatchObject({ id: lesson.id, phase: 'live' });
      expect(report.attendance.map((row) => [row.name, row.firstJoinedAt !== null])).toEqual([['Hill', true], ['River', true]]);
      expect(report.quizzes).toHaveLength(1);
      expect(report.quizzes[0]!.correctness.map((row) => [row.classroomId, row.correct])).toEqual([
        [lesson.classrooms[0]!.id, true], [lesson.classrooms[1]!.id, false],
      ]);
    }
    expect(reports[0]!.quizzes).toEqual(reports[1]!.quizzes);
  });

  it('refuses in the records what a node writes for a lesson another node took over meanwhile (fencing)', async () => {
    const a = await inProcessNode('node-a');
    const lesson = await a.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    const hill = await client(a.url, lesson.classrooms[0]!.assistantUrl);
    await ok(teacher, 'lesson:goLive', {});
    const question = await ok(teacher, 'quiz:create', { question: { kind: 'true_false', prompt: 'Is it raining?' } });
    await ok(teacher, 'quiz:launch', { questionId: question.id });
    const db = new pg.Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    try {
      const fence = async () => (await db.query<{ fence: number }>('SELECT fence FROM lessons WHERE id = $1', [lesson.id])).rows[0]!.fence;
      // a's lease token, raised when a loaded the lesson.
      expect(await fence()).toBe(a.app.cluster!.lease(lesson.id)!.token);

      // Another node took the lesson (as if a had been paused past its lease): it raised the
      // fence. a has not noticed yet (its lease is still held here), but its writes are refused.
      await db.query('UPDATE lessons SET fence = fence + 1 WHERE id = $1', [lesson.id]);
      expect(a.app.cluster!.lease(lesson.id)).toBeDefined();
      expect(await send(hill, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [0] } }))
        .toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(await send(teacher, 'lesson:stopLive', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(await send(teacher, 'lesson:setLocked', { locked: true })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      const { rows } = await db.query('SELECT l.phase, l.locked, (SELECT COUNT(*) FROM submissions) AS answers FROM lessons l WHERE l.id = $1', [lesson.id]);
      expect(rows).toEqual([{ phase: 'live', locked: 0, answers: '0' }]);
    } finally {
      await db.end();
    }
  });
});
