import { randomUUID } from 'node:crypto';
import { ClassroomError, type Answer, type Question, type QuestionDraft, type QuestionState } from '@classroom/shared';
import { fencedWrite, type Fence } from './fence.ts';
import type { SqlDatabase, SqlQueries } from './SqlDatabase.ts';

export interface StoredSubmission {
  questionId: string;
  classroomId: string;
  answer: Answer;
  at: number;
  revisions: number;
}

export interface QuestionTimes {
  openedAt?: number;
  /** null: the question has no time limit (undefined: unchanged). */
  closesAt?: number | null;
  closedAt?: number;
}

/** Questions and submissions. Every write is committed when its promise resolves. */
export interface QuizStore {
  /** Adds a draft at the end; refuses (`limit_reached`) past the lesson's limit. */
  create(lessonId: string, draft: QuestionDraft): Promise<Question>;
  /** Rewrites a draft; false if the question is not a draft of this lesson. */
  update(lessonId: string, questionId: string, draft: QuestionDraft): Promise<boolean>;
  /** Deletes a draft and closes the gap it leaves, so that "question 3" stays the third one. */
  deleteDraft(lessonId: string, questionId: string): Promise<boolean>;
  /** Puts the lesson's questions in this order (which must name each of them once). */
  reorder(lessonId: string, order: string[]): Promise<void>;
  questions(lessonId: string): Promise<Question[]>;
  question(lessonId: string, questionId: string): Promise<Question | undefined>;
  setState(questionId: string, state: QuestionState, times?: QuestionTimes): Promise<void>;
  /** Records a classroom's answer (a new one replaces the earlier, counting a revision). */
  submit(questionId: string, classroomId: string, answer: Answer, now?: number): Promise<StoredSubmission>;
  submission(questionId: string, classroomId: string): Promise<StoredSubmission | undefined>;
  submissions(questionId: string): Promise<StoredSubmission[]>;
}

interface QuestionRow {
  id: string;
  position: number;
  kind: Question['kind'];
  prompt: string;
  options: string;
  correct: string | null;
  time_limit_seconds: number | null;
  answer_mode: Question['answerMode'];
  state: QuestionState;
  opened_at: number | null;
  closes_at: number | null;
}

interface SubmissionRow {
  question_id: string;
  classroom_id: string;
  answer: string;
  submitted_at: number;
  revisions: number;
}

const TRUE_FALSE = ['true', 'false'];

/**
 * The quiz store on SQLite or PostgreSQL. A lesson holds at most `maxPerLesson` questions,
 * whichever way they come (socket or REST, live or not). With a fence, every write (questions,
 * their states, answers) is made only while no newer owner took the lesson (see fence.ts).
 */
export class SqlQuizStore implements QuizStore {
  readonly #db: SqlDatabase;
  readonly #maxPerLesson: number;
  readonly #fence: Fence | undefined;

  constructor(db: SqlDatabase, maxPerLesson: number, fence?: Fence) {
    this.#db = db;
    this.#maxPerLesson = maxPerLesson;
    this.#fence = fence;
  }

  async create(lessonId: string, draft: QuestionDraft): Promise<Question> {
    const id = await this.#write((q) => this.#insert(q, lessonId, draft));
    return (await this.question(lessonId, id))!;
  }

