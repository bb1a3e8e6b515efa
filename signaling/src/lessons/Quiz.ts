import { EventEmitter } from 'node:events';
import {
  ClassroomError, type Answer, type PublicQuestion, type Question, type QuestionDraft, type QuestionResults, type Submission,
} from '@classroom/shared';
import type { QuizStore, StoredSubmission } from '../db/QuizStore.ts';
import type { Logger } from '../logger.ts';
import { computeResults } from './quizResults.ts';

interface QuizEvents {
  /** A question was created or changed: the teacher's copy of it. */
  questionSaved: [question: Question];
  /** A draft was deleted (the questions after it moved up one place). */
  questionDeleted: [questionId: string];
  /** The questions were put in this order. */
  questionsReordered: [order: string[]];
  /** A question was launched, closed or revealed: what classrooms may see of it. */
  questionChanged: [question: PublicQuestion];
  /** Live results (the teacher), or revealed results (everyone: `revealed` true). */
  results: [results: QuestionResults, revealed: boolean];
  /** A classroom's answer was recorded. */
  submitted: [submission: Submission];
}

export interface Roster {
  /** The classrooms taking part now (removed ones are not waited for). */
  active(): { id: string; name: string }[];
  nameOf(classroomId: string): string;
}

/**
 * The quiz of one lesson: questions prepared ahead or on the spot, one open at a time, answers
 * stored before they are acknowledged. State lives in the store, so a restarted server resumes
 * an open question (and closes it if its time ran out meanwhile).
 */
export class Quiz extends EventEmitter<QuizEvents> {
  readonly #lessonId: string;
  readonly #store: QuizStore;
  readonly #roster: Roster;
  readonly #log: Logger;
  #closeTimer: NodeJS.Timeout | undefined;

  constructor(lessonId: string, store: QuizStore, roster: Roster, log: Logger) {
    super();
    this.#lessonId = lessonId;
    this.#store = store;
    this.#roster = roster;
    this.#log = log;
    const open = this.questions().find((q) => q.state === 'open');
    if (open) this.#armTimer(open);
  }

  questions(): Question[] {
    return this.#store.questions(this.#lessonId);
  }

  create(draft: QuestionDraft): Question {
    const question = this.#store.create(this.#lessonId, draft);
    this.emit('questionSaved', question);
    return question;
  }

