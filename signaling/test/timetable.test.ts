import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpErrorBody, LessonList, StandingDay, TimetableWeek, WeeklyLesson, WeeklyLessonBody, WeeklyLessonList } from '@classroom/shared';
import { tokenOf, type TestServer } from './harness.ts';
import { lessonOnNowFor, unique, useRecordsServer } from './schoolRecords.ts';

// The term timetable over REST: weekly lessons, holidays and one-off changes, the week view, and
// a permanent link's day, whose current lesson is opened once however many ask at once.
const { testServer, api } = useRecordsServer();
let server: TestServer;
beforeAll(() => { server = testServer.server; });

/** A teacher and two classrooms (of two schools, the first in Urumqi's time zone), ready for weekly lessons. */
async function records() {
  const far = await api.createSchool(unique('边疆小学'), 'Asia/Urumqi');
  const near = await api.createSchool(unique('城关小学'));
  const farRoom = await api.addClassroom(far.id, '四年级');
  const nearRoom = await api.addClassroom(near.id, '四年级');
  const teacher = await api.createTeacher(unique('张老师'));
  return { far, near, farRoom, nearRoom, teacher };
}

/** Mondays 08:00–08:45 of a spring term in 2031 (3 March is a Monday), a holiday on the 17th. */
const spring = (teacherId: string, classroomIds: string[]): WeeklyLessonBody => ({
  title: '数学', teacherId, classroomIds, weekday: 1, start: '08:00', end: '08:45',
  firstDate: '2031-03-03', lastDate: '2031-06-30', skippedDates: ['2031-03-17'],
});

describe('weekly lessons', () => {
  it('are created with names to show, in the first classroom\'s time zone unless given, changed and removed', async () => {
    const { far, farRoom, nearRoom, teacher, near } = await records();
    const created = await api.createWeekly(spring(teacher.id, [farRoom.id, nearRoom.id]));
    expect(created).toEqual({
      id: expect.any(String), title: '数学', subject: null, teacher, weekday: 1, start: '08:00', end: '08:45', timeZone: 'Asia/Urumqi',
      firstDate: '2031-03-03', lastDate: '2031-06-30', skippedDates: ['2031-03-17'], changes: [],
      classrooms: [{ id: farRoom.id, name: '四年级', schoolName: far.name }, { id: nearRoom.id, name: '四年级', schoolName: near.name }],
    });
    expect((await api.ok<WeeklyLessonList>('GET', '/api/weekly-lessons')).weeklyLessons).toContainEqual(created);

    const changed = await api.ok<WeeklyLesson>('PUT', `/api/weekly-lessons/${created.id}`,
      { ...spring(teacher.id, [nearRoom.id]), weekday: 3, timeZone: 'Asia/Shanghai', skippedDates: ['2031-05-07', '2031-05-07', '2031-05-01'] });
    expect(changed).toMatchObject({ weekday: 3, timeZone: 'Asia/Shanghai', skippedDates: ['2031-05-01', '2031-05-07'], classrooms: [{ id: nearRoom.id }] });

    expect((await api.call('DELETE', `/api/weekly-lessons/${created.id}`)).status).toBe(204);
    expect((await api.ok<WeeklyLessonList>('GET', '/api/weekly-lessons')).weeklyLessons.map((w) => w.id)).not.toContain(created.id);
    expect((await api.call('PUT', `/api/weekly-lessons/${created.id}`, spring(teacher.id, [nearRoom.id]))).status).toBe(404);
    expect((await api.call('DELETE', `/api/weekly-lessons/${created.id}`)).status).toBe(404);
  });

  it.each([
    ['an unknown teacher', { teacherId: 'nosuchteacher' }, 'teacherId'],
    ['an unknown classroom', { classroomIds: ['nosuchroom'] }, 'classroomIds'],
    ['no classroom', { classroomIds: [] }, 'classroomIds'],
    ['a classroom twice', { classroomIds: ['same', 'same'] }, 'classroomIds'],
    ['a weekday 8', { weekday: 8 }, 'weekday'],
    ['a time of 24:00', { start: '24:00' }, 'start'],
    ['the same start and end', { end: '08:00' }, 'end'],
    ['a term that ends before it starts', { lastDate: '2031-03-01' }, 'lastDate'],
    ['30 February', { skippedDates: ['2031-02-30'] }, 'skippedDates'],
    ['an unknown time zone', { timeZone: 'Asia/Atlantis' }, 'timeZone'],
    ['an unknown field', { room: 'x' }, 'room'],
  ])('refuses %s with 400, saying which field, changing nothing', async (_case, change, field) => {
    const { farRoom, teacher } = await records();
    const before = await api.ok<WeeklyLessonList>('GET', '/api/weekly-lessons');
    const answer = await api.call<HttpErrorBody>('POST', '/api/weekly-lessons', { ...spring(teacher.id, [farRoom.id]), ...change });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_payload', message: expect.stringContaining(field) });
    expect(await api.ok<WeeklyLessonList>('GET', '/api/weekly-lessons')).toEqual(before);
  });
});

