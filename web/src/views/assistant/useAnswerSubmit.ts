import type { Answer, ErrorCode } from '@classroom/shared';
import { useState } from 'react';
import { submitAnswer } from '../../services/quiz.ts';
import { useBusy } from '../components/useBusy.ts';

/** Why an answer was not sent: the server's code, or a tally the form itself refused. */
export type AnswerProblem = ErrorCode | 'present' | 'tooMany';

/** Sends the class's answer once at a time and keeps why it failed, for the form to explain. */
export function useAnswerSubmit(questionId: string) {
  const [busy, run] = useBusy();
  const [problem, setProblem] = useState<AnswerProblem | null>(null);
  const send = (answer: Answer) => run(async () => {
    setProblem(null);
    setProblem(await submitAnswer(questionId, answer));
  });
  return { busy, problem, setProblem, send };
}
