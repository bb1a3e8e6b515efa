import { beforeAll, describe, expect, it } from 'vitest';
import type { LessonList, LessonSummary } from '@classroom/shared';
import { join, nextEvent, ok, publishTeacher, tokenOf, useTestServer, waitFor, type TestServer } from './harness.ts';

// A lesson whose teacher has gone ends by itself after TEACHER_AWAY_END_MINUTES (here 1.5 s),
// whether or not its classrooms are still there; until then the admin list says since when.
const AWAY_MS = 1500;
const testServer = useTestServer({ TEACHER_AWAY_END_MINUTES: String(AWAY_MS / 60_000) });
const connect = (link: string) => testServer.connect(link);
let server: TestServer;
beforeAll(() => { server = testServer.server; });

async function listed(lessonId: string): Promise<LessonSummary> {
  const response = await fetch(`${server.url}/api/lessons?limit=200`, { headers: { authorization: `Bearer ${server.app.adminToken}` } });
  return ((await response.json()) as LessonList).lessons.find((l) => l.id === lessonId)!;
}

describe('a lesson whose teacher stays away', () => {
  it('shows since when on the admin list, then ends by itself for the classrooms still there', async () => {
    const lesson = await server.createLesson(['Hill']);
    const teacher = await connect(lesson.teacherUrl);
    await publishTeacher(teacher);
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    expect(await listed(lesson.id)).toMatchObject({ phase: 'live', teacherAwaySince: null, endedReason: null });

    const left = Date.now();
    teacher.close();
    const ended = nextEvent(projector, 'lesson:phaseChanged', (e) => e.phase === 'ended', AWAY_MS + 3000);
    await waitFor(() => !server.app.registry.get(lesson.id)!.teacherConnected);
    const away = await listed(lesson.id);
    expect(away.phase).toBe('live');
    expect(Math.abs(Date.parse(away.teacherAwaySince!) - left)).toBeLessThan(1000);

    await ended;
    expect(Date.now() - left).toBeGreaterThanOrEqual(AWAY_MS - 100);
    await waitFor(() => server.app.registry.get(lesson.id) === undefined);
    expect(await listed(lesson.id)).toMatchObject({ phase: 'ended', teacherAwaySince: null, endedReason: 'teacher_away' });
    // Attendance closed for everyone; the report says how it ended.
    expect((await server.app.store.attendance(lesson.id)).every((row) => row.leftAt !== null)).toBe(true);
    const report = await fetch(`${server.url}/api/lessons/${lesson.id}/report`, { headers: { authorization: `Bearer ${server.app.adminToken}` } });
    expect(((await report.json()) as { lesson: { endedReason: string } }).lesson.endedReason).toBe('teacher_away');
  });

  it('ends a started lesson that everybody left, and leaves alone one whose teacher is there or that never started', async () => {
    const deserted = await server.createLesson(['Hill']);
    const teacher = await join(server.url, tokenOf(deserted.teacherUrl));
    await ok(teacher, 'lesson:goLive', {});
    await ok(teacher, 'lesson:stopLive', {});
    teacher.close();
    await waitFor(() => server.app.registry.get(deserted.id) === undefined);

    const attended = await server.createLesson(['River']);
    await publishTeacher(await connect(attended.teacherUrl));
    const notStarted = await server.createLesson(['Lake']);

    await waitFor(async () => (await server.app.store.lesson(deserted.id))!.phase === 'ended', AWAY_MS + 3000);
    expect((await server.app.store.lesson(deserted.id))!.endedReason).toBe('teacher_away');
    await new Promise((r) => setTimeout(r, AWAY_MS));
    expect((await server.app.store.lesson(attended.id))!.phase).toBe('live');
    expect((await server.app.store.lesson(notStarted.id))!.phase).toBe('scheduled');
  });
});