  async #insert(q: SqlQueries, lessonId: string, draft: QuestionDraft): Promise<string> {
    const { held, next } = (await q.get<{ held: number; next: number }>(
      'SELECT COUNT(*) AS held, COALESCE(MAX(position), -1) + 1 AS next FROM questions WHERE lesson_id = $1', [lessonId]))!;
    if (held >= this.#maxPerLesson) {
      throw new ClassroomError('limit_reached', `a lesson holds at most ${this.#maxPerLesson} questions: delete one to add another`);
    }
    const id = randomUUID().replaceAll('-', '').slice(0, 16);
    await q.run(`INSERT INTO questions (id, lesson_id, position, kind, prompt, options, correct, time_limit_seconds, answer_mode)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [id, lessonId, next, ...draftColumns(draft)]);
    return id;
  }

  async update(lessonId: string, questionId: string, draft: QuestionDraft): Promise<boolean> {
    const changed = await this.#write((q) => q.run(`UPDATE questions SET kind = $3, prompt = $4, options = $5, correct = $6, time_limit_seconds = $7, answer_mode = $8
                                        WHERE lesson_id = $1 AND id = $2 AND state = 'draft'`, [lessonId, questionId, ...draftColumns(draft)]));
    return changed > 0;
  }

  deleteDraft(lessonId: string, questionId: string): Promise<boolean> {
    return this.#write(async (tx) => {
      const deleted = await tx.get<{ position: number }>(
        `DELETE FROM questions WHERE lesson_id = $1 AND id = $2 AND state = 'draft' RETURNING position`, [lessonId, questionId]);
      if (!deleted) return false;
      await tx.run('UPDATE questions SET position = position - 1 WHERE lesson_id = $1 AND position > $2', [lessonId, deleted.position]);
      return true;
    }, true);
  }

  async reorder(lessonId: string, order: string[]): Promise<void> {
    await this.#write(async (tx) => {
      for (const [position, id] of order.entries()) {
        await tx.run('UPDATE questions SET position = $3 WHERE lesson_id = $1 AND id = $2', [lessonId, id, position]);
      }
    }, true);
  }

  async questions(lessonId: string): Promise<Question[]> {
    return (await this.#db.all<QuestionRow>('SELECT * FROM questions WHERE lesson_id = $1 ORDER BY position', [lessonId])).map(toQuestion);
  }

  async question(lessonId: string, questionId: string): Promise<Question | undefined> {
    const row = await this.#db.get<QuestionRow>('SELECT * FROM questions WHERE lesson_id = $1 AND id = $2', [lessonId, questionId]);
    return row && toQuestion(row);
  }

  async setState(questionId: string, state: QuestionState, times: QuestionTimes = {}): Promise<void> {
    await this.#write((q) => q.run(`UPDATE questions SET state = $2,
                          opened_at = COALESCE($3, opened_at),
                          closes_at = CASE WHEN $4 = 1 THEN $5 ELSE closes_at END,
                          closed_at = COALESCE($6, closed_at)
                        WHERE id = $1`,
    [questionId, state, times.openedAt ?? null, times.closesAt !== undefined ? 1 : 0, times.closesAt ?? null, times.closedAt ?? null]));
  }

  async submit(questionId: string, classroomId: string, answer: Answer, now = Date.now()): Promise<StoredSubmission> {
    const row = await this.#write((q) => q.get<SubmissionRow>(
      `INSERT INTO submissions (question_id, classroom_id, answer, submitted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (question_id, classroom_id)
       DO UPDATE SET answer = excluded.answer, submitted_at = excluded.submitted_at, revisions = submissions.revisions + 1
       RETURNING *`, [questionId, classroomId, JSON.stringify(answer), now]));
    return toSubmission(row!);
  }

  async submission(questionId: string, classroomId: string): Promise<StoredSubmission | undefined> {
    const row = await this.#db.get<SubmissionRow>('SELECT * FROM submissions WHERE question_id = $1 AND classroom_id = $2', [questionId, classroomId]);
    return row && toSubmission(row);
  }

  async submissions(questionId: string): Promise<StoredSubmission[]> {
    return (await this.#db.all<SubmissionRow>('SELECT * FROM submissions WHERE question_id = $1 ORDER BY submitted_at', [questionId])).map(toSubmission);
  }

  #write<T>(write: (q: SqlQueries) => Promise<T>, transaction = false): Promise<T> {
    return fencedWrite(this.#db, this.#fence, write, transaction);
  }
}

function draftColumns(d: QuestionDraft): [string, string, string, string | null, number | null, string] {
  return [d.kind, d.prompt, JSON.stringify(d.kind === 'true_false' ? [] : d.options), d.correct ? JSON.stringify(d.correct) : null, d.timeLimitSeconds, d.answerMode];
}

function toSubmission(row: SubmissionRow): StoredSubmission {
  return { questionId: row.question_id, classroomId: row.classroom_id, answer: JSON.parse(row.answer) as Answer, at: row.submitted_at, revisions: row.revisions };
}

function toQuestion(row: QuestionRow): Question {
  const options = JSON.parse(row.options) as string[];
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    prompt: row.prompt,
    options: row.kind === 'true_false' ? TRUE_FALSE : options,
    correct: row.correct ? (JSON.parse(row.correct) as number[]) : null,
    timeLimitSeconds: row.time_limit_seconds,
    answerMode: row.answer_mode,
    state: row.state,
    openedAt: row.opened_at,
    closesAt: row.closes_at,
  };
}
