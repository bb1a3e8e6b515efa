import { randomUUID } from 'node:crypto';
import type { Answer } from '@classroom/shared';
import type { SqlDatabase } from './SqlDatabase.ts';

/** Who replays: a lasting classroom (its permanent link) or a lesson's own classroom (its link). */
export type ReplayClassroom = { kind: 'lasting'; id: string } | { kind: 'lesson'; lessonId: string; id: string };

export interface ReplayRecord {
  id: string;
  lessonId: string;
  classroomId: string;
  classroomName: string;
  startedAt: string;
  finishedAt: string | null;
}

/** One answer given on a replay, with its replay's facts (for the lesson's report). */
export interface ReplayAnswerRecord {
  replayId: string;
  questionId: string;
  classroomId: string;
  classroomName: string;
  /** ISO time the replay began: the report's "on replay, <date>". */
  replayedAt: string;
  answer: Answer;
  at: number;
  revisions: number;
}

/** Replays of recorded lessons and the answers given on them (issue #18). */
export interface ReplayStore {
  /** The classroom's name now (undefined: it is gone, or was removed from its lesson). */
  classroomName(classroom: ReplayClassroom): Promise<string | undefined>;
  start(lessonId: string, classroomId: string, classroomName: string, now?: Date): Promise<ReplayRecord>;
  finish(replayId: string, now?: Date): Promise<void>;
  /** Records the class's answer (a new one replaces the earlier, counting a revision). */
  answer(replayId: string, questionId: string, answer: Answer, now?: number): Promise<void>;
  answerOf(replayId: string, questionId: string): Promise<Answer | undefined>;
  /** Every answer given on a replay of this lesson, oldest replay first. */
  answersOfLesson(lessonId: string): Promise<ReplayAnswerRecord[]>;
  /** How many replays of the lesson each classroom (lasting, or of the lesson) has opened. */
  countsOfLesson(lessonId: string): Promise<Map<string, number>>;
}

type ReplayRow = { id: string; lesson_id: string; classroom_id: string; classroom_name: string; started_at: string; finished_at: string | null };
type AnswerRow = { replay_id: string; question_id: string; classroom_id: string; classroom_name: string; started_at: string; answer: string; submitted_at: number; revisions: number };

/** The replay store on SQLite or PostgreSQL. Replays are not a live lesson's: no fence. */
export class SqlReplayStore implements ReplayStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async classroomName(classroom: ReplayClassroom): Promise<string | undefined> {
    const row = classroom.kind === 'lasting'
      // As its lessons name it ("school · classroom", timetable/today.ts): the report's rows read alike.
      ? await this.#db.get<{ name: string }>(`SELECT s.name || ' · ' || lc.name AS name FROM lasting_classrooms lc JOIN schools s ON s.id = lc.school_id
                                              WHERE lc.id = $1`, [classroom.id])
      : await this.#db.get<{ name: string }>('SELECT name FROM classrooms WHERE lesson_id = $1 AND id = $2 AND removed_at IS NULL', [classroom.lessonId, classroom.id]);
    return row?.name;
  }

  async start(lessonId: string, classroomId: string, classroomName: string, now = new Date()): Promise<ReplayRecord> {
    const id = randomUUID().replaceAll('-', '').slice(0, 16);
    await this.#db.run('INSERT INTO lesson_replays (id, lesson_id, classroom_id, classroom_name, started_at) VALUES ($1, $2, $3, $4, $5)',
      [id, lessonId, classroomId, classroomName, now.toISOString()]);
    return { id, lessonId, classroomId, classroomName, startedAt: now.toISOString(), finishedAt: null };
  }

  async finish(replayId: string, now = new Date()): Promise<void> {
    await this.#db.run('UPDATE lesson_replays SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL', [replayId, now.toISOString()]);
  }

  async answer(replayId: string, questionId: string, answer: Answer, now = Date.now()): Promise<void> {
    await this.#db.run(`INSERT INTO replay_answers (replay_id, question_id, answer, submitted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (replay_id, question_id)
       DO UPDATE SET answer = excluded.answer, submitted_at = excluded.submitted_at, revisions = replay_answers.revisions + 1`,
    [replayId, questionId, JSON.stringify(answer), now]);
  }

  async answerOf(replayId: string, questionId: string): Promise<Answer | undefined> {
    const row = await this.#db.get<{ answer: string }>('SELECT answer FROM replay_answers WHERE replay_id = $1 AND question_id = $2', [replayId, questionId]);
    return row && (JSON.parse(row.answer) as Answer);
  }

  async answersOfLesson(lessonId: string): Promise<ReplayAnswerRecord[]> {
    const rows = await this.#db.all<AnswerRow>(
      `SELECT a.replay_id, a.question_id, r.classroom_id, r.classroom_name, r.started_at, a.answer, a.submitted_at, a.revisions
       FROM replay_answers a JOIN lesson_replays r ON r.id = a.replay_id
       WHERE r.lesson_id = $1 ORDER BY r.started_at, r.rowid`, [lessonId]);
    return rows.map((r) => ({
      replayId: r.replay_id, questionId: r.question_id, classroomId: r.classroom_id, classroomName: r.classroom_name,
      replayedAt: r.started_at, answer: JSON.parse(r.answer) as Answer, at: Number(r.submitted_at), revisions: r.revisions,
    }));
  }

  async countsOfLesson(lessonId: string): Promise<Map<string, number>> {
    const rows = await this.#db.all<{ classroom_id: string; replays: number | string }>(
      'SELECT classroom_id, COUNT(*) AS replays FROM lesson_replays WHERE lesson_id = $1 GROUP BY classroom_id', [lessonId]);
    return new Map(rows.map((r) => [r.classroom_id, Number(r.replays)]));
  }
}
