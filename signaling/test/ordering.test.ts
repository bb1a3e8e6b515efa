import { describe, expect, it } from 'vitest';
import { join, ok, send, TEST_POSTGRES, tokenOf, useTestServer, waitFor } from './harness.ts';

// A lesson's commands run one at a time, in the order they arrive (Lesson.serially). Without
// that, two commands sent together both pass their checks while the first waits for the
// database, and both act. On PostgreSQL every write takes a real round trip, so they would.
const testServer = useTestServer({ DATABASE_URL: TEST_POSTGRES });

const question = (prompt: string) => ({ kind: 'single' as const, prompt, options: ['a', 'b'], correct: [0], timeLimitSeconds: null });

describe('commands of one lesson, sent together', () => {
  it('refuse a go-live that arrives right after the end: the lesson stays ended', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await testServer.connect(lesson.teacherUrl);
    const [ended, live] = await Promise.all([send(teacher, 'lesson:end', {}), send(teacher, 'lesson:goLive', {})]);
    expect(ended).toEqual({ ok: true, data: { phase: 'ended' } });
    expect(live).toMatchObject({ ok: false, error: { code: 'lesson_ended' } });
    expect((await testServer.server.app.store.lesson(lesson.id))!.phase).toBe('ended');
  });

  it('open one question of two launched at once', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await testServer.connect(lesson.teacherUrl);
    const first = await ok(teacher, 'quiz:create', { question: question('first') });
    const second = await ok(teacher, 'quiz:create', { question: question('second') });
    const answers = await Promise.all([
      send(teacher, 'quiz:launch', { questionId: first.id }), send(teacher, 'quiz:launch', { questionId: second.id }),
    ]);
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['ok', 'conflict']);
    const { quiz } = await ok(teacher, 'lesson:sync', {});
    expect(quiz.questions.filter((q) => q.state === 'open').map((q) => q.id)).toEqual([first.id]);
  });
});

describe('a connection that leaves while its join is being stored', () => {
  it('has its attendance row closed, and the lesson is released', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const { app, url } = testServer.server;
    // Gone the moment it is in: the leave comes while the join's row is being written.
    await Promise.all(Array.from({ length: 10 }, async () => (await join(url, tokenOf(lesson.classrooms[0]!.projectorUrl))).close()));
    await waitFor(() => app.registry.get(lesson.id) === undefined);
    await waitFor(async () => (await app.store.attendance(lesson.id)).length === 10);
    expect((await app.store.attendance(lesson.id)).filter((row) => row.leftAt === null)).toEqual([]);
  });
});
