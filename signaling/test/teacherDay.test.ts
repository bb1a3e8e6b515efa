import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomLinks, LessonDetail, LessonReport, Question } from '@classroom/shared';
import { ok, tokenOf, type TestServer } from './harness.ts';
import { lessonOnNowFor, unique, useRecordsServer } from './schoolRecords.ts';

// Issue 17, "the teacher's day": a teacher's permanent link reads its day, joins its lessons, and
// does over REST what a lesson's own teacher link does (questions, report, who is connected), for
// its own lessons only. (Its handshake for another teacher's lesson is refused: standingLinks.test.ts.)
const { testServer, api } = useRecordsServer();
let server: TestServer;
beforeAll(() => { server = testServer.server; });

/** A teacher with a lesson on now, its permanent link and today's lesson id. */
async function teacherWithLesson() {
  const records = await lessonOnNowFor(api, { school: unique('光明小学'), classrooms: ['一班'], teacher: unique('王老师') });
  const { teacherUrl } = await api.teacherLink(records.teacher.id);
  const day = (await api.today(teacherUrl)).body;
  return { ...records, teacherUrl, token: tokenOf(teacherUrl), lessonId: day.lessons[0]!.lessonId! };
}

const QUESTION = { kind: 'true_false', prompt: 'The sun is a star', correct: [0] };

describe('a teacher\'s permanent link', () => {
  it('reads its own lessons of today, each with its school\'s clock', async () => {
    const mine = await teacherWithLesson();
    await teacherWithLesson(); // another teacher's lesson, on at the same time
    const { status, body: day } = await api.today(mine.teacherUrl);
    expect(status).toBe(200);
    expect(day.you).toEqual({ kind: 'teacher', teacher: mine.teacher });
    expect(day.lessons).toMatchObject([{ weeklyLessonId: mine.weekly.id, title: mine.weekly.title, classrooms: 1, lessonId: mine.lessonId, phase: 'scheduled' }]);
    // A teacher's day spans schools: each lesson says whose clock its times are read on.
    expect(day.lessons[0]!.timeZone).toBe(mine.weekly.timeZone);
  });

  it('does the lesson teacher\'s REST on its own lessons, and is refused on another teacher\'s with the reason', async () => {
    const mine = await teacherWithLesson();
    const other = await teacherWithLesson();
    const call = (method: string, path: string, body?: unknown) => api.call(method, path, body, mine.token);

    // Its own lesson: who is connected, questions, report (JSON and CSV).
    const projector = await testServer.connect((await api.classroomLinks(mine.classrooms[0]!.id)).projectorUrl, mine.lessonId);
    await ok(projector, 'lesson:sync', {});
    const detail = await call('GET', `/api/lessons/${mine.lessonId}`);
    expect(detail.status).toBe(200);
    expect((detail.body as LessonDetail).classrooms).toMatchObject([{ projectorOnline: true, assistantOnline: false }]);
    expect((await call('POST', `/api/lessons/${mine.lessonId}/questions`, QUESTION)).status).toBe(201);
    expect(((await call('GET', `/api/lessons/${mine.lessonId}/questions`)).body as Question[]).map((q) => q.prompt)).toEqual([QUESTION.prompt]);
    const report = await call('GET', `/api/lessons/${mine.lessonId}/report`);
    expect(report.status).toBe(200);
    expect((report.body as LessonReport).lesson).toMatchObject({ id: mine.lessonId, title: mine.weekly.title });
    const csv = await fetch(`${server.url}/api/lessons/${mine.lessonId}/report.csv`, { headers: { authorization: `Bearer ${mine.token}` } });
    expect(csv.status).toBe(200);

    // Another teacher's lesson: 403, saying why, for every one of them; nothing was added.
    const refusal = { status: 403, body: { error: { code: 'forbidden', message: expect.stringMatching(/not one of this teacher's/) } } };
    expect(await call('GET', `/api/lessons/${other.lessonId}`)).toMatchObject(refusal);
    expect(await call('POST', `/api/lessons/${other.lessonId}/questions`, QUESTION)).toMatchObject(refusal);
    expect(await call('GET', `/api/lessons/${other.lessonId}/questions`)).toMatchObject(refusal);
    expect(await call('GET', `/api/lessons/${other.lessonId}/report`)).toMatchObject(refusal);
    expect(await call('GET', `/api/lessons/${other.lessonId}/report.csv`)).toMatchObject(refusal);
    expect(await server.app.stores.quiz.questions(other.lessonId)).toEqual([]);
    // An ad-hoc lesson is no teacher's: refused too; a classroom's permanent link never reads a lesson.
    const adHoc = await server.createLesson(['Hill']);
    expect(await call('GET', `/api/lessons/${adHoc.id}/report`)).toMatchObject(refusal);
    const links: ClassroomLinks = await api.classroomLinks(mine.classrooms[0]!.id);
    expect(await api.call('GET', `/api/lessons/${mine.lessonId}/report`, undefined, tokenOf(links.projectorUrl))).toMatchObject({ status: 403 });
  });
});
