import type { SqlDatabase, SqlQueries, SqlValue } from './SqlDatabase.ts';

/** What a classroom did in lessons, counted (one lesson's, or summed). */
export interface ClassroomCountsSums {
  presentSeconds: number;
  handsRaised: number;
  stageTurns: number;
  quizAsked: number;
  quizAnswered: number;
  quizJudged: number;
  quizCorrect: number;
  linkGoodSeconds: number;
  linkFairSeconds: number;
  linkPoorSeconds: number;
  soundOnlySeconds: number;
  reconnects: number;
  /** Times the classroom took the lesson later on replay (issue #18). */
  replaysTaken: number;
}

/** One classroom in one timetabled lesson, as the dashboard reads it (classroom_lesson_stats). */
export interface ClassroomLessonStats extends ClassroomCountsSums {
  weeklyLessonId: string;
  dueDate: string;
  /** The lasting classroom. */
  classroomId: string;
  /** Null: the lesson was never opened. */
  lessonId: string | null;
  schoolId: string;
  teacherId: string;
  subject: string | null;
  title: string;
  /** The local date it took place on (a moved lesson's new date). */
  heldDate: string;
  /** The Monday of heldDate's ISO week. */
  week: string;
  startsAt: string;
  endsAt: string;
  attended: boolean;
  removed: boolean;
  lateJoin: boolean;
  earlyLeave: boolean;
}

/** One classroom's answer to one question (classroom_question_stats). */
export interface ClassroomQuestionStats {
  questionId: string;
  classroomId: string;
  lessonId: string;
  schoolId: string;
  heldDate: string;
  answered: boolean;
  judged: boolean;
  correct: boolean;
}

/** What the aggregates of a timetabled lesson are made from, beyond its lesson report. */
export interface TimetabledLessonFacts {
  weeklyLessonId: string;
  dueDate: string;
  teacherId: string;
  subject: string | null;
  title: string;
  phase: string;
  endedAt: string | null;
  /** Its classrooms that are lasting ones, with their counts of hands and stage turns. */
  classrooms: { id: string; lastingId: string; schoolId: string; handsRaised: number; stageTurns: number }[];
}

/** A quality sample as the aggregates grade it. */
export interface SampleFacts {
  classroomId: string;
  at: number;
  rttMs: number | null;
  lossPercent: number;
  frameHeight: number;
}

const STATS_COLUMNS = [
  'weekly_lesson_id', 'due_date', 'classroom_id', 'lesson_id', 'school_id', 'teacher_id', 'subject', 'title', 'held_date', 'week',
  'starts_at', 'ends_at', 'attended', 'removed', 'present_seconds', 'late_join', 'early_leave', 'hands_raised', 'stage_turns',
  'quiz_asked', 'quiz_answered', 'quiz_judged', 'quiz_correct', 'link_good_seconds', 'link_fair_seconds', 'link_poor_seconds',
  'sound_only_seconds', 'reconnects', 'replays_taken', 'computed_at',
] as const;
const QUESTION_COLUMNS = ['question_id', 'classroom_id', 'lesson_id', 'school_id', 'held_date', 'answered', 'judged', 'correct'] as const;

function statsValues(s: ClassroomLessonStats, computedAt: string): SqlValue[] {
  return [
    s.weeklyLessonId, s.dueDate, s.classroomId, s.lessonId, s.schoolId, s.teacherId, s.subject, s.title, s.heldDate, s.week,
    s.startsAt, s.endsAt, Number(s.attended), Number(s.removed), s.presentSeconds, Number(s.lateJoin), Number(s.earlyLeave),
    s.handsRaised, s.stageTurns, s.quizAsked, s.quizAnswered, s.quizJudged, s.quizCorrect, s.linkGoodSeconds, s.linkFairSeconds,
    s.linkPoorSeconds, s.soundOnlySeconds, s.reconnects, s.replaysTaken, computedAt,
  ];
}

function questionValues(q: ClassroomQuestionStats): SqlValue[] {
  return [q.questionId, q.classroomId, q.lessonId, q.schoolId, q.heldDate, Number(q.answered), Number(q.judged), Number(q.correct)];
}

/**
 * Inserts rows many at a time (one statement per `chunk` rows): a term of aggregates, or of
 * generated samples, in seconds rather than minutes. `suffix` ends each statement (ON CONFLICT…).
 */
