import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { ClassroomError, type Answer, type Question, type QuestionDraft, type QuestionState } from '@classroom/shared';

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

export interface StoredSubmission {
  questionId: string;
  classroomId: string;
  answer: Answer;
  at: number;
  revisions: number;
}

const TRUE_FALSE = ['true', 'false'];

/**
 * Questions and submissions. Every write is committed before the caller acknowledges it. A lesson
 * holds at most `maxPerLesson` questions, whichever way they come (socket or REST, live or not).
 */
export class QuizStore {
  readonly #db: DatabaseSync;
  readonly #maxPerLesson: number;

  constructor(db: DatabaseSync, maxPerLesson: number) {
    this.#db = db;
    this.#maxPerLesson = maxPerLesson;
  }

  create(lessonId: string, draft: QuestionDraft): Question {
    const { held } = this.#db.prepare('SELECT COUNT(*) AS held FROM questions WHERE lesson_id = ?').get(lessonId) as { held: number };
    if (held >= this.#maxPerLesson) {
      throw new ClassroomError('limit_reached', `a lesson holds at most ${this.#maxPerLesson} questions: delete one to add another`);
    }
    const id = randomUUID().replaceAll('-', '').slice(0, 16);
    const { next } = this.#db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS next FROM questions WHERE lesson_id = ?').get(lessonId) as { next: number };
    this.#db.prepare(`INSERT INTO questions (id, lesson_id, position, kind, prompt, options, correct, time_limit_seconds, answer_mode)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, lessonId, next, ...draftColumns(draft));
    return this.question(lessonId, id)!;
  }

  /** Rewrites a draft; returns false if the question is not a draft of this lesson. */
  update(lessonId: string, questionId: string, draft: QuestionDraft): boolean {
    const result = this.#db.prepare(`UPDATE questions SET kind = ?, prompt = ?, options = ?, correct = ?, time_limit_seconds = ?, answer_mode = ?
                                     WHERE lesson_id = ? AND id = ? AND state = 'draft'`)
      .run(...draftColumns(draft), lessonId, questionId);
    return result.changes > 0;
  }

  /** Deletes a draft and closes the gap it leaves, so that "question 3" stays the third one. */
  deleteDraft(lessonId: string, questionId: string): boolean {
    const row = this.#db.prepare(`SELECT position FROM questions WHERE lesson_id = ? AND id = ? AND state = 'draft'`).get(lessonId, questionId) as
      | { position: number } | undefined;
    if (!row) return false;
    this.#db.exec('BEGIN');
    try {
      this.#db.prepare('DELETE FROM questions WHERE id = ?').run(questionId);
      this.#db.prepare('UPDATE questions SET position = position - 1 WHERE lesson_id = ? AND position > ?').run(lessonId, row.position);
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
    return true;
  }

  /** Puts the lesson's questions in this order (which must name each of them once). */
  reorder(lessonId: string, order: string[]): void {
    const set = this.#db.prepare('UPDATE questions SET position = ? WHERE lesson_id = ? AND id = ?');
    this.#db.exec('BEGIN');
    try {
      order.forEach((id, position) => set.run(position, lessonId, id));
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  questions(lessonId: string): Question[] {
    const rows = this.#db.prepare('SELECT * FROM questions WHERE lesson_id = ? ORDER BY position').all(lessonId) as unknown as QuestionRow[];
    return rows.map(toQuestion);
  }

  question(lessonId: string, questionId: string): Question | undefined {
    const row = this.#db.prepare('SELECT * FROM questions WHERE lesson_id = ? AND id = ?').get(lessonId, questionId) as unknown as QuestionRow | undefined;
    return row && toQuestion(row);
  }

  setState(questionId: string, state: QuestionState, times: { openedAt?: number; closesAt?: number | null; closedAt?: number } = {}): void {
    this.#db.prepare(`UPDATE questions SET state = ?,
                        opened_at = COALESCE(?, opened_at),
                        closes_at = CASE WHEN ? THEN ? ELSE closes_at END,
                        closed_at = COALESCE(?, closed_at)
                      WHERE id = ?`)
      .run(state, times.openedAt ?? null, times.closesAt !== undefined ? 1 : 0, times.closesAt ?? null, times.closedAt ?? null, questionId);
  }

  /** Records a classroom's answer (a new one replaces the earlier, counting a revision). */
  submit(questionId: string, classroomId: string, answer: Answer, now = Date.now()): StoredSubmission {
    this.#db.prepare(`INSERT INTO submissions (question_id, classroom_id, answer, submitted_at) VALUES (?, ?, ?, ?)
                      ON CONFLICT (question_id, classroom_id)
                      DO UPDATE SET answer = excluded.answer, submitted_at = excluded.submitted_at, revisions = revisions + 1`)
      .run(questionId, classroomId, JSON.stringify(answer), now);
    return this.submission(questionId, classroomId)!;
  }

  submission(questionId: string, classroomId: string): StoredSubmission | undefined {
    const row = this.#db.prepare('SELECT * FROM submissions WHERE question_id = ? AND classroom_id = ?').get(questionId, classroomId) as
      | { question_id: string; classroom_id: string; answer: string; submitted_at: number; revisions: number } | undefined;
    return row && { questionId: row.question_id, classroomId: row.classroom_id, answer: JSON.parse(row.answer) as Answer, at: row.submitted_at, revisions: row.revisions };
  }

  submissions(questionId: string): StoredSubmission[] {
    const rows = this.#db.prepare('SELECT * FROM submissions WHERE question_id = ? ORDER BY submitted_at').all(questionId) as
      { question_id: string; classroom_id: string; answer: string; submitted_at: number; revisions: number }[];
    return rows.map((row) => ({ questionId: row.question_id, classroomId: row.classroom_id, answer: JSON.parse(row.answer) as Answer, at: row.submitted_at, revisions: row.revisions }));
  }
}

function draftColumns(d: QuestionDraft): [string, string, string, string | null, number | null, string] {
  return [d.kind, d.prompt, JSON.stringify(d.kind === 'true_false' ? [] : d.options), d.correct ? JSON.stringify(d.correct) : null, d.timeLimitSeconds, d.answerMode];
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
