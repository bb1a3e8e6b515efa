import { answerCorrectness, type Answer, type QuestionKind } from '@classroom/shared';
import { formatDuration } from './formatDuration.ts';

/** Options are called A, B, C… everywhere: a room answers "B!" faster than it reads a sentence. */
export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** Whole percent of a total; nothing answered yet reads 0 %, not NaN. */
export function percentOf(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 100) : 0;
}

/** Seconds left, rounded up: "0:00" shows only once time is up. */
export function formatCountdown(ms: number): string {
  return formatDuration(Math.ceil(ms / 1_000) * 1_000);
}

/** How one classroom's answer compares with the correct options. */
export type AnswerMark =
  | { kind: 'correct' | 'incorrect' }
  /** A tally of a one-answer question: how many of the pupils present chose the right option. */
  | { kind: 'pupils'; correct: number; present: number }
  /** No correct answer set (a poll), or a tally of a multiple-answer question. */
  | { kind: 'none' };

export function markAnswer(kind: QuestionKind, correct: number[] | null, answer: Answer): AnswerMark {
  const judged = answerCorrectness({ kind, correct }, answer);
  if (judged.correct !== null) return { kind: judged.correct ? 'correct' : 'incorrect' };
  if (judged.correctPupils !== null && answer.mode === 'tally') return { kind: 'pupils', correct: judged.correctPupils, present: answer.present };
  return { kind: 'none' };
}