  update(questionId: string, draft: QuestionDraft): Question {
    this.#get(questionId);
    if (!this.#store.update(this.#lessonId, questionId, draft)) throw new ClassroomError('conflict', 'a launched question can no longer be edited');
    const updated = this.#get(questionId);
    this.emit('questionSaved', updated);
    return updated;
  }

  delete(questionId: string): void {
    this.#get(questionId);
    if (!this.#store.deleteDraft(this.#lessonId, questionId)) throw new ClassroomError('conflict', 'a launched question is part of the record and cannot be deleted');
    this.emit('questionDeleted', questionId);
  }

  reorder(order: string[]): string[] {
    const ids = this.questions().map((q) => q.id);
    if (order.length !== ids.length || new Set(order).size !== order.length || order.some((id) => !ids.includes(id))) {
      throw new ClassroomError('invalid_payload', 'order: must name every question of the lesson exactly once');
    }
    this.#store.reorder(this.#lessonId, order);
    this.emit('questionsReordered', order);
    return order;
  }

  launch(questionId: string, now = Date.now()): Question {
    const question = this.#get(questionId);
    if (question.state !== 'draft') throw new ClassroomError('conflict', 'this question was launched already');
    const open = this.questions().find((q) => q.state === 'open');
    if (open) throw new ClassroomError('conflict', 'close the open question first');
    const closesAt = question.timeLimitSeconds === null ? null : now + question.timeLimitSeconds * 1000;
    this.#store.setState(questionId, 'open', { openedAt: now, closesAt });
    const launched = this.#get(questionId);
    this.#armTimer(launched);
    this.#log.info({ questionId }, 'question launched');
    this.#stateChanged(launched);
    this.emit('results', this.results(questionId), false);
    return launched;
  }

  close(questionId: string, now = Date.now()): Question {
    const question = this.#get(questionId);
    if (question.state !== 'open') throw new ClassroomError('question_closed', 'this question is not open');
    clearTimeout(this.#closeTimer);
    this.#store.setState(questionId, 'closed', { closedAt: now });
    this.#log.info({ questionId }, 'question closed');
    const closed = this.#get(questionId);
    this.#stateChanged(closed);
    return closed;
  }

  reveal(questionId: string): { question: Question; results: QuestionResults } {
    const question = this.#get(questionId);
    if (question.state === 'open') throw new ClassroomError('conflict', 'close the question before revealing its results');
    if (question.state === 'draft') throw new ClassroomError('conflict', 'this question has not been asked yet');
    this.#store.setState(questionId, 'revealed');
    const revealed = this.#get(questionId);
    const results = this.results(questionId);
    this.#stateChanged(revealed);
    this.emit('results', results, true);
    return { question: revealed, results };
  }

  /** A classroom's answer: only while the question is open, in its mode, naming real options. */
  submit(classroomId: string, questionId: string, answer: Answer, now = Date.now()): Submission {
    const question = this.#get(questionId);
    if (question.state === 'draft') throw new ClassroomError('not_found', 'this question has not been asked');
    if (question.state !== 'open' || (question.closesAt !== null && now >= question.closesAt)) {
      throw new ClassroomError('question_closed', 'time is up: this question no longer takes answers');
    }
    checkAnswer(question, answer);
    const before = this.#store.submission(questionId, classroomId);
    if (before && JSON.stringify(before.answer) === JSON.stringify(answer)) {
      throw new ClassroomError('duplicate', 'this answer is already recorded');
    }
    const stored = this.#submission(this.#store.submit(questionId, classroomId, answer, now));
    this.emit('submitted', stored);
    this.emit('results', this.results(questionId), false);
    return stored;
  }

  results(questionId: string): QuestionResults {
    const submissions = this.#store.submissions(questionId).map((s) => this.#submission(s));
    return computeResults(this.#get(questionId), submissions, this.#roster.active());
  }

  /** The question on the projectors now: the latest one launched. */
  current(): Question | null {
    const asked = this.questions().filter((q) => q.openedAt !== null);
    return asked.sort((a, b) => b.openedAt! - a.openedAt!)[0] ?? null;
  }

  ownSubmission(questionId: string, classroomId: string): Submission | null {
    const stored = this.#store.submission(questionId, classroomId);
    return stored ? this.#submission(stored) : null;
  }

  dispose(): void {
    clearTimeout(this.#closeTimer);
    this.removeAllListeners();
  }

  #get(questionId: string): Question {
    const question = this.#store.question(this.#lessonId, questionId);
    if (!question) throw new ClassroomError('not_found', 'no such question in this lesson');
    return question;
  }

  #submission(s: StoredSubmission): Submission {
    return { classroomId: s.classroomId, classroomName: this.#roster.nameOf(s.classroomId), answer: s.answer, at: s.at, revisions: s.revisions };
  }

  #armTimer(question: Question): void {
    clearTimeout(this.#closeTimer);
    if (question.closesAt === null) return;
    const close = () => {
      const now = this.#store.question(this.#lessonId, question.id);
      if (now?.state === 'open') this.close(question.id);
    };
    this.#closeTimer = setTimeout(close, Math.max(0, question.closesAt - Date.now()));
    this.#closeTimer.unref();
  }

  #stateChanged(question: Question): void {
    this.emit('questionChanged', publicQuestion(question));
    this.emit('questionSaved', question);
  }
}

/** Classrooms see the correct answer only once the teacher reveals it. */
export function publicQuestion(question: Question): PublicQuestion {
  return question.state === 'revealed' ? question : { ...question, correct: null };
}

function checkAnswer(question: Question, answer: Answer): void {
  const options = question.options.length;
  if (answer.mode !== question.answerMode) {
    throw new ClassroomError('invalid_payload', `answer: this question takes a ${question.answerMode === 'tally' ? 'tally of pupils' : 'collective answer'}`);
  }
  if (answer.mode === 'collective') {
    if (answer.choices.some((c) => c >= options)) throw new ClassroomError('invalid_payload', 'answer.choices: names an option that does not exist');
    if (new Set(answer.choices).size !== answer.choices.length) throw new ClassroomError('invalid_payload', 'answer.choices: names an option twice');
    if (question.kind !== 'multiple' && answer.choices.length !== 1) throw new ClassroomError('invalid_payload', 'answer.choices: choose exactly one option');
    return;
  }
  if (answer.counts.length !== options) throw new ClassroomError('invalid_payload', `answer.counts: give one count per option (${options})`);
  const sum = answer.counts.reduce((a, b) => a + b, 0);
  if (question.kind !== 'multiple' && sum > answer.present) {
    throw new ClassroomError('invalid_payload', 'answer.counts: more answers than pupils present');
  }
  if (answer.counts.some((n) => n > answer.present)) throw new ClassroomError('invalid_payload', 'answer.counts: a count is larger than the pupils present');
}
