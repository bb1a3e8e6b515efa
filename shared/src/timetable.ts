import { z } from 'zod';
import { displayName } from './api.ts';
import { idSchema } from './ids.ts';
import type { LessonPhase } from './lesson.ts';
import type { ClassroomLinkRole } from './roles.ts';
import { timeZoneSchema } from './schools.ts';

/** A local date, `YYYY-MM-DD` (a real one: no 30 February). */
export const localDateSchema = z.iso.date();
/** A wall-clock time, `HH:MM`, 24-hour. */
export const wallClockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 24-hour');

/**
 * `POST /api/weekly-lessons` and `PUT /api/weekly-lessons/:id` body: a lesson of the term timetable
 * that comes back every week. Times are the school's wall clock in `timeZone` (default: the time
 * zone of the first classroom's school); an end before the start runs past midnight.
 */
export const weeklyLessonBody = z.strictObject({
  title: displayName,
  /** What is taught (数学, English…): the district view filters by it. */
  subject: displayName.nullable().optional(),
  teacherId: idSchema,
  classroomIds: z.array(idSchema).min(1, 'needs at least one classroom').max(1000)
    .refine((ids) => new Set(ids).size === ids.length, 'names a classroom twice'),
  /** ISO weekday: Monday 1 … Sunday 7. */
  weekday: z.number().int().min(1).max(7),
  start: wallClockSchema,
  end: wallClockSchema,
  timeZone: timeZoneSchema.optional(),
  firstDate: localDateSchema,
  lastDate: localDateSchema,
  /** Holidays: dates the lesson does not take place. */
  skippedDates: z.array(localDateSchema).max(366).default([]),
}).refine((b) => b.firstDate <= b.lastDate, { message: 'must not be before firstDate', path: ['lastDate'] })
  .refine((b) => b.start !== b.end, { message: 'must differ from start', path: ['end'] });
export type WeeklyLessonBody = z.input<typeof weeklyLessonBody>;

/** `PUT /api/weekly-lessons/:id/changes/:date` body: that week's lesson is cancelled, or moved. */
export const lessonChangeBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cancelled') }),
  z.strictObject({ kind: z.literal('moved'), toDate: localDateSchema, start: wallClockSchema, end: wallClockSchema })
    .refine((b) => b.start !== b.end, { message: 'must differ from start', path: ['end'] }),
]);
export type LessonChangeBody = z.infer<typeof lessonChangeBody>;

/** A one-off change, named by the date the lesson was due. */
export type TimetableChange = { date: string } & LessonChangeBody;

/** A weekly lesson as the admin sees it. */
export interface WeeklyLesson {
  id: string;
  title: string;
  subject: string | null;
  teacher: { id: string; name: string };
  classrooms: { id: string; name: string; schoolName: string }[];
  weekday: number;
  start: string;
  end: string;
  timeZone: string;
  firstDate: string;
  lastDate: string;
  skippedDates: string[];
  changes: TimetableChange[];
}

/** `GET /api/weekly-lessons` answer. */
export interface WeeklyLessonList {
  weeklyLessons: WeeklyLesson[];
}

/** `GET /api/timetable/week` query: the week (Monday to Sunday) that holds `date` (default: today). */
export const timetableWeekQuery = z.strictObject({ date: localDateSchema.optional() });

/** One lesson on the calendar. */
export interface TimetableOccurrence {
  weeklyLessonId: string;
  title: string;
  teacherName: string;
  /** How many classrooms take part. */
  classrooms: number;
  /** The local date it takes place on, and its wall-clock times there. */
  date: string;
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
  /** The date it was due on, when a one-off change moved it. */
  movedFrom: string | null;
  /** Cancelled for that week (shown so that it can be put back). */
  cancelled: boolean;
}

/** `GET /api/timetable/week` answer: seven days, each with its lessons in order. */
export interface TimetableWeek {
  timeZone: string;
  days: { date: string; weekday: number; occurrences: TimetableOccurrence[] }[];
}

/** Who a permanent link is, as `GET /api/me/today` tells it. */
export type StandingIdentity =
  | { kind: 'classroom'; role: ClassroomLinkRole; school: { id: string; name: string; timeZone: string }; classroom: { id: string; name: string } }
  | { kind: 'teacher'; teacher: { id: string; name: string } };

/** One of today's lessons for a permanent link. */
export interface TodayLesson {
  weeklyLessonId: string;
  /** The date it was due on (with `weeklyLessonId`, what names this lesson of the timetable). */
  dueDate: string;
  title: string;
  teacherName: string;
  classrooms: number;
  startsAt: string;
  endsAt: string;
  /** The lesson's own clock (its school's): a teacher's day holds schools of any time zone. */
  timeZone: string;
  movedFrom: string | null;
  phase: LessonPhase;
  /**
   * The lesson to connect to (`auth.lessonId`): set for the current and the next lesson, and for
   * any lesson of the day already opened; null for one later in the day.
   */
  lessonId: string | null;
}

/** `GET /api/me/today` answer, for a permanent link (bearer token). */
export interface StandingDay {
  you: StandingIdentity;
  /** The local date of "today", in `timeZone`. */
  date: string;
  timeZone: string;
  serverTime: number;
  lessons: TodayLesson[];
}
