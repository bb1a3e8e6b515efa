import {
  applyQuestionOrder, forgetQuestion, setCurrentQuestion, setOwnAnswer, setResults, upsertQuestion,
} from '../store/index.ts';
import type { ClassroomSocket } from './socket.ts';

/** Keeps the store current with the quiz broadcasts (each reaches only who may see it). */
export function wireQuizEvents(s: ClassroomSocket): void {
  s.on('quiz:questionSaved', ({ question }) => upsertQuestion(question));
  s.on('quiz:questionDeleted', ({ questionId }) => forgetQuestion(questionId));
  s.on('quiz:questionsReordered', ({ order }) => applyQuestionOrder(order));
  s.on('quiz:questionChanged', ({ question }) => setCurrentQuestion(question));
  s.on('quiz:results', (results) => setResults(results));
  s.on('quiz:submitted', (submission) => setOwnAnswer(submission));
}
