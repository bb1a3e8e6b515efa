import type { LessonChange, WeeklyLesson, Weekday } from '../timetable/recurrence.ts';
import { shortId } from './ids.ts';
import type { SqlDatabase, SqlQueries, SqlValue } from './SqlDatabase.ts';

/** A weekly lesson of the term timetable, with its teacher, its lasting classrooms and its one-off changes. */
export interface WeeklyLessonRecord extends WeeklyLesson {
  title: string;
  /** What is taught (the district view's filter), null when not said. */
  subject: string | null;
  teacherId: string;
  /** Lasting classroom ids, in the order the admin gave them. */
  classroomIds: string[];
  changes: LessonChange[];
}

export type WeeklyLessonInput = Omit<WeeklyLessonRecord, 'id' | 'changes'>;

/** Whose weekly lessons: every one, one lasting classroom's, or one teacher's. */
export type WeeklyLessonFilter = { all: true } | { classroomId: string } | { teacherId: string };

/** The term timetable: weekly lessons (removed ones are kept for the lessons they opened) and their changes. */
export interface TimetableStore {
  createWeekly(input: WeeklyLessonInput, now?: Date): Promise<WeeklyLessonRecord>;
  /** Replaces every field and the classrooms; false: no such weekly lesson. */
  updateWeekly(id: string, input: WeeklyLessonInput): Promise<boolean>;
  removeWeekly(id: string, now?: Date): Promise<boolean>;
  weekly(id: string): Promise<WeeklyLessonRecord | undefined>;
  weeklyLessons(filter: WeeklyLessonFilter): Promise<WeeklyLessonRecord[]>;
  /** Sets (or replaces) the change of the week its `date` names. */
  setChange(change: LessonChange): Promise<void>;
  /** Back to the usual; false: there was no change that week. */
  removeChange(weeklyLessonId: string, date: string): Promise<boolean>;
}

type WeeklyRow = {
  id: string; title: string; teacher_id: string; weekday: Weekday; start_time: string; end_time: string; time_zone: string;
  first_date: string; last_date: string; skipped_dates: string; subject: string | null;
};
type ChangeRow = { weekly_lesson_id: string; due_date: string; kind: LessonChange['kind']; to_date: string | null; start_time: string | null; end_time: string | null };

/** The `WHERE` of a filter over `weekly_lessons w`, with its parameters. */
function where(filter: WeeklyLessonFilter | { id: string }): [string, SqlValue[]] {
  if ('id' in filter) return ['w.id = $1 AND w.removed_at IS NULL', [filter.id]];
  if ('teacherId' in filter) return ['w.teacher_id = $1 AND w.removed_at IS NULL', [filter.teacherId]];
  if ('classroomId' in filter) {
    return ['w.id IN (SELECT weekly_lesson_id FROM weekly_lesson_classrooms WHERE classroom_id = $1) AND w.removed_at IS NULL', [filter.classroomId]];
  }
  return ['w.removed_at IS NULL', []];
}

function toChange(r: ChangeRow): LessonChange {
  return r.kind === 'cancelled'
    ? { weeklyLessonId: r.weekly_lesson_id, date: r.due_date, kind: 'cancelled' }
    : { weeklyLessonId: r.weekly_lesson_id, date: r.due_date, kind: 'moved', toDate: r.to_date!, start: r.start_time!, end: r.end_time! };
}

