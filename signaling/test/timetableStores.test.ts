import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores, type LessonStores } from '../src/db/Database.ts';
import type { SqlDatabase } from '../src/db/SqlDatabase.ts';
import type { WeeklyLessonInput } from '../src/db/TimetableStore.ts';
import { standingDay } from '../src/timetable/today.ts';
import { BACKENDS } from './backends.ts';

// The lasting records and the timetable on both databases (the contract of stores.test.ts), and
// a permanent link's day at set times of day: which lessons it is given, and that each
// occurrence opens one lesson, however many ask at once.

describe.each(Object.keys(BACKENDS) as SqlDatabase['dialect'][])('lasting records on %s', (backend) => {
  let db: SqlDatabase;
  let stores: LessonStores;
  beforeAll(async () => {
    db = await BACKENDS[backend]();
    stores = createStores(db, { questionsPerLesson: 5, messagesPerLesson: 5 });
  });
  afterAll(async () => { await db?.close(); });
  let count = 0;
  const unique = (name: string) => `${name} ${++count}`;

  /** A school with two classrooms, a teacher, and Monday lessons at 08:00 and 10:00 of a 2031 term (Shanghai). */
  async function monday() {
    const school = await stores.schools.createSchool(unique('希望小学'), 'Asia/Shanghai');
    const one = await stores.schools.addClassroom(school.id, '一班');
    const two = await stores.schools.addClassroom(school.id, '二班');
    const teacher = await stores.teachers.createTeacher(unique('王老师'));
    const base: WeeklyLessonInput = {
      title: '数学', subject: null, teacherId: teacher.id, classroomIds: [one.id, two.id], weekday: 1, start: '08:00', end: '08:45',
      timeZone: 'Asia/Shanghai', firstDate: '2031-03-03', lastDate: '2031-06-30', skippedDates: [],
    };
    const maths = await stores.timetable.createWeekly(base);
    const music = await stores.timetable.createWeekly({ ...base, title: '音乐', classroomIds: [one.id], start: '10:00', end: '10:45' });
    const art = await stores.timetable.createWeekly({ ...base, title: '美术', classroomIds: [one.id], start: '14:00', end: '14:45' });
    return { school, one, two, teacher, maths, music, art };
  }
  const at = (iso: string) => new Date(iso);
  const deps = () => ({ stores, timeZone: 'Asia/Shanghai', livePhase: () => undefined });

  it('finds schools and classrooms by name, creating each once, with a generation per link', async () => {
    const name = unique('光明小学');
    const first = await stores.schools.ensureSchool(name, 'Asia/Urumqi');
    const again = await stores.schools.ensureSchool(name, 'Asia/Shanghai');
    expect(first.created).toBe(true);
    expect(again).toEqual({ school: first.school, created: false });
    expect(first.school.timeZone).toBe('Asia/Urumqi');
    const [a, b] = await Promise.all([stores.schools.ensureClassroom(first.school.id, '一班'), stores.schools.ensureClassroom(first.school.id, '一班')]);
    expect(a.classroom).toEqual(b.classroom);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    await expect(stores.schools.addClassroom(first.school.id, '一班')).rejects.toMatchObject({ code: 'name_taken' });
    expect(await stores.schools.linkVersion(a.classroom.id, 'projector')).toBe(1);
    expect(await stores.schools.nextLinkVersion(a.classroom.id, 'assistant')).toBe(2);
    expect(await stores.schools.linkVersion(a.classroom.id, 'projector')).toBe(1);
    expect(await stores.schools.nextLinkVersion('0000000000000000', 'projector')).toBeUndefined();
    const teacher = await stores.teachers.createTeacher(unique('李老师'));
    expect(await stores.teachers.nextLinkVersion(teacher.id)).toBe(2);
    expect(await stores.teachers.linkVersion(teacher.id)).toBe(2);
  });

  it('keeps weekly lessons with their classrooms in order and their changes, found per classroom and per teacher', async () => {
    const { one, two, teacher, maths, music } = await monday();
    await stores.timetable.setChange({ weeklyLessonId: maths.id, date: '2031-03-10', kind: 'cancelled' });
    await stores.timetable.setChange({ weeklyLessonId: maths.id, date: '2031-03-10', kind: 'moved', toDate: '2031-03-12', start: '14:00', end: '14:45' });
    await stores.timetable.setChange({ weeklyLessonId: maths.id, date: '2031-03-17', kind: 'cancelled' });
    const read = (await stores.timetable.weekly(maths.id))!;
    expect(read.classroomIds).toEqual([one.id, two.id]);
    expect(read.changes).toEqual([
      { weeklyLessonId: maths.id, date: '2031-03-10', kind: 'moved', toDate: '2031-03-12', start: '14:00', end: '14:45' },
      { weeklyLessonId: maths.id, date: '2031-03-17', kind: 'cancelled' },
    ]);
    expect((await stores.timetable.weeklyLessons({ classroomId: two.id })).map((w) => w.id)).toEqual([maths.id]);
    expect((await stores.timetable.weeklyLessons({ teacherId: teacher.id })).map((w) => w.title)).toEqual(['数学', '音乐', '美术']);
    expect(await stores.timetable.removeChange(maths.id, '2031-03-17')).toBe(true);
    expect(await stores.timetable.removeChange(maths.id, '2031-03-17')).toBe(false);
    expect(await stores.timetable.updateWeekly(music.id, { ...read, classroomIds: [two.id, one.id], skippedDates: ['2031-05-05'] })).toBe(true);
    expect(await stores.timetable.weekly(music.id)).toMatchObject({ title: '数学', classroomIds: [two.id, one.id], skippedDates: ['2031-05-05'] });
    expect(await stores.timetable.removeWeekly(music.id)).toBe(true);
    expect(await stores.timetable.weekly(music.id)).toBeUndefined();
    expect((await stores.timetable.weeklyLessons({ teacherId: teacher.id })).map((w) => w.title)).toEqual(['数学', '美术']);
  });

  it("starts a lesson's classrooms with their school's wall picture setting; a classroom's own choice is kept over it", async () => {
    const { school, one, two, teacher, maths } = await monday();
    expect(school.wallPicture).toBe('on');
    expect(await stores.schools.updateSchool(school.id, { wallPicture: 'off' })).toMatchObject({ wallPicture: 'off', timeZone: 'Asia/Shanghai' });
    const occurrence = { weeklyLessonId: maths.id, dueDate: '2031-03-24', title: '数学', teacherId: teacher.id };
    const lesson = await stores.lessons.lessonOfOccurrence(occurrence, [{ lastingId: one.id, name: '一班' }, { lastingId: two.id, name: '二班' }]);
    const [first, second] = await stores.lessons.classrooms(lesson.id);
    let states = await stores.classroomStates.ofLesson(lesson.id);
    expect(states.get(first!.id)!.wallPictureOff).toBe(true);
    // The assistant turned it on for this lesson: kept, whatever the school says.
    await stores.classroomStates.save(lesson.id, first!.id, { ...states.get(first!.id)!, wallPictureOff: false });
    await stores.schools.updateSchool(school.id, { wallPicture: 'off' });
    states = await stores.classroomStates.ofLesson(lesson.id);
    expect(states.get(first!.id)!.wallPictureOff).toBe(false);
    expect(states.get(second!.id)!.wallPictureOff).toBe(true);
    // An ad-hoc lesson's classrooms belong to no school: their picture starts on.
    const adHoc = await stores.lessons.createLesson('Ad hoc', ['A']);
    expect([...(await stores.classroomStates.ofLesson(adHoc.lesson.id)).values()][0]!.wallPictureOff).toBe(false);
  });

  it('opens one lesson per occurrence however many ask at once, with an entry per lasting classroom', async () => {
    const { one, two, teacher, maths } = await monday();
    const occurrence = { weeklyLessonId: maths.id, dueDate: '2031-03-03', title: '数学', teacherId: teacher.id };
    const classrooms = [{ lastingId: one.id, name: 'School · 一班' }, { lastingId: two.id, name: 'School · 二班' }];
    const opened = await Promise.all(Array.from({ length: 8 }, () => stores.lessons.lessonOfOccurrence(occurrence, classrooms)));
    expect(new Set(opened.map((l) => l.id)).size).toBe(1);
    const rows = await db.all<{ id: string }>('SELECT id FROM lessons WHERE weekly_lesson_id = $1', [maths.id]);
    expect(rows).toHaveLength(1);
    const lessonId = opened[0]!.id;
    expect((await stores.lessons.classrooms(lessonId)).map((c) => c.name)).toEqual(['School · 一班', 'School · 二班']);
    expect(await stores.lessons.teacherOf(lessonId)).toBe(teacher.id);
    expect((await stores.lessons.classroomOfLasting(lessonId, two.id))!.name).toBe('School · 二班');
    expect(await stores.lessons.classroomOfLasting(lessonId, 'elsewhere')).toBeUndefined();
    expect((await stores.lessons.occurrenceLesson(maths.id, '2031-03-03'))!.id).toBe(lessonId);
    expect(await stores.lessons.occurrenceLesson(maths.id, '2031-03-10')).toBeUndefined();
    // An ad-hoc lesson has no teacher of the timetable.
    expect(await stores.lessons.teacherOf((await stores.lessons.createLesson('Ad hoc', ['A'])).lesson.id)).toBeNull();
  });

  it('gives a link its day: an id for the lesson on now and the next one, none yet for later ones', async () => {
    const { one, two, maths, music, art } = await monday();
    const projector = { kind: 'classroom', role: 'projector', classroomId: one.id, tokenVersion: 1 } as const;
    // Monday 10 March 2031, 08:20 in Shanghai: maths is on, music is next, art is later.
    const day = await standingDay(projector, deps(), at('2031-03-10T00:20:00Z'));
    expect(day).toMatchObject({ date: '2031-03-10', timeZone: 'Asia/Shanghai', you: { kind: 'classroom', classroom: { id: one.id, name: '一班' } } });
    expect(day.lessons.map((l) => [l.title, l.startsAt, l.lessonId !== null])).toEqual([
      ['数学', '2031-03-10T00:00:00.000Z', true], ['音乐', '2031-03-10T02:00:00.000Z', true], ['美术', '2031-03-10T06:00:00.000Z', false],
    ]);
    // 12:00: maths and music are over (their lessons are still named), art is next; the other classroom has only maths.
    const noon = await standingDay(projector, deps(), at('2031-03-10T04:00:00Z'));
    expect(noon.lessons.map((l) => l.lessonId)).toEqual([day.lessons[0]!.lessonId, day.lessons[1]!.lessonId, expect.any(String)]);
    const other = await standingDay({ ...projector, classroomId: two.id }, deps(), at('2031-03-10T04:00:00Z'));
    expect(other.lessons.map((l) => [l.weeklyLessonId, l.lessonId])).toEqual([[maths.id, day.lessons[0]!.lessonId]]);
    // Tuesday: nothing. A week later: new lessons, not last week's.
    expect((await standingDay(projector, deps(), at('2031-03-11T00:20:00Z'))).lessons).toEqual([]);
    const next = await standingDay(projector, deps(), at('2031-03-17T00:20:00Z'));
    expect(next.lessons[0]!.lessonId).not.toBe(day.lessons[0]!.lessonId);
    expect([music.id, art.id]).toContain(next.lessons[1]!.weeklyLessonId);
  });

  it('keeps a moved lesson\'s identity: it is opened under the date it was due', async () => {
    const { one, maths } = await monday();
    await stores.timetable.setChange({ weeklyLessonId: maths.id, date: '2031-03-10', kind: 'moved', toDate: '2031-03-12', start: '09:00', end: '09:45' });
    const link = { kind: 'classroom', role: 'assistant', classroomId: one.id, tokenVersion: 1 } as const;
    const wednesday = await standingDay(link, deps(), at('2031-03-12T01:10:00Z'));
    expect(wednesday.lessons).toMatchObject([{ weeklyLessonId: maths.id, dueDate: '2031-03-10', movedFrom: '2031-03-10', lessonId: expect.any(String) }]);
    expect((await stores.lessons.occurrenceLesson(maths.id, '2031-03-10'))!.id).toBe(wednesday.lessons[0]!.lessonId);
    const monday10 = await standingDay(link, deps(), at('2031-03-10T00:20:00Z'));
    expect(monday10.lessons.map((l) => l.weeklyLessonId)).not.toContain(maths.id);
  });
});
