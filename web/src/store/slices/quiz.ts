import type { StateCreator } from 'zustand';
import type { PublicQuestion, Question, QuestionResults, Submission } from '@classroom/shared';
import type { Store } from '../store.ts';

export interface QuizSlice {
  /** The teacher's prepared and asked questions, in order (empty for classrooms). */
  questions: Question[];
  /** The question on the projectors now (the latest launched), as this client may see it. */
  currentQuestion: PublicQuestion | null;
  /** Results of the current question: live for the teacher, once revealed for classrooms. */
  results: QuestionResults | null;
  /** This classroom's recorded answer to the current question. */
  ownAnswer: Submission | null;
  /** Pupils present in this classroom's latest tally: a room rarely changes between questions. */
  lastPresent: number | null;
}

export const createQuizSlice: StateCreator<Store, [], [], QuizSlice> = () => ({
  questions: [],
  currentQuestion: null,
  results: null,
  ownAnswer: null,
  lastPresent: null,
});
