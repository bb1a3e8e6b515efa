import { DateTime } from 'luxon';
import { Router, type Request } from 'express';
import {
  lessonChangeBody, localDateSchema, timetableWeekQuery, weeklyLessonBody,
  type TimetableChange, type WeeklyLesson, type WeeklyLessonList,
} from '@classroom/shared';
import type { LessonStores } from '../db/Database.ts';
import type { WeeklyLessonInput, WeeklyLessonRecord } from '../db/TimetableStore.ts';
import { isDue, type Weekday } from '../timetable/recurrence.ts';
import { weekView } from '../timetable/week.ts';
import { requireAdmin } from './auth.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';
import { pathId, type StandingApiDeps } from './schoolsApi.ts';

/**
 * `/api/weekly-lessons` and `/api/timetable/week`: the term timetable (lessons that come back
 * every week, their holidays and one-off changes) and the week view. Only the admin reads or
 * writes it; a permanent link reads its own day at `/api/me/today`.
 */
export function timetableApi(deps: Pick<StandingApiDeps, 'stores' | 'tokens' | 'adminToken' | 'timeZone'>): Router {
  const { stores, tokens, adminToken, timeZone } = deps;
  const router = Router();
  const adminOnly = (req: Request, what: string) => requireAdmin(req, adminToken, tokens, what);
  const existing = async (req: Request<{ id: string }>): Promise<WeeklyLessonRecord> => {
    const weekly = await stores.timetable.weekly(pathId(req, 'weekly lesson'));
    if (!weekly) throw new HttpError(404, 'not_found', 'no such weekly lesson');
    return weekly;
  };
  const respond = async (weekly: WeeklyLessonRecord) => (await describe(stores, [weekly]))[0]!;

  router.get('/weekly-lessons', async (req, res) => {
    await adminOnly(req, 'read the timetable');
    res.json({ weeklyLessons: await describe(stores, await stores.timetable.weeklyLessons({ all: true })) } satisfies WeeklyLessonList);
  });

  router.post('/weekly-lessons', async (req, res) => {
    await adminOnly(req, 'change the timetable');
    const weekly = await stores.timetable.createWeekly(await checkedInput(stores, req.body, timeZone));
    res.status(201).location(`/api/weekly-lessons/${weekly.id}`).json(await respond(weekly));
  });

  router.put('/weekly-lessons/:id', async (req, res) => {
    await adminOnly(req, 'change the timetable');
    const { id, subject } = await existing(req);
    // A body without a subject (a page that does not show it) keeps the one set.
    if (!(await stores.timetable.updateWeekly(id, await checkedInput(stores, req.body, timeZone, subject)))) {
      throw new HttpError(404, 'not_found', 'no such weekly lesson');
    }
    res.json(await respond((await stores.timetable.weekly(id))!));
  });

  // The lessons it already opened stay in the records (and in the lesson list).
  router.delete('/weekly-lessons/:id', async (req, res) => {
    await adminOnly(req, 'change the timetable');
    await stores.timetable.removeWeekly((await existing(req)).id);
    res.status(204).end();
  });

  router.put('/weekly-lessons/:id/changes/:date', async (req, res) => {
    await adminOnly(req, 'change the timetable');
    const weekly = await existing(req);
    const date = dueDate(weekly, req.params.date);
    const change = parseOr400(lessonChangeBody, req.body, 'change');
    await stores.timetable.setChange({ weeklyLessonId: weekly.id, date, ...change });
    res.json(await respond((await stores.timetable.weekly(weekly.id))!));
  });

  router.delete('/weekly-lessons/:id/changes/:date', async (req, res) => {
    await adminOnly(req, 'change the timetable');
    const weekly = await existing(req);
    if (!(await stores.timetable.removeChange(weekly.id, req.params.date))) throw new HttpError(404, 'not_found', 'no change that week');
    res.json(await respond((await stores.timetable.weekly(weekly.id))!));
  });

  router.get('/timetable/week', async (req, res) => {
    await adminOnly(req, 'read the timetable');
    const { date } = parseOr400(timetableWeekQuery, req.query, 'query');
    const teachers = new Map((await stores.teachers.teachers()).map((t) => [t.id, t.name]));
    const day = date ?? DateTime.now().setZone(timeZone).toISODate()!;
    res.json(weekView(await stores.timetable.weeklyLessons({ all: true }), (id) => teachers.get(id) ?? '', day, timeZone));
  });

  return router;
}

/**
 * The weekly lesson a body describes, once its teacher and classrooms are known to exist. Its
 * time zone defaults to that of its first classroom's school.
 */
async function checkedInput(stores: LessonStores, body: unknown, defaultZone: string, keptSubject: string | null = null): Promise<WeeklyLessonInput> {
  const input = parseOr400(weeklyLessonBody, body, 'weekly lesson');
  if (!(await stores.teachers.teacher(input.teacherId))) throw new HttpError(400, 'invalid_payload', 'invalid weekly lesson: teacherId: no such teacher');
  const known = new Map((await stores.schools.classrooms()).map((c) => [c.id, c]));
  const missing = input.classroomIds.filter((id) => !known.has(id));
  if (missing.length > 0) throw new HttpError(400, 'invalid_payload', `invalid weekly lesson: classroomIds: no such classroom ${missing.join(', ')}`);
  const zone = input.timeZone ?? (await stores.schools.school(known.get(input.classroomIds[0]!)!.schoolId))?.timeZone ?? defaultZone;
  return { ...input, subject: input.subject === undefined ? keptSubject : input.subject, weekday: input.weekday as Weekday, timeZone: zone };
}

/** The date a change names, which must be one the lesson is due on (a change names that week's lesson). */
function dueDate(weekly: WeeklyLessonRecord, raw: string): string {
  const date = localDateSchema.safeParse(raw);
  if (!date.success) throw new HttpError(400, 'invalid_payload', 'invalid change: the date must be YYYY-MM-DD');
  if (!isDue(weekly, date.data)) {
    throw new HttpError(400, 'invalid_payload', `invalid change: the lesson is not due on ${date.data} (not its weekday, outside the term, or a holiday)`);
  }
  return date.data;
}

/** Weekly lessons as the admin sees them: with the teacher's and the classrooms' names. */
async function describe(stores: LessonStores, lessons: WeeklyLessonRecord[]): Promise<WeeklyLesson[]> {
  const teachers = new Map((await stores.teachers.teachers()).map((t) => [t.id, t]));
  const schools = new Map((await stores.schools.schools()).map((s) => [s.id, s.name]));
  const classrooms = new Map((await stores.schools.classrooms()).map((c) => [c.id, { id: c.id, name: c.name, schoolName: schools.get(c.schoolId) ?? '' }]));
  return lessons.map((w) => ({
    id: w.id, title: w.title, subject: w.subject, teacher: teachers.get(w.teacherId) ?? { id: w.teacherId, name: '' },
    classrooms: w.classroomIds.map((id) => classrooms.get(id) ?? { id, name: '', schoolName: '' }),
    weekday: w.weekday, start: w.start, end: w.end, timeZone: w.timeZone, firstDate: w.firstDate, lastDate: w.lastDate,
    skippedDates: [...w.skippedDates],
    changes: w.changes.map(({ weeklyLessonId: _, ...change }): TimetableChange => change),
  }));
}