/** The timetable store on SQLite or PostgreSQL. */
export class SqlTimetableStore implements TimetableStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async createWeekly(input: WeeklyLessonInput, now = new Date()): Promise<WeeklyLessonRecord> {
    const id = shortId();
    await this.#db.transaction(async (tx) => {
      await tx.run(`INSERT INTO weekly_lessons (id, title, teacher_id, weekday, start_time, end_time, time_zone, first_date, last_date, skipped_dates, subject, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [id, ...fields(input), now.toISOString()]);
      await insertClassrooms(tx, id, input.classroomIds);
    });
    return (await this.weekly(id))!;
  }

  async updateWeekly(id: string, input: WeeklyLessonInput): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const changed = await tx.run(`UPDATE weekly_lessons SET title = $2, teacher_id = $3, weekday = $4, start_time = $5, end_time = $6,
                                      time_zone = $7, first_date = $8, last_date = $9, skipped_dates = $10, subject = $11
                                    WHERE id = $1 AND removed_at IS NULL`, [id, ...fields(input)]);
      if (changed === 0) return false;
      await tx.run('DELETE FROM weekly_lesson_classrooms WHERE weekly_lesson_id = $1', [id]);
      await insertClassrooms(tx, id, input.classroomIds);
      return true;
    });
  }

  async removeWeekly(id: string, now = new Date()): Promise<boolean> {
    return await this.#db.run('UPDATE weekly_lessons SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL', [id, now.toISOString()]) === 1;
  }

  async weekly(id: string): Promise<WeeklyLessonRecord | undefined> {
    return (await this.#select({ id }))[0];
  }

  weeklyLessons(filter: WeeklyLessonFilter): Promise<WeeklyLessonRecord[]> {
    return this.#select(filter);
  }

  async setChange(c: LessonChange): Promise<void> {
    const moved = c.kind === 'moved' ? [c.toDate, c.start, c.end] : [null, null, null];
    await this.#db.run(`INSERT INTO lesson_changes (weekly_lesson_id, due_date, kind, to_date, start_time, end_time) VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (weekly_lesson_id, due_date) DO UPDATE
                          SET kind = excluded.kind, to_date = excluded.to_date, start_time = excluded.start_time, end_time = excluded.end_time`,
    [c.weeklyLessonId, c.date, c.kind, ...moved]);
  }

  async removeChange(weeklyLessonId: string, date: string): Promise<boolean> {
    return await this.#db.run('DELETE FROM lesson_changes WHERE weekly_lesson_id = $1 AND due_date = $2', [weeklyLessonId, date]) === 1;
  }

  /** The weekly lessons of a filter in creation order, each with its classrooms and changes (three statements, whatever their number). */
  async #select(filter: WeeklyLessonFilter | { id: string }): Promise<WeeklyLessonRecord[]> {
    const [condition, params] = where(filter);
    const rows = await this.#db.all<WeeklyRow>(
      `SELECT w.id, w.title, w.teacher_id, w.weekday, w.start_time, w.end_time, w.time_zone, w.first_date, w.last_date, w.skipped_dates, w.subject
       FROM weekly_lessons w WHERE ${condition} ORDER BY w.rowid`, params);
    if (rows.length === 0) return [];
    const classrooms = await this.#db.all<{ weekly_lesson_id: string; classroom_id: string }>(
      `SELECT wc.weekly_lesson_id, wc.classroom_id FROM weekly_lesson_classrooms wc
       WHERE wc.weekly_lesson_id IN (SELECT w.id FROM weekly_lessons w WHERE ${condition}) ORDER BY wc.position`, params);
    const changes = await this.#db.all<ChangeRow>(
      `SELECT c.weekly_lesson_id, c.due_date, c.kind, c.to_date, c.start_time, c.end_time FROM lesson_changes c
       WHERE c.weekly_lesson_id IN (SELECT w.id FROM weekly_lessons w WHERE ${condition}) ORDER BY c.due_date`, params);
    const classroomsOf = groupBy(classrooms, (c) => c.weekly_lesson_id);
    const changesOf = groupBy(changes, (c) => c.weekly_lesson_id);
    return rows.map((r) => ({
      id: r.id, title: r.title, subject: r.subject, teacherId: r.teacher_id, weekday: r.weekday, start: r.start_time, end: r.end_time, timeZone: r.time_zone,
      firstDate: r.first_date, lastDate: r.last_date, skippedDates: JSON.parse(r.skipped_dates) as string[],
      classroomIds: (classroomsOf.get(r.id) ?? []).map((c) => c.classroom_id),
      changes: (changesOf.get(r.id) ?? []).map(toChange),
    }));
  }
}

/** The columns of a weekly lesson after its id, in the order of the INSERT and the UPDATE. */
function fields(w: WeeklyLessonInput): SqlValue[] {
  const skipped = [...new Set(w.skippedDates)].sort();
  return [w.title, w.teacherId, w.weekday, w.start, w.end, w.timeZone, w.firstDate, w.lastDate, JSON.stringify(skipped), w.subject];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

async function insertClassrooms(tx: SqlQueries, weeklyLessonId: string, classroomIds: readonly string[]): Promise<void> {
  for (const [position, classroomId] of classroomIds.entries()) {
    await tx.run('INSERT INTO weekly_lesson_classrooms (weekly_lesson_id, classroom_id, position) VALUES ($1, $2, $3)', [weeklyLessonId, classroomId, position]);
  }
}
