import { DateTime } from 'luxon';

/** ISO weekday: Monday 1 … Sunday 7. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A lesson of the term timetable that comes back every week: on `weekday`, from `start` to `end`
 * (wall-clock times in the school's `timeZone`), from `firstDate` to `lastDate` inclusive (local
 * dates), except `skippedDates` (holidays).
 */
export interface WeeklyLesson {
  id: string;
  weekday: Weekday;
  /** 'HH:MM', 24-hour. */
  start: string;
  end: string;
  /** IANA time zone, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /** 'YYYY-MM-DD'. */
  firstDate: string;
  lastDate: string;
  skippedDates: readonly string[];
}

/** A one-off change to one week's lesson, named by the date it was due (`date`). */
export type LessonChange =
  | { weeklyLessonId: string; date: string; kind: 'cancelled' }
  | { weeklyLessonId: string; date: string; kind: 'moved'; toDate: string; start: string; end: string };

/** One lesson on the calendar: its local date and its instants (UTC, ISO). */
export interface Occurrence {
  weeklyLessonId: string;
  /** The local date it takes place on. */
  date: string;
  startsAt: string;
  endsAt: string;
  /** The date it was due on, when a one-off change moved it. */
  movedFrom: string | null;
}

/**
 * The occurrences of a weekly lesson that overlap [from, to), in order, with its skipped dates and
 * one-off changes applied. A lesson moved from outside the range into it is included, and one
 * moved out of it is not. Wall-clock times become instants in the lesson's own time zone (luxon:
 * a time that a daylight-saving jump skips moves forward, as a clock would).
 */
export function occurrences(lesson: WeeklyLesson, changes: readonly LessonChange[], from: Date, to: Date): Occurrence[] {
  const own = changes.filter((c) => c.weeklyLessonId === lesson.id);
  // One change per date: the last one given wins (a cancellation replaced by a move, or back).
  const changed = new Map(own.map((c) => [c.date, c]));
  const skipped = new Set(lesson.skippedDates);
  const found: Occurrence[] = [];
  const overlaps = (o: Occurrence) => Date.parse(o.startsAt) < to.getTime() && Date.parse(o.endsAt) > from.getTime();

  // Only the weeks that can overlap the range: a day either side covers any time zone.
  const zone = lesson.timeZone;
  const first = DateTime.fromISO(lesson.firstDate, { zone });
  const last = DateTime.fromISO(lesson.lastDate, { zone });
  const rangeStart = DateTime.fromJSDate(from, { zone }).startOf('day').minus({ days: 1 });
  const rangeEnd = DateTime.fromJSDate(to, { zone }).startOf('day').plus({ days: 1 });
  let day = DateTime.max(first, rangeStart).startOf('day');
  day = day.plus({ days: (lesson.weekday - day.weekday + 7) % 7 });
  for (; day <= last && day <= rangeEnd; day = day.plus({ weeks: 1 })) {
    const date = day.toISODate()!;
    if (skipped.has(date) || changed.has(date)) continue;
    const occurrence = at(lesson, date, lesson.start, lesson.end, null);
    if (overlaps(occurrence)) found.push(occurrence);
  }
  for (const change of changed.values()) {
    if (change.kind !== 'moved' || !isDue(lesson, change.date)) continue;
    const occurrence = at(lesson, change.toDate, change.start, change.end, change.date);
    if (overlaps(occurrence)) found.push(occurrence);
  }
  return found.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** Whether the weekly lesson was due on that local date (a change can only name such a date). */
export function isDue(lesson: WeeklyLesson, date: string): boolean {
  const day = DateTime.fromISO(date, { zone: lesson.timeZone });
  return day.isValid && day.weekday === lesson.weekday && date >= lesson.firstDate && date <= lesson.lastDate
    && !lesson.skippedDates.includes(date);
}

/** The next occurrence starting at or after `now` within a search horizon (a term's length). */
export function nextOccurrence(lesson: WeeklyLesson, changes: readonly LessonChange[], now: Date, horizonDays = 366): Occurrence | null {
  const upcoming = occurrences(lesson, changes, now, new Date(now.getTime() + horizonDays * 86_400_000));
  return upcoming.find((o) => Date.parse(o.startsAt) >= now.getTime()) ?? null;
}

function at(lesson: WeeklyLesson, date: string, start: string, end: string, movedFrom: string | null): Occurrence {
  const startsAt = wallClock(date, start, lesson.timeZone);
  let endsAt = wallClock(date, end, lesson.timeZone);
  // An end before the start runs past midnight (an evening lesson until 00:30).
  if (endsAt <= startsAt) endsAt = endsAt.plus({ days: 1 });
  return { weeklyLessonId: lesson.id, date, startsAt: startsAt.toUTC().toISO()!, endsAt: endsAt.toUTC().toISO()!, movedFrom };
}

function wallClock(date: string, time: string, zone: string): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromISO(date, { zone }).set({ hour, minute, second: 0, millisecond: 0 });
}