describe('the week view', () => {
  it('shows the week\'s lessons day by day, without holidays, with cancelled and moved ones marked', async () => {
    const { farRoom, nearRoom, teacher } = await records();
    const weekly = await api.createWeekly({ ...spring(teacher.id, [nearRoom.id, farRoom.id]), title: unique('语文') });
    const week = async (date: string) => {
      const answer = await api.ok<TimetableWeek>('GET', `/api/timetable/week?date=${date}`);
      return answer.days.map((d) => ({ date: d.date, lessons: d.occurrences.filter((o) => o.weeklyLessonId === weekly.id) }));
    };
    // Any day of the week gives the whole week, Monday first.
    const first = await week('2031-03-06');
    expect(first.map((d) => d.date)).toEqual(['2031-03-03', '2031-03-04', '2031-03-05', '2031-03-06', '2031-03-07', '2031-03-08', '2031-03-09']);
    expect(first[0]!.lessons).toEqual([{
      weeklyLessonId: weekly.id, title: weekly.title, teacherName: teacher.name, classrooms: 2, date: '2031-03-03', start: '08:00', end: '08:45',
      startsAt: '2031-03-03T00:00:00.000Z', endsAt: '2031-03-03T00:45:00.000Z', movedFrom: null, cancelled: false,
    }]);
    expect(first.slice(1).every((d) => d.lessons.length === 0)).toBe(true);
    // The holiday.
    expect((await week('2031-03-17')).flatMap((d) => d.lessons)).toEqual([]);

    // One week cancelled, another moved to Wednesday afternoon.
    await api.ok('PUT', `/api/weekly-lessons/${weekly.id}/changes/2031-03-10`, { kind: 'cancelled' });
    const moved = await api.ok<WeeklyLesson>('PUT', `/api/weekly-lessons/${weekly.id}/changes/2031-03-24`, { kind: 'moved', toDate: '2031-03-26', start: '14:00', end: '14:45' });
    expect(moved.changes).toEqual([
      { date: '2031-03-10', kind: 'cancelled' },
      { date: '2031-03-24', kind: 'moved', toDate: '2031-03-26', start: '14:00', end: '14:45' },
    ]);
    expect((await week('2031-03-10'))[0]!.lessons).toMatchObject([{ date: '2031-03-10', cancelled: true }]);
    const movedWeek = await week('2031-03-24');
    expect(movedWeek[0]!.lessons).toEqual([]);
    expect(movedWeek[2]!.lessons).toMatchObject([{ date: '2031-03-26', start: '14:00', movedFrom: '2031-03-24', cancelled: false }]);

    // Put back as it was.
    await api.ok('DELETE', `/api/weekly-lessons/${weekly.id}/changes/2031-03-10`);
    expect((await week('2031-03-10'))[0]!.lessons).toMatchObject([{ cancelled: false }]);
    expect((await api.call('DELETE', `/api/weekly-lessons/${weekly.id}/changes/2031-03-10`)).status).toBe(404);
  });

  it('refuses a change for a date the lesson is not due on, and bad changes', async () => {
    const { nearRoom, teacher } = await records();
    const weekly = await api.createWeekly(spring(teacher.id, [nearRoom.id]));
    for (const [date, body] of [
      ['2031-03-04', { kind: 'cancelled' }], // a Tuesday
      ['2031-03-17', { kind: 'cancelled' }], // the holiday
      ['2031-07-07', { kind: 'cancelled' }], // after the term
      ['not-a-date', { kind: 'cancelled' }],
      ['2031-03-10', { kind: 'postponed' }],
      ['2031-03-10', { kind: 'moved', toDate: '2031-03-12', start: '14:00' }],
    ] as const) {
      expect((await api.call('PUT', `/api/weekly-lessons/${weekly.id}/changes/${date}`, body)).status, `${date} ${JSON.stringify(body)}`).toBe(400);
    }
    expect((await api.ok<WeeklyLessonList>('GET', '/api/weekly-lessons')).weeklyLessons.find((w) => w.id === weekly.id)!.changes).toEqual([]);
    expect((await api.call('GET', '/api/timetable/week?date=2031-02-30')).status).toBe(400);
  });
});

