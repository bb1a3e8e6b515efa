import type { QuestionKind } from '@classroom/shared';

export type TallyProblem = 'present' | 'tooMany';

/**
 * The server's rules for a tally, checked before sending so that the assistant sees at once
 * what to fix: pupils present first; no count above it; for a one-answer question, no more
 * answers than pupils (with several answers a pupil may count in many options).
 */
export function tallyProblem(kind: QuestionKind, counts: number[], present: number): TallyProblem | null {
  if (present < 1) return 'present';
  if (counts.some((n) => n > present)) return 'tooMany';
  const answers = counts.reduce((sum, n) => sum + n, 0);
  if (kind !== 'multiple' && answers > present) return 'tooMany';
  return null;
}
