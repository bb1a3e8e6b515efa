import { describe, expect, it } from 'vitest';
import type { CreatedLesson, EndedLesson, Question } from '@classroom/shared';
import { closeRedis, connectRedis } from '../src/cluster/redis.ts';
import { createLogger } from '../src/logger.ts';
import { adminApi, killed, useCluster } from './clusterNodes.ts';
import { nextEvent, ok, waitFor, type TestSocket } from './harness.ts';

// What the admin does to a lesson on any node, and the away-teacher rule, act on the live lesson
// of the node that runs it, not only on the shared records.
const cluster = useCluster();
const { inProcessNode, childNode, client } = cluster;

const disconnected = (socket: TestSocket) => new Promise((resolve) => socket.once('disconnect', resolve));

describe('admin actions in a cluster', () => {
  it('reach the clients of the node that runs the lesson when sent to another node', async () => {
    const a = await inProcessNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await a.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    const projector = await client(a.url, lesson.classrooms[0]!.projectorUrl);
    await ok(teacher, 'lesson:goLive', {});

    // A question prepared on b appears on the teacher's console at once.
    const saved = nextEvent(teacher, 'quiz:questionSaved');
    const created = await adminApi(b.url, `/api/lessons/${lesson.id}/questions`, { method: 'POST', body: { kind: 'true_false', prompt: 'Is it raining?' } });
    expect(created.status).toBe(201);
    expect((await saved).question).toEqual(created.body as Question);
    expect(b.app.registry.get(lesson.id)).toBeUndefined();

    // Links revoked on b: the connections on a close, and the old links are refused.
    const gone = [disconnected(teacher), disconnected(projector)];
    const revoked = await adminApi(b.url, `/api/lessons/${lesson.id}/links/revoke`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await cluster.refusal(a.url, lesson.teacherUrl)).toMatchObject({ code: 'link_revoked' });

    // Ended on b: the clients on a see it end.
    const links = revoked.body as CreatedLesson;
    const { socket: back } = await cluster.clientVia(b.url, links.classrooms[0]!.projectorUrl);
    const owner = (await cluster.raw.get(`lesson:${lesson.id}:owner`))!.split(':')[0];
    const other = owner === 'node-a' ? b : a;
    const ended = nextEvent(back, 'lesson:phaseChanged');
    const answer = await adminApi(other.url, `/api/lessons/${lesson.id}/end`, { method: 'POST' });
    expect(answer).toEqual({ status: 200, body: { id: lesson.id, phase: 'ended', endedReason: 'admin' } satisfies EndedLesson });
    expect(await ended).toEqual({ phase: 'ended' });
  });

  it('wait out a node that stopped: the next node to take the lesson does them', async () => {
    const a = await childNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await b.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    await ok(teacher, 'lesson:goLive', {});
    await killed(a.child);

    // a's lease is still in Redis: b waits for it to run out, then ends the lesson itself.
    const answer = await adminApi(b.url, `/api/lessons/${lesson.id}/end`, { method: 'POST' });
    expect(answer).toEqual({ status: 200, body: { id: lesson.id, phase: 'ended', endedReason: 'admin' } });
    expect(await b.app.store.lesson(lesson.id)).toMatchObject({ phase: 'ended', endedReason: 'admin' });
  });
});

describe('requests between nodes', () => {
  it('refuse what is malformed or for a lesson run elsewhere, and the node goes on serving', async () => {
    const a = await inProcessNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await a.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    const listener = await connectRedis(cluster.redis.url, { purpose: 'test', failFast: false, commandTimeoutMs: 2000 }, createLogger('silent'));
    try {
      const replies: { id: string; ok: boolean; error?: { code: string } }[] = [];
      await listener.subscribe('cluster:node:tester:replies', (message) => replies.push(JSON.parse(message) as (typeof replies)[number]));
      const ask = (message: unknown) => cluster.raw.publish('cluster:node:node-a:requests', typeof message === 'string' ? message : JSON.stringify(message));
      await ask('not json');
      await ask({ id: '1', from: 'tester', body: { lessonId: lesson.id, action: { kind: 'dropTables' } } });
      await ask({ id: '2', from: 'tester', body: { action: { kind: 'end', reason: 'admin' } } });
      await ask({ id: '3', from: 'tester', body: { lessonId: '0000000000000000', action: { kind: 'end', reason: 'admin' } } });
      await ask({ id: '4', from: 'tester', body: { lessonId: lesson.id, action: { kind: 'createQuestion', draft: { kind: 'single', prompt: 'x', options: ['only'] } } } });
      await waitFor(() => replies.length === 4);
      expect(replies.sort((x, y) => x.id.localeCompare(y.id)).map((r) => [r.id, r.ok, r.error?.code])).toEqual([
        ['1', false, 'invalid_payload'], ['2', false, 'invalid_payload'], ['3', false, 'wrong_node'], ['4', false, 'invalid_payload'],
      ]);
    } finally {
      await closeRedis(listener);
    }
    // Nothing changed, and the node still does what b sends it.
    expect(await a.app.store.lesson(lesson.id)).toMatchObject({ phase: 'scheduled' });
    const saved = nextEvent(teacher, 'quiz:questionSaved');
    expect((await adminApi(b.url, `/api/lessons/${lesson.id}/questions`, { method: 'POST', body: { kind: 'true_false', prompt: 'Still there?' } })).status).toBe(201);
    await saved;
  });
});

describe('the away-teacher rule in a cluster', () => {
  it('ends a lesson once, on the node that runs it, whose clients see it end', async () => {
    // b sweeps first (its limit is shorter): it must leave the lesson to a, which runs it.
    const a = await inProcessNode('node-a', { TEACHER_AWAY_END_MINUTES: '0.02' });
    await inProcessNode('node-b', { TEACHER_AWAY_END_MINUTES: '0.005' });
    const lesson = await a.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    const projector = await client(a.url, lesson.classrooms[0]!.projectorUrl);
    await ok(teacher, 'lesson:goLive', {});
    const ended = nextEvent(projector, 'lesson:phaseChanged', (e) => e.phase === 'ended', 8000);
    teacher.close();

    await ended;
    expect(await a.app.store.lesson(lesson.id)).toMatchObject({ phase: 'ended', endedReason: 'teacher_away' });
  });
});
