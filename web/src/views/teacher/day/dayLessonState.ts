import type { LessonPhase, TodayLesson } from '@classroom/shared';
import { isOnAir } from '../../../services/lessonToJoin.ts';

/** A lesson of the day as its teacher reads it. */
export type DayLessonState = 'upcoming' | 'live' | 'ended';

/**
 * Live while on air; ended once ended, or once its slot is over without having been started (it
 * will not be joined any more); upcoming otherwise. `phase`: the lesson's phase if known better
 * than the day read (the lesson this page is in).
 */
export function dayLessonState(lesson: TodayLesson, now: number, phase: LessonPhase = lesson.phase): DayLessonState {
  if (phase === 'ended') return 'ended';
  if (isOnAir(phase)) return 'live';
  return now >= Date.parse(lesson.endsAt) ? 'ended' : 'upcoming';
}
