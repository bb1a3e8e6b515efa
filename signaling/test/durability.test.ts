import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedLesson, LessonReport } from '@classroom/shared';
import { join, nextEvent, ok, spawnServer, tokenOf, type TestSocket } from './harness.ts';
import { startPostgres, type TestPostgres } from './postgres.ts';

const ADMIN = 'test-admin-token-0123456789';
const dataDir = mkdtempSync(joinPath(tmpdir(), 'classroom-durability-'));
const sockets: TestSocket[] = [];
const children: ChildProcess[] = [];
// Commits flushed to disk as in production (fsync on): what is tested is what a real server keeps.
let postgres: TestPostgres | undefined;
beforeAll(async () => { postgres = await startPostgres({ durable: true }); });
afterAll(() => {
  for (const s of sockets) s.close();
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  postgres?.stop();
});

/** The records' setting of each database: SQLite in the data directory (the default), or PostgreSQL. */
const DATABASES = {
  sqlite: async () => ({ DATABASE_URL: undefined }),
  postgres: async () => ({ DATABASE_URL: await postgres!.createDatabase() }),
};

async function connect(url: string, link: string) {
  const socket = await join(url, tokenOf(link));
  sockets.push(socket);
  return socket;
}

describe.each(Object.keys(DATABASES) as (keyof typeof DATABASES)[])('records in %s survive a killed server', (database) => {
  it('keeps an acknowledged answer and the open question through SIGKILL and restart', async () => {
    const env = await DATABASES[database]();
    const first = await spawnServer(joinPath(dataDir, database), env);
    children.push(first.child);
    const res = await fetch(`${first.url}/api/lessons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Durable lesson', classrooms: [{ name: 'Hill' }, { name: 'River' }] }),
    });
    const lesson = (await res.json()) as CreatedLesson;
    const teacher = await connect(first.url, lesson.teacherUrl);
    const hill = await connect(first.url, lesson.classrooms[0]!.assistantUrl);
    await ok(hill, 'message:send', { to: { kind: 'teacher' }, quick: 'cant_hear' });
    const question = await ok(teacher, 'quiz:create', { question: { kind: 'single', prompt: '2 + 2 = ?', options: ['3', '4', '5'], correct: [1], timeLimitSeconds: 600 } });
    const launched = await ok(teacher, 'quiz:launch', { questionId: question.id });

    // Killed the instant the answer is acknowledged: no chance to flush or shut down.
    const exited = new Promise((r) => first.child.once('exit', r));
    await ok(hill, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [1] } });
    first.child.kill('SIGKILL');
    await exited;

    const second = await spawnServer(joinPath(dataDir, database), env);
    children.push(second.child);
    // The records were where they were meant to be: no SQLite file when they are in PostgreSQL.
    expect(existsSync(joinPath(dataDir, database, 'classroom.sqlite'))).toBe(database === 'sqlite');
    const teacherAgain = await connect(second.url, lesson.teacherUrl);
    const { quiz, messages } = await ok(teacherAgain, 'lesson:sync', {});
    expect(quiz.current).toMatchObject({ id: question.id, state: 'open', closesAt: launched.closesAt });
    expect(quiz.results!.submissions).toEqual([expect.objectContaining({ classroomName: 'Hill', answer: { mode: 'collective', choices: [1] } })]);
    expect(messages.map((m) => m.quick)).toEqual(['cant_hear']);
    // The question still takes answers after the restart.
    const river = await connect(second.url, lesson.classrooms[1]!.assistantUrl);
    await ok(river, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [2] } });
    expect((await ok(teacherAgain, 'quiz:results', { questionId: question.id })).counts).toEqual([0, 1, 1]);

    // Attendance from before the crash is closed at the restart, not left open forever.
    const report = (await (await fetch(`${second.url}/api/lessons/${lesson.id}/report`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as LessonReport;
    expect(report.attendance.find((a) => a.name === 'Hill')!.firstJoinedAt).not.toBeNull();
    expect(second.logs.some((l) => l.includes('closed attendance left open'))).toBe(true);
  }, 60_000);
});

describe.each(Object.keys(DATABASES) as (keyof typeof DATABASES)[])('hands and stage in %s survive a killed server', (database) => {
  it('keeps the hand queue in order, the stage and the switches; a hand whose classroom stays away drops after the grace', async () => {
    const env = await DATABASES[database]();
    const dir = joinPath(dataDir, `hands-${database}`);
    const first = await spawnServer(dir, env);
    children.push(first.child);
    const res = await fetch(`${first.url}/api/lessons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Hands', classrooms: [{ name: 'Hill' }, { name: 'River' }, { name: 'Lake' }] }),
    });
    const lesson = (await res.json()) as CreatedLesson;
    const [hillUrl, riverUrl, lakeUrl] = lesson.classrooms.map((c) => c.assistantUrl) as [string, string, string];
    const teacher = await connect(first.url, lesson.teacherUrl);
    const [hill, river, lake] = await Promise.all([hillUrl, riverUrl, lakeUrl].map((url) => connect(first.url, url)));
    await ok(teacher, 'lesson:goLive', {});
    const riverHand = await ok(river!, 'hand:raise', {});
    await ok(teacher, 'stage:invite', { classroomId: lesson.classrooms[2]!.id });
    await ok(lake!, 'stage:respond', { accept: true });
    await ok(teacher, 'classroom:setMic', { classroomId: lesson.classrooms[2]!.id, muted: true });
    await ok(hill!, 'classroom:setAudioOnly', { audioOnly: true });
    await ok(hill!, 'classroom:setVideoCap', { cap: 'low' });
    // Killed the instant the hand is acknowledged.
    const exited = new Promise((r) => first.child.once('exit', r));
    const hillHand = await ok(hill!, 'hand:raise', {});
    first.child.kill('SIGKILL');
    await exited;

    // A short grace: Hill does not come back, and its hand goes.
    const second = await spawnServer(dir, { ...env, HAND_GRACE_SECONDS: '3' });
    children.push(second.child);
    const teacherAgain = await connect(second.url, lesson.teacherUrl);
    const riverAgain = await connect(second.url, riverUrl);
    const snapshot = await ok(teacherAgain, 'lesson:sync', {});
    const byName = new Map(snapshot.classrooms.map((c) => [c.name, c]));
    const queue = snapshot.classrooms.filter((c) => c.hand).sort((a, b) => a.hand!.raisedAt - b.hand!.raisedAt);
    expect(queue.map((c) => [c.name, c.hand!.raisedAt])).toEqual([['River', riverHand.hand!.raisedAt], ['Hill', hillHand.hand!.raisedAt]]);
    expect(snapshot.stage).toEqual([{ classroomId: lesson.classrooms[2]!.id, name: 'Lake', state: 'on-stage' }]);
    expect(byName.get('Lake')).toMatchObject({ stage: 'on-stage', micMuted: true, cameraOff: false });
    expect(byName.get('Hill')).toMatchObject({ audioOnly: true, videoCap: 'low', hand: { dropsAt: expect.any(Number) } });
    // River is back within the grace: its hand keeps its place; Hill's drops, and that is stored.
    expect((await ok(riverAgain, 'lesson:sync', {})).classrooms[0]!.hand).toEqual({ raisedAt: riverHand.hand!.raisedAt, dropsAt: null });
    await nextEvent(teacherAgain, 'classroom:updated', (c) => c.name === 'Hill' && c.hand === null, 10_000);
    second.child.kill('SIGKILL');

    const third = await spawnServer(dir, env);
    children.push(third.child);
    const { classrooms } = await ok(await connect(third.url, lesson.teacherUrl), 'lesson:sync', {});
    expect(classrooms.filter((c) => c.hand).map((c) => c.name)).toEqual(['River']);
  }, 90_000);
});

describe.each(Object.keys(DATABASES) as (keyof typeof DATABASES)[])('graceful shutdown on %s', (database) => {
  it('tells clients on SIGTERM, exits 0, and leaves a database that opens cleanly with nothing open', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'classroom-sigterm-'));
    try {
      const env = await DATABASES[database]();
      const server = await spawnServer(dir, env);
      const res = await fetch(`${server.url}/api/lessons`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Short lesson', classrooms: [{ name: 'Hill' }] }),
      });
      const lesson = (await res.json()) as CreatedLesson;
      const projector = await connect(server.url, lesson.classrooms[0]!.projectorUrl);
      const told = new Promise((r) => projector.once('server:shuttingDown', r));
      const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
      server.child.kill('SIGTERM');
      expect(await told).toMatchObject({ reconnectAfterMs: expect.any(Number) });
      expect(await exited).toBe(0);
      expect(server.logs.some((l) => l.includes('server stopped'))).toBe(true);
      // Attendance was closed by the shutdown itself: a restart finds nothing left open.
      const again = await spawnServer(dir, env);
      children.push(again.child);
      expect(again.logs.some((l) => l.includes('closed attendance left open'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
