import type { Answer, ErrorCode } from '@classroom/shared';
import { useState } from 'react';
import { submitAnswer } from '../../services/quiz.ts';
import { useBusy } from '../components/useBusy.ts';

/** Why an answer was not sent: the server's code, or a tally the form itself refused. */
export type AnswerProblem = ErrorCode | 'present' | 'tooMany';

/** Where an answer goes: the live lesson's question, or a replay's (issue #18). Resolves with why it failed, if it did. */
export type SubmitAnswer = (questionId: string, answer: Answer) => Promise<ErrorCode | null>;

/** Sends the class's answer once at a time and keeps why it failed, for the form to explain. */
export function useAnswerSubmit(questionId: string, submit: SubmitAnswer = submitAnswer) {
  const [busy, run] = useBusy();
  const [problem, setProblem] = useState<AnswerProblem | null>(null);
  const send = (answer: Answer) => run(async () => {
    setProblem(null);
    setProblem(await submit(questionId, answer));
  });
  return { busy, problem, setProblem, send };
}
