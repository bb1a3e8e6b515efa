import { EventEmitter } from 'node:events';
import { ClassroomError, type Answer, type Question, type ReplayState, type ReplayStatus } from '@classroom/shared';
import { checkAnswer, publicQuestion } from '../lessons/Quiz.ts';

/** What a replay plays: the recorded lesson's length and where its questions were launched. */
export interface ReplayScript {
  lessonId: string;
  title: string;
  durationMs: number;
  /** By launch time. */
  questions: { question: Question; atMs: number }[];
}

/** Where a replay writes: the class's answers (stored before they are acknowledged) and its end. */
export interface ReplayRecords {
  answer(questionId: string, answer: Answer): Promise<void>;
  finished(): void;
}

interface ReplayEvents {
  changed: [];
}

/**
 * One classroom's replay of a recorded lesson. The server's clock drives it: while playing, the
 * position runs on from where it was set, and a timer stops it at the next question's launch
 * (or the end). The projector follows this clock with its media (seeking when it is off by more
 * than it can catch up); the assistant's phone shows the same moment. Every change emits `changed`.
 */
export class ReplaySession extends EventEmitter<ReplayEvents> {
  readonly replayId: string;
  readonly #script: ReplayScript;
  readonly #records: ReplayRecords;
  readonly #now: () => number;
  #status: ReplayStatus = 'paused';
  #positionMs = 0;
  #since: number;
  /** The question on screen (question, revealed) and the class's answer to it. */
  #current: { question: Question; answer: Answer | null } | null = null;
  /** Questions answered or revealed: playing on does not stop at them again. */
  readonly #done = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(replayId: string, script: ReplayScript, records: ReplayRecords, now: () => number = Date.now) {
    super();
    this.replayId = replayId;
    this.#script = script;
    this.#records = records;
    this.#now = now;
    this.#since = now();
  }

  get lessonId(): string {
    return this.#script.lessonId;
  }

  state(): ReplayState {
    const { question, answer } = this.#current ?? { question: null, answer: null };
    return {
      replayId: this.replayId,
      lessonId: this.#script.lessonId,
      title: this.#script.title,
      status: this.#status,
      positionMs: Math.round(this.#position()),
      serverTime: this.#now(),
      durationMs: this.#script.durationMs,
      question: question && publicQuestion({ ...question, state: this.#status === 'revealed' ? 'revealed' : 'open' }),
      answer,
      questionTimes: this.#script.questions.map((q) => ({ questionId: q.question.id, atMs: q.atMs })),
    };
  }

  play(): void {
    if (this.#status === 'playing') return;
    if (this.#status === 'question') throw new ClassroomError('conflict', 'a question is on screen: show its answer first');
    if (this.#status === 'revealed') {
      this.#done.add(this.#current!.question.id);
      this.#current = null;
    }
    if (this.#status === 'ended') this.#positionMs = 0;
    this.#set('playing', this.#positionMs);
  }

  pause(): void {
    if (this.#status !== 'playing') return;
    this.#set('paused', this.#position());
  }

  /** Moves to a moment (a question on screen is left as it was: not answered, not done). */
  seek(positionMs: number): void {
    const to = Math.min(positionMs, this.#script.durationMs);
    if (this.#status === 'revealed') this.#done.add(this.#current!.question.id);
    this.#current = null;
    this.#set(this.#status === 'playing' ? 'playing' : 'paused', to);
  }

  /** The class's answer to the question on screen, checked as a live answer is; stored, then shown. */
  async answer(questionId: string, answer: Answer): Promise<void> {
    const current = this.#current;
    if (this.#status !== 'question' || current?.question.id !== questionId) {
      throw new ClassroomError('question_closed', 'this question is not waiting for an answer');
    }
    checkAnswer(current.question, answer);
    if (JSON.stringify(current.answer) === JSON.stringify(answer)) throw new ClassroomError('duplicate', 'this answer is already recorded');
    await this.#records.answer(questionId, answer);
    if (this.#closed || this.#current !== current) return;
    current.answer = answer;
    this.emit('changed');
  }

  reveal(): void {
    if (this.#status !== 'question') throw new ClassroomError('conflict', 'no question is waiting');
    this.#set('revealed', this.#positionMs);
  }

  /** Stops for good (closed, or replaced by another replay). Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#records.finished();
    this.removeAllListeners();
  }

  #position(): number {
    if (this.#status !== 'playing') return this.#positionMs;
    return Math.min(this.#positionMs + (this.#now() - this.#since), this.#script.durationMs);
  }

  #set(status: ReplayStatus, positionMs: number): void {
    clearTimeout(this.#timer);
    this.#status = status;
    this.#positionMs = positionMs;
    this.#since = this.#now();
    if (status === 'playing') this.#armStop();
    this.emit('changed');
  }

  /** The next stop: the first question launched from here on that is not done, or the end. */
  #armStop(): void {
    const next = this.#script.questions.find((q) => q.atMs >= this.#positionMs && !this.#done.has(q.question.id));
    const stopAt = next?.atMs ?? this.#script.durationMs;
    this.#timer = setTimeout(() => {
      if (this.#closed) return;
      if (next) {
        this.#current = { question: next.question, answer: null };
        this.#set('question', next.atMs);
      } else {
        this.#set('ended', stopAt);
        this.#records.finished();
      }
    }, Math.max(0, stopAt - this.#positionMs));
    this.#timer.unref();
  }
}
