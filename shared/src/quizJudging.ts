// No zod here: the browser imports this at run time, and a module with schemas would bring
// zod (87 kB) into every page that judges an answer (web/vite.config.ts drops unused modules only).
import type { Answer, Question } from './quiz.ts';

/**
 * How one classroom's answer compares with the correct options: right or wrong for a
 * collective answer; for a tally of a one-answer question, how many pupils chose the right
 * option. Null where there is nothing to judge (a poll, a tally of a multiple-answer question).
 */
export function answerCorrectness(question: Pick<Question, 'kind' | 'correct'>, answer: Answer): { correct: boolean | null; correctPupils: number | null } {
  const right = question.correct;
  if (!right) return { correct: null, correctPupils: null };
  if (answer.mode === 'collective') {
    return { correct: answer.choices.length === right.length && answer.choices.every((c) => right.includes(c)), correctPupils: null };
  }
  return { correct: null, correctPupils: question.kind === 'multiple' ? null : answer.counts[right[0]!] ?? 0 };
}
