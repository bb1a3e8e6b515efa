import type { StandingDay, TodayLesson } from '@classroom/shared';

/**
 * How long before its start a projector joins its lesson: the room sees "waiting for the
 * teacher", and a teacher who goes live a little early is seen at once.
 */
export const JOIN_BEFORE_MS = 5 * 60_000;

/** Whether the teacher is in the lesson's broadcast (live, or stopped for a moment). */
export function isOnAir(phase: TodayLesson['phase'] | null | undefined): boolean {
  return phase === 'live' || phase === 'off-air';
}

/**
 * The lesson a permanent link (a projector's, a teacher's) should be in at `now` (the server's clock): one the
 * teacher is broadcasting, whatever its slot says (started early, running late), else the one
 * whose slot (from `joinBeforeMs` before its start) holds `now`. `done`: lessons this page
 * left for good (ended, or refused it), never joined again.
 */
export function lessonToJoin(day: StandingDay, now: number, done: ReadonlySet<string>, joinBeforeMs = JOIN_BEFORE_MS): TodayLesson | null {
  const open = day.lessons.filter((l) => l.lessonId !== null && !done.has(l.lessonId) && l.phase !== 'ended');
  return open.find((l) => isOnAir(l.phase))
    ?? open.find((l) => Date.parse(l.startsAt) - joinBeforeMs <= now && now < Date.parse(l.endsAt))
    ?? null;
}

/** The next lesson to start after `now`, for the countdown. */
export function nextLesson(day: StandingDay, now: number): TodayLesson | null {
  return day.lessons.find((l) => Date.parse(l.startsAt) > now && l.phase !== 'ended') ?? null;
}

/**
 * Whether a lesson is due to be joined but its id is not known yet (the server opens a lesson
 * when it becomes the next one): worth reading the day again before the minute is up.
 */
export function idAwaited(day: StandingDay, now: number): boolean {
  return day.lessons.some((l) => l.lessonId === null && Date.parse(l.startsAt) - JOIN_BEFORE_MS <= now && now < Date.parse(l.endsAt));
}
