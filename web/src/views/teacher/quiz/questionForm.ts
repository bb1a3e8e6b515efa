import type { AnswerMode, MAX_OPTIONS, Question, QuestionDraftInput, QuestionKind } from '@classroom/shared';

// The server's limits, kept in step by the types (a runtime import would pull zod into the page).
export const MAX_OPTION_COUNT: typeof MAX_OPTIONS = 8;
const MIN_TIME_LIMIT = 5;
const MAX_TIME_LIMIT = 3600;

/** The editor's fields as typed: options kept even for true/false, so switching back keeps them. */
export interface QuestionForm {
  kind: QuestionKind;
  prompt: string;
  options: string[];
  /** Indexes of the correct options; none: a poll. */
  correct: number[];
  /** Seconds as typed; empty: the teacher closes the question. */
  timeLimit: string;
  answerMode: AnswerMode;
}

export type FormProblem = 'prompt' | 'options' | 'timeLimit';

export function emptyForm(): QuestionForm {
  return { kind: 'single', prompt: '', options: ['', ''], correct: [], timeLimit: '', answerMode: 'collective' };
}

export function formFromQuestion(q: Question): QuestionForm {
  return {
    kind: q.kind,
    prompt: q.prompt,
    options: q.kind === 'true_false' ? ['', ''] : q.options,
    correct: q.correct ?? [],
    timeLimit: q.timeLimitSeconds === null ? '' : String(q.timeLimitSeconds),
    answerMode: q.answerMode,
  };
}

/** How many options the question shows (true/false has its own two). */
export function optionCount(form: QuestionForm): number {
  return form.kind === 'true_false' ? 2 : form.options.length;
}

/** What the server is sent, or the first thing to fix (said next to the button). */
export function draftFromForm(form: QuestionForm): { draft: QuestionDraftInput } | { problem: FormProblem } {
  const prompt = form.prompt.trim();
  if (prompt === '') return { problem: 'prompt' };
  const options = form.kind === 'true_false' ? [] : form.options.map((o) => o.trim());
  if (form.kind !== 'true_false' && (options.length < 2 || options.some((o) => o === ''))) return { problem: 'options' };
  let timeLimitSeconds: number | null = null;
  if (form.timeLimit.trim() !== '') {
    timeLimitSeconds = Number(form.timeLimit);
    if (!Number.isInteger(timeLimitSeconds) || timeLimitSeconds < MIN_TIME_LIMIT || timeLimitSeconds > MAX_TIME_LIMIT) return { problem: 'timeLimit' };
  }
  const correct = form.correct.filter((i) => i < optionCount(form)).sort((a, b) => a - b);
  return {
    draft: {
      kind: form.kind,
      prompt,
      options,
      correct: correct.length > 0 ? correct : null,
      timeLimitSeconds,
      answerMode: form.answerMode,
    },
  };
}

/** A one-answer question has at most one correct option: ticking another moves the tick. */
export function toggleCorrect(form: QuestionForm, index: number): QuestionForm {
  if (form.correct.includes(index)) return { ...form, correct: form.correct.filter((i) => i !== index) };
  return { ...form, correct: form.kind === 'multiple' ? [...form.correct, index] : [index] };
}

export function changeKind(form: QuestionForm, kind: QuestionKind): QuestionForm {
  const next = { ...form, kind };
  const fitting = form.correct.filter((i) => i < optionCount(next));
  return { ...next, correct: kind === 'multiple' ? fitting : fitting.slice(0, 1) };
}

export function addOption(form: QuestionForm): QuestionForm {
  if (form.options.length >= MAX_OPTION_COUNT) return form;
  return { ...form, options: [...form.options, ''] };
}

/** The ticks follow their options: removing B makes C the new B, still ticked if it was. */
export function removeOption(form: QuestionForm, index: number): QuestionForm {
  return {
    ...form,
    options: form.options.filter((_, i) => i !== index),
    correct: form.correct.filter((i) => i !== index).map((i) => (i > index ? i - 1 : i)),
  };
}