export async function insertMany(q: SqlQueries, table: string, columns: readonly string[], rows: readonly SqlValue[][], suffix = '', chunk = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const params: SqlValue[] = [];
    const tuples = part.map((row) => `(${row.map((value) => { params.push(value); return `$${params.length}`; }).join(', ')})`);
    await q.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${suffix}`, params);
  }
}

/**
 * The district view's aggregates (issue #19): written when a lesson ends, or when a timetabled
 * lesson is found to have passed without being held, and read by the dashboard (DashboardStore).
 */
export interface DistrictStatsStore {
  /** A timetabled lesson's facts, undefined for a lesson not from the timetable (or none). */
  timetabledLesson(lessonId: string): Promise<TimetabledLessonFacts | undefined>;
  /** The lesson's quality samples, each classroom's in time order (read once, when it ends). */
  samples(lessonId: string): Promise<SampleFacts[]>;
  /**
   * Replaces the aggregates of one timetabled lesson (its classrooms and questions), in one
   * transaction: recomputing a lesson is idempotent.
   */
  replaceLesson(occurrence: { weeklyLessonId: string; dueDate: string; lessonId: string | null }, rows: ClassroomLessonStats[],
    questions: ClassroomQuestionStats[], now?: Date): Promise<void>;
  /** Adds rows for lessons that were never held; rows already there (held lessons) are kept. */
  addMissed(rows: ClassroomLessonStats[], now?: Date): Promise<void>;
  /** The occurrences (`weeklyLessonId|dueDate`) that have aggregates, due on or after `fromDate`. */
  occurrencesWithStats(fromDate: string): Promise<Set<string>>;
  /** Ended timetabled lessons without aggregates (a stop before they were written): to write them. */
  endedWithoutStats(): Promise<string[]>;
}

/** The district stats store on SQLite or PostgreSQL. */
export class SqlDistrictStatsStore implements DistrictStatsStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async timetabledLesson(lessonId: string): Promise<TimetabledLessonFacts | undefined> {
    const lesson = await this.#db.get<{ weekly_lesson_id: string | null; due_date: string | null; teacher_id: string | null; subject: string | null; title: string; phase: string; ended_at: string | null }>(
      'SELECT weekly_lesson_id, due_date, teacher_id, subject, title, phase, ended_at FROM lessons WHERE id = $1', [lessonId]);
    if (!lesson?.weekly_lesson_id || !lesson.due_date || !lesson.teacher_id) return undefined;
    const classrooms = await this.#db.all<{ id: string; lasting_id: string; school_id: string; hands_raised: number; stage_turns: number }>(
      `SELECT c.id, c.lasting_classroom_id AS lasting_id, lc.school_id, c.hands_raised, c.stage_turns
       FROM classrooms c JOIN lasting_classrooms lc ON lc.id = c.lasting_classroom_id
       WHERE c.lesson_id = $1 ORDER BY c.position`, [lessonId]);
    return {
      weeklyLessonId: lesson.weekly_lesson_id, dueDate: lesson.due_date, teacherId: lesson.teacher_id, subject: lesson.subject,
      title: lesson.title, phase: lesson.phase, endedAt: lesson.ended_at,
      classrooms: classrooms.map((c) => ({ id: c.id, lastingId: c.lasting_id, schoolId: c.school_id, handsRaised: Number(c.hands_raised), stageTurns: Number(c.stage_turns) })),
    };
  }

  async samples(lessonId: string): Promise<SampleFacts[]> {
    const rows = await this.#db.all<{ classroom_id: string; at: number | string; rtt_ms: number | null; loss_percent: number; frame_height: number }>(
      'SELECT classroom_id, at, rtt_ms, loss_percent, frame_height FROM quality_samples WHERE lesson_id = $1 ORDER BY classroom_id, at', [lessonId]);
    return rows.map((r) => ({ classroomId: r.classroom_id, at: Number(r.at), rttMs: r.rtt_ms, lossPercent: r.loss_percent, frameHeight: r.frame_height }));
  }

  async replaceLesson(o: { weeklyLessonId: string; dueDate: string; lessonId: string | null }, rows: ClassroomLessonStats[],
    questions: ClassroomQuestionStats[], now = new Date()): Promise<void> {
    const computedAt = now.toISOString();
    await this.#db.transaction(async (tx) => {
      await tx.run('DELETE FROM classroom_lesson_stats WHERE weekly_lesson_id = $1 AND due_date = $2', [o.weeklyLessonId, o.dueDate]);
      if (o.lessonId) await tx.run('DELETE FROM classroom_question_stats WHERE lesson_id = $1', [o.lessonId]);
      await insertMany(tx, 'classroom_lesson_stats', STATS_COLUMNS, rows.map((r) => statsValues(r, computedAt)));
      await insertMany(tx, 'classroom_question_stats', QUESTION_COLUMNS, questions.map(questionValues));
    });
  }

  async addMissed(rows: ClassroomLessonStats[], now = new Date()): Promise<void> {
    const computedAt = now.toISOString();
    await insertMany(this.#db, 'classroom_lesson_stats', STATS_COLUMNS, rows.map((r) => statsValues(r, computedAt)),
      'ON CONFLICT (weekly_lesson_id, due_date, classroom_id) DO NOTHING');
  }

  async occurrencesWithStats(fromDate: string): Promise<Set<string>> {
    const rows = await this.#db.all<{ weekly_lesson_id: string; due_date: string }>(
      'SELECT DISTINCT weekly_lesson_id, due_date FROM classroom_lesson_stats WHERE due_date >= $1', [fromDate]);
    return new Set(rows.map((r) => `${r.weekly_lesson_id}|${r.due_date}`));
  }

  async endedWithoutStats(): Promise<string[]> {
    const rows = await this.#db.all<{ id: string }>(
      `SELECT l.id FROM lessons l WHERE l.phase = 'ended' AND l.weekly_lesson_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM classroom_lesson_stats s WHERE s.lesson_id = l.id)`);
    return rows.map((r) => r.id);
  }
}