describe('only the admin reads or writes the timetable', () => {
  it.each([
    ['GET', '/api/weekly-lessons'],
    ['POST', '/api/weekly-lessons', 'body'],
    ['PUT', '/api/weekly-lessons/:id', 'body'],
    ['DELETE', '/api/weekly-lessons/:id'],
    ['PUT', '/api/weekly-lessons/:id/changes/2031-03-10', { kind: 'cancelled' }],
    ['DELETE', '/api/weekly-lessons/:id/changes/2031-03-10'],
    ['GET', '/api/timetable/week'],
  ])('%s %s: 401 without a token, 403 for a lesson\'s teacher and for permanent links', async (method, path, body?: unknown) => {
    const { nearRoom, teacher } = await records();
    const weekly = await api.createWeekly(spring(teacher.id, [nearRoom.id]));
    const content = body === 'body' ? spring(teacher.id, [nearRoom.id]) : body;
    const target = path.replace(':id', weekly.id);
    const lesson = await server.createLesson(['Hill']);
    const links = await api.classroomLinks(nearRoom.id);
    expect((await api.call(method, target, content, null)).status).toBe(401);
    for (const token of [tokenOf(lesson.teacherUrl), tokenOf((await api.teacherLink(teacher.id)).teacherUrl), tokenOf(links.projectorUrl), tokenOf(links.assistantUrl)]) {
      expect(await api.call(method, target, content, token)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    }
    expect((await api.ok<WeeklyLessonList>('GET', '/api/weekly-lessons')).weeklyLessons).toContainEqual(weekly);
  });
});

describe('a permanent link\'s day', () => {
  it('tells a classroom who it is and its lessons today, with the id of the one on now, the same for its teacher', async () => {
    const { school, classrooms: [room], teacher, weekly } = await lessonOnNowFor(api, { school: unique('希望小学'), classrooms: ['三年级二班'], teacher: unique('刘老师') });
    const links = await api.classroomLinks(room!.id);
    const { status, body: day } = await api.today(links.projectorUrl);
    expect(status).toBe(200);
    expect(day.you).toEqual({ kind: 'classroom', role: 'projector', school: { id: school.id, name: school.name, timeZone: 'Asia/Shanghai', wallPicture: 'on' }, classroom: { id: room!.id, name: '三年级二班' } });
    expect(day.timeZone).toBe('Asia/Shanghai');
    expect(day.lessons).toEqual([{
      weeklyLessonId: weekly.id, dueDate: expect.any(String), title: weekly.title, teacherName: teacher.name, classrooms: 1,
      startsAt: expect.any(String), endsAt: expect.any(String), timeZone: 'Asia/Shanghai', movedFrom: null, phase: 'scheduled', lessonId: expect.any(String),
    }]);
    const [lesson] = day.lessons;
    expect(Date.parse(lesson!.startsAt)).toBeLessThan(day.serverTime);
    expect(Date.parse(lesson!.endsAt)).toBeGreaterThan(day.serverTime);

    // The assistant and the teacher are told the same lesson; it is a lesson like any other.
    expect((await api.today(links.assistantUrl)).body.lessons[0]!.lessonId).toBe(lesson!.lessonId);
    const teacherDay = (await api.today((await api.teacherLink(teacher.id)).teacherUrl)).body;
    expect(teacherDay.you).toEqual({ kind: 'teacher', teacher });
    expect(teacherDay.lessons.map((l) => l.lessonId)).toEqual([lesson!.lessonId]);
    expect(await server.app.store.lesson(lesson!.lessonId!)).toMatchObject({ title: weekly.title, phase: 'scheduled' });
    expect((await server.app.store.classrooms(lesson!.lessonId!)).map((c) => c.name)).toEqual([`${school.name} · 三年级二班`]);
  });

  it('opens the lesson once however many links ask at the same time', async () => {
    const { classrooms, teacher, weekly } = await lessonOnNowFor(api, { school: unique('光明小学'), classrooms: ['一班', '二班', '三班'], teacher: unique('周老师') });
    const links = await Promise.all(classrooms.map((c) => api.classroomLinks(c.id)));
    const urls = [...links.flatMap((l) => [l.projectorUrl, l.assistantUrl]), (await api.teacherLink(teacher.id)).teacherUrl];
    const before = (await api.ok<LessonList>('GET', '/api/lessons?limit=1')).total;
    const days = await Promise.all([...urls, ...urls].map((url) => api.today(url)));
    expect((await api.ok<LessonList>('GET', '/api/lessons?limit=1')).total).toBe(before + 1);
    const ids = new Set(days.map((d) => d.body.lessons[0]?.lessonId));
    expect(ids.size).toBe(1);
    const lessonId = [...ids][0]!;
    expect(lessonId).toEqual(expect.any(String));
    const dueDate = days[0]!.body.lessons[0]!.dueDate;
    expect((await server.app.store.occurrenceLesson(weekly.id, dueDate))!.id).toBe(lessonId);
    expect((await server.app.store.classrooms(lessonId)).map((c) => c.name.split(' · ')[1])).toEqual(['一班', '二班', '三班']);
  });

  it('lists only the link\'s own lessons, and none on a cancelled day', async () => {
    const { classrooms: [room], weekly } = await lessonOnNowFor(api, { school: unique('东方小学'), classrooms: ['一班'], teacher: unique('吴老师') });
    const other = await lessonOnNowFor(api, { school: unique('西方小学'), classrooms: ['一班'], teacher: unique('郑老师') });
    const link = (await api.classroomLinks(room!.id)).projectorUrl;
    const day = (await api.today(link)).body;
    expect(day.lessons.map((l) => l.weeklyLessonId)).toEqual([weekly.id]);
    expect(day.lessons.map((l) => l.weeklyLessonId)).not.toContain(other.weekly.id);
    await api.ok('PUT', `/api/weekly-lessons/${weekly.id}/changes/${day.lessons[0]!.dueDate}`, { kind: 'cancelled' });
    expect((await api.today(link)).body.lessons).toEqual([]);
  });

  it('is for permanent links only', async () => {
    const lesson = await server.createLesson(['Hill']);
    expect((await api.call('GET', '/api/me/today')).status).toBe(403);
    expect((await api.call('GET', '/api/me/today', undefined, tokenOf(lesson.teacherUrl))).status).toBe(403);
    expect((await api.call('GET', '/api/me/today', undefined, tokenOf(lesson.classrooms[0]!.projectorUrl))).status).toBe(401);
    expect((await api.call<StandingDay>('GET', '/api/me/today', undefined, null)).status).toBe(401);
  });
});
