import type { Answer, ErrorCode, QuestionDraftInput } from '@classroom/shared';
import { applyQuestionOrder, forgetQuestion, setCurrentQuestion, setOwnAnswer, setResults, upsertQuestion } from '../store/index.ts';
import { attempt } from './actionErrors.ts';
import { errorCodeOf, request } from './socket.ts';
import { log } from './util.ts';

// The teacher's quiz commands report their own failure on the page and resolve true when they
// worked; answers are applied at once, like the interaction commands.

export function createQuestion(question: QuestionDraftInput): Promise<boolean> {
  return attempt(
    async () => upsertQuestion(await request('quiz:create', { question })),
    (code, i18next) => (code === 'limit_reached' ? i18next.t('quiz.full') : null),
  );
}

export function updateQuestion(questionId: string, question: QuestionDraftInput): Promise<boolean> {
  return attempt(async () => upsertQuestion(await request('quiz:update', { questionId, question })));
}

export function deleteQuestion(questionId: string): Promise<boolean> {
  return attempt(async () => forgetQuestion((await request('quiz:delete', { questionId })).questionId));
}

export function reorderQuestions(order: string[]): Promise<boolean> {
  return attempt(async () => applyQuestionOrder((await request('quiz:reorder', { order })).order));
}

export function launchQuestion(questionId: string): Promise<boolean> {
  return attempt(async () => {
    const question = await request('quiz:launch', { questionId });
    upsertQuestion(question);
    setCurrentQuestion(question);
  });
}

export function closeQuestion(questionId: string): Promise<boolean> {
  return attempt(async () => {
    const question = await request('quiz:close', { questionId });
    upsertQuestion(question);
    setCurrentQuestion(question);
  });
}

export function revealResults(questionId: string): Promise<boolean> {
  return attempt(async () => {
    const { question, results } = await request('quiz:reveal', { questionId });
    upsertQuestion(question);
    setCurrentQuestion(question);
    setResults(results);
  });
}

/**
 * The assistant's answer for the class. Resolves with the error code instead of a toast: the
 * answer form explains it next to the button (already recorded, time is up, numbers that do not add up).
 */
export async function submitAnswer(questionId: string, answer: Answer): Promise<ErrorCode | null> {
  try {
    setOwnAnswer(await request('quiz:submit', { questionId, answer }));
    return null;
  } catch (error) {
    log('warn', 'answer not recorded', { questionId, error });
    return errorCodeOf(error);
  }
}
