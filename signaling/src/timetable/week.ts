import { DateTime } from 'luxon';
import type { TimetableOccurrence, TimetableWeek } from '@classroom/shared';
import type { WeeklyLessonRecord } from '../db/TimetableStore.ts';
import { occurrences, type LessonChange, type Occurrence, type WeeklyLesson } from './recurrence.ts';

/** An occurrence on the calendar, with whether that week's lesson was cancelled. */
export type CalendarEntry = Occurrence & { cancelled: boolean };

/**
 * The occurrences that overlap [from, to) as {@link occurrences} gives them, plus the cancelled
 * ones, marked: a calendar shows a cancelled lesson so that it can be put back.
 */
export function calendar(lesson: WeeklyLesson, changes: readonly LessonChange[], from: Date, to: Date): CalendarEntry[] {
  const own = changes.filter((c) => c.weeklyLessonId === lesson.id);
  const cancelled = new Set(own.filter((c) => c.kind === 'cancelled').map((c) => c.date));
  return occurrences(lesson, own.filter((c) => c.kind !== 'cancelled'), from, to)
    .map((o) => ({ ...o, cancelled: o.movedFrom === null && cancelled.has(o.date) }));
}

/** The seven local dates, Monday first, of the week that holds `date` in `zone`. */
export function weekDays(date: string, zone: string): string[] {
  const monday = DateTime.fromISO(date, { zone }).startOf('week');
  return Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }).toISODate()!);
}

/** A wall-clock time, 'HH:MM', of an instant in a time zone. */
export function wallClockOf(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toFormat('HH:mm');
}

/**
 * The week view: each day of the week holding `date` (in `zone`) with the lessons on it, in
 * order. Each lesson sits on its own local date, in its own time zone.
 */
export function weekView(
  lessons: readonly WeeklyLessonRecord[], teacherName: (id: string) => string, date: string, zone: string,
): TimetableWeek {
  const days = weekDays(date, zone);
  // A day either side: lessons in other time zones whose local date is in the week.
  const from = DateTime.fromISO(days[0]!, { zone }).minus({ days: 1 }).toJSDate();
  const to = DateTime.fromISO(days[6]!, { zone }).plus({ days: 2 }).toJSDate();
  const byDay = new Map<string, TimetableOccurrence[]>(days.map((d) => [d, []]));
  for (const lesson of lessons) {
    for (const entry of calendar(lesson, lesson.changes, from, to)) {
      byDay.get(entry.date)?.push({
        weeklyLessonId: lesson.id, title: lesson.title, teacherName: teacherName(lesson.teacherId), classrooms: lesson.classroomIds.length,
        date: entry.date, start: wallClockOf(entry.startsAt, lesson.timeZone), end: wallClockOf(entry.endsAt, lesson.timeZone),
        startsAt: entry.startsAt, endsAt: entry.endsAt, movedFrom: entry.movedFrom, cancelled: entry.cancelled,
      });
    }
  }
  return {
    timeZone: zone,
    days: days.map((d, i) => ({
      date: d, weekday: i + 1, occurrences: byDay.get(d)!.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
    })),
  };
}
