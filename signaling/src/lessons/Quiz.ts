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

/** Runs a task in the lesson's order (Lesson.serially). */
export type InLessonOrder = (task: () => Promise<void>) => Promise<void>;

/**
 * The quiz of one lesson: questions prepared ahead or on the spot, one open at a time, answers
 * stored before they are acknowledged. State lives in the store, so a restarted server resumes
 * an open question (and closes it if its time ran out meanwhile).
 */
export class Quiz extends EventEmitter<QuizEvents> {
  readonly #lessonId: string;
  readonly #store: QuizStore;
  readonly #roster: Roster;
  readonly #inLessonOrder: InLessonOrder;
  readonly #log: Logger;
  #closeTimer: NodeJS.Timeout | undefined;

  constructor(lessonId: string, store: QuizStore, roster: Roster, inLessonOrder: InLessonOrder, log: Logger) {
    super();
    this.#lessonId = lessonId;
    this.#store = store;
    this.#roster = roster;
    this.#inLessonOrder = inLessonOrder;
    this.#log = log;
  }

  /** The question on the projectors now: the latest one launched. */
  static current(questions: Question[]): Question | null {
    const asked = questions.filter((q) => q.openedAt !== null);
    return asked.sort((a, b) => b.openedAt! - a.openedAt!)[0] ?? null;
  }

  /** After a load (a restart, a lesson nobody was connected to): the open question's time runs on. */
  async resume(): Promise<void> {
    const open = (await this.questions()).find((q) => q.state === 'open');
    if (open) this.#armTimer(open);
  }

  questions(): Promise<Question[]> {
    return this.#store.questions(this.#lessonId);
  }

  async create(draft: QuestionDraft): Promise<Question> {
    const question = await this.#store.create(this.#lessonId, draft);
    this.emit('questionSaved', question);
    return question;
  }

  async update(questionId: string, draft: QuestionDraft): Promise<Question> {
    await this.#get(questionId);
    if (!(await this.#store.update(this.#lessonId, questionId, draft))) throw new ClassroomError('conflict', 'a launched question can no longer be edited');
    const updated = await this.#get(questionId);
    this.emit('questionSaved', updated);
    return updated;
  }

  async delete(questionId: string): Promise<void> {
    await this.#get(questionId);
    if (!(await this.#store.deleteDraft(this.#lessonId, questionId))) throw new ClassroomError('conflict', 'a launched question is part of the record and cannot be deleted');
    this.emit('questionDeleted', questionId);
  }

  async reorder(order: string[]): Promise<string[]> {
    const ids = (await this.questions()).map((q) => q.id);
    if (order.length !== ids.length || new Set(order).size !== order.length || order.some((id) => !ids.includes(id))) {
      throw new ClassroomError('invalid_payload', 'order: must name every question of the lesson exactly once');
    }
    await this.#store.reorder(this.#lessonId, order);
    this.emit('questionsReordered', order);
    return order;
  }

  async launch(questionId: string, now = Date.now()): Promise<Question> {
    const question = await this.#get(questionId);
    if (question.state !== 'draft') throw new ClassroomError('conflict', 'this question was launched already');
    const open = (await this.questions()).find((q) => q.state === 'open');
    if (open) throw new ClassroomError('conflict', 'close the open question first');
    const closesAt = question.timeLimitSeconds === null ? null : now + question.timeLimitSeconds * 1000;
    await this.#store.setState(questionId, 'open', { openedAt: now, closesAt });
    const launched = await this.#get(questionId);
    this.#armTimer(launched);
    this.#log.info({ questionId }, 'question launched');
    this.#stateChanged(launched);
    this.emit('results', await this.results(questionId), false);
    return launched;
  }

  async close(questionId: string, now = Date.now()): Promise<Question> {
    const question = await this.#get(questionId);
    if (question.state !== 'open') throw new ClassroomError('question_closed', 'this question is not open');
    clearTimeout(this.#closeTimer);
    await this.#store.setState(questionId, 'closed', { closedAt: now });
    this.#log.info({ questionId }, 'question closed');
    const closed = await this.#get(questionId);
    this.#stateChanged(closed);
    return closed;
  }

  async reveal(questionId: string): Promise<{ question: Question; results: QuestionResults }> {
    const question = await this.#get(questionId);
    if (question.state === 'open') throw new ClassroomError('conflict', 'close the question before revealing its results');
    if (question.state === 'draft') throw new ClassroomError('conflict', 'this question has not been asked yet');
    await this.#store.setState(questionId, 'revealed');
    const revealed = await this.#get(questionId);
    const results = await this.results(questionId);
    this.#stateChanged(revealed);
    this.emit('results', results, true);
    return { question: revealed, results };
  }

  /** A classroom's answer: only while the question is open, in its mode, naming real options. */
  async submit(classroomId: string, questionId: string, answer: Answer, now = Date.now()): Promise<Submission> {
    const question = await this.#get(questionId);
    if (question.state === 'draft') throw new ClassroomError('not_found', 'this question has not been asked');
    if (question.state !== 'open' || (question.closesAt !== null && now >= question.closesAt)) {
      throw new ClassroomError('question_closed', 'time is up: this question no longer takes answers');
    }
    checkAnswer(question, answer);
    const before = await this.#store.submission(questionId, classroomId);
    if (before && JSON.stringify(before.answer) === JSON.stringify(answer)) {
      throw new ClassroomError('duplicate', 'this answer is already recorded');
    }
    const stored = this.#submission(await this.#store.submit(questionId, classroomId, answer, now));
    this.emit('submitted', stored);
    this.emit('results', await this.results(questionId), false);
    return stored;
  }

  async results(questionId: string): Promise<QuestionResults> {
    const submissions = (await this.#store.submissions(questionId)).map((s) => this.#submission(s));
    return computeResults(await this.#get(questionId), submissions, this.#roster.active());
  }

  async ownSubmission(questionId: string, classroomId: string): Promise<Submission | null> {
    const stored = await this.#store.submission(questionId, classroomId);
    return stored ? this.#submission(stored) : null;
  }

  dispose(): void {
    clearTimeout(this.#closeTimer);
    this.removeAllListeners();
  }

  async #get(questionId: string): Promise<Question> {
    const question = await this.#store.question(this.#lessonId, questionId);
    if (!question) throw new ClassroomError('not_found', 'no such question in this lesson');
    return question;
  }

  #submission(s: StoredSubmission): Submission {
    return { classroomId: s.classroomId, classroomName: this.#roster.nameOf(s.classroomId), answer: s.answer, at: s.at, revisions: s.revisions };
  }

  #armTimer(question: Question): void {
    clearTimeout(this.#closeTimer);
    if (question.closesAt === null) return;
    // In the lesson's order: a close by the teacher, or an answer, may be under way.
    const close = () => this.#inLessonOrder(async () => {
      if ((await this.#store.question(this.#lessonId, question.id))?.state === 'open') await this.close(question.id);
    }).catch((error: unknown) => this.#log.error({ err: error, questionId: question.id }, 'question not closed at its time limit'));
    this.#closeTimer = setTimeout(() => void close(), Math.max(0, question.closesAt - Date.now()));
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

/** Throws unless the answer fits the question: its mode, real options, counts within the pupils present (live and replay). */
export function checkAnswer(question: Question, answer: Answer): void {
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
