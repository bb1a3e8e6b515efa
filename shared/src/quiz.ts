import { z } from 'zod';
import { idSchema } from './ids.ts';

export const QUESTION_KINDS = ['single', 'multiple', 'true_false'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/**
 * How a classroom answers. collective: the class agrees on one answer; tally: the assistant
 * counts how many pupils chose each option, out of how many are present.
 */
export const ANSWER_MODES = ['collective', 'tally'] as const;
export type AnswerMode = (typeof ANSWER_MODES)[number];

/** draft: editable; open: taking answers; closed: no more answers; revealed: results shown to all. */
export const QUESTION_STATES = ['draft', 'open', 'closed', 'revealed'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

export const MAX_OPTIONS = 8;
/**
 * The most questions a lesson can hold in this protocol: `quiz:reorder` names every one of them in
 * one message. The server's MAX_QUESTIONS_PER_LESSON may set fewer.
 */
export const MAX_LESSON_QUESTIONS = 500;
export const MAX_PUPILS = 500;

const optionText = z.string().trim().min(1, 'must not be empty').max(200);

/** A question as the teacher writes it (REST body and socket command). */
export const questionDraftSchema = z.strictObject({
  kind: z.enum(QUESTION_KINDS),
  prompt: z.string().trim().min(1, 'must not be empty').max(1000),
  /** Ignored for true_false (the options are true and false). */
  options: z.array(optionText).max(MAX_OPTIONS).default([]),
  /** Indexes of the correct options, or absent for a question without a right answer (a poll). */
  correct: z.array(z.number().int().min(0).max(MAX_OPTIONS - 1)).max(MAX_OPTIONS).nullable().default(null),
  /** Seconds from launch until the question closes by itself; null: the teacher closes it. */
  timeLimitSeconds: z.number().int().min(5).max(3600).nullable().default(null),
  answerMode: z.enum(ANSWER_MODES).default('collective'),
}).superRefine((q, ctx) => {
  const count = q.kind === 'true_false' ? 2 : q.options.length;
  if (q.kind !== 'true_false' && count < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'needs at least 2 options' });
  if (q.kind === 'true_false' && q.options.length > 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a true/false question has no options of its own' });
  if (q.correct) {
    if (q.correct.some((i) => i >= count)) ctx.addIssue({ code: 'custom', path: ['correct'], message: 'names an option that does not exist' });
    if (new Set(q.correct).size !== q.correct.length) ctx.addIssue({ code: 'custom', path: ['correct'], message: 'names an option twice' });
    if (q.correct.length === 0) ctx.addIssue({ code: 'custom', path: ['correct'], message: 'must name at least one option (or be null)' });
    if (q.kind !== 'multiple' && q.correct.length > 1) ctx.addIssue({ code: 'custom', path: ['correct'], message: 'a single-answer question has one correct option' });
  }
});
export type QuestionDraft = z.output<typeof questionDraftSchema>;
export type QuestionDraftInput = z.input<typeof questionDraftSchema>;

/** A question as the teacher sees it. */
export interface Question {
  id: string;
  position: number;
  kind: QuestionKind;
  prompt: string;
  /** The options shown (for true_false: ["true", "false"], translated by the views). */
  options: string[];
  correct: number[] | null;
  timeLimitSeconds: number | null;
  answerMode: AnswerMode;
  state: QuestionState;
  /** Server clock, ms since epoch. */
  openedAt: number | null;
  closesAt: number | null;
}

/** What classrooms see of a question: no correct answer until it is revealed. */
export type PublicQuestion = Omit<Question, 'correct'> & { correct: number[] | null };

/** One classroom's answer to one question. */
export const answerSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('collective'), choices: z.array(z.number().int().min(0).max(MAX_OPTIONS - 1)).min(1).max(MAX_OPTIONS) }),
  z.strictObject({
    mode: z.literal('tally'),
    counts: z.array(z.number().int().min(0).max(MAX_PUPILS)).min(2).max(MAX_OPTIONS),
    present: z.number().int().min(1).max(MAX_PUPILS),
  }),
]);
export type Answer = z.infer<typeof answerSchema>;

export interface Submission {
  classroomId: string;
  classroomName: string;
  answer: Answer;
  /** Server clock, ms since epoch, of the latest change. */
  at: number;
  /** How many times it was changed after the first submission. */
  revisions: number;
}

/** Live results of one question over all classrooms. */
export interface QuestionResults {
  questionId: string;
  /** Per option: classrooms (collective) or pupils (tally) that chose it. */
  counts: number[];
  /** What percentages are of: classrooms that answered (collective) or pupils present (tally). */
  total: number;
  submissions: Submission[];
  /** Classrooms of the lesson that have not answered. */
  missing: { classroomId: string; name: string }[];
}

export const questionIdRequest = z.strictObject({ questionId: idSchema });
export const createQuestionRequest = z.strictObject({ question: questionDraftSchema });
export const updateQuestionRequest = z.strictObject({ questionId: idSchema, question: questionDraftSchema });
export const reorderQuestionsRequest = z.strictObject({ order: z.array(idSchema).min(1).max(MAX_LESSON_QUESTIONS) });
export const submitAnswerRequest = z.strictObject({ questionId: idSchema, answer: answerSchema });
