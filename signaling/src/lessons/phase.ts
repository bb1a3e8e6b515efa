import type { LessonPhase } from '@classroom/shared';

const ALLOWED: Record<LessonPhase, readonly LessonPhase[]> = {
  scheduled: ['live', 'ended'],
  live: ['off-air', 'ended'],
  'off-air': ['live', 'ended'],
  ended: [],
};

/** Whether a lesson may move from one phase to another (ended is final). */
export function canTransition(from: LessonPhase, to: LessonPhase): boolean {
  return ALLOWED[from].includes(to);
}
