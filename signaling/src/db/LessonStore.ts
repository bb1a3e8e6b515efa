import type { LessonEndReason, LessonPhase, Role } from '@classroom/shared';
import { fencedLessonUpdate, fencedWrite, raiseFence, type Fence } from './fence.ts';
import { shortId } from './ids.ts';
import type { SqlDatabase } from './SqlDatabase.ts';
import type { StoreWriter } from './Database.ts';

export interface LessonRecord {
  id: string;
  title: string;
  phase: LessonPhase;
  locked: boolean;
  createdAt: string;
  /** The generation of the lesson's links: tokens of another are refused. */
  tokenVersion: number;
  endedReason: LessonEndReason | null;
  /** Whether the lesson is recorded while live (on unless the admin or its teacher turned it off). */
  recording: boolean;
}

export interface ClassroomRecord {
  id: string;
  lessonId: string;
  name: string;
  removed: boolean;
}

export interface AttendanceRecord {
  classroomId: string | null;
  role: Role;
  joinedAt: string;
  leftAt: string | null;
}

export type ListedLesson = LessonRecord & { classrooms: number; teacherAwaySince: string | null };

/** All reads and writes of lessons, classrooms and attendance. */
export interface LessonStore {
  /** `subject`: what is taught (the district view's filter). */
  createLesson(title: string, classroomNames: string[], now?: Date, subject?: string | null): Promise<{ lesson: LessonRecord; classrooms: ClassroomRecord[] }>;
  lesson(id: string): Promise<LessonRecord | undefined>;
  /** A page of all lessons, newest first, with how many classrooms each still has. */
  listLessons(limit: number, offset: number): Promise<{ lessons: ListedLesson[]; total: number }>;
  /** Started lessons whose teacher has been away since before `cutoff` (see TEACHER_AWAY_SINCE). */
  lessonsWithTeacherAwaySince(cutoff: Date): Promise<string[]>;
  /**
   * Cluster mode: a node taking the lesson over raises its fence to its lease token (see fence.ts);
   * false if a node with a newer token took it already.
   */
  raiseFence(fence: Fence): Promise<boolean>;
  /** The lesson's current link generation (undefined: no such lesson). */
  tokenVersion(lessonId: string): Promise<number | undefined>;
  /** Revokes every link of the lesson issued so far; returns the new generation. */
  nextTokenVersion(lessonId: string): Promise<number>;
  classrooms(lessonId: string): Promise<ClassroomRecord[]>;
  /** `endedReason` is kept only with the phase `ended`. */
  setPhase(lessonId: string, phase: LessonPhase, endedReason?: LessonEndReason | null, now?: Date): Promise<void>;
  setLocked(lessonId: string, locked: boolean): Promise<void>;
  setRecording(lessonId: string, recording: boolean): Promise<void>;
  /** The classroom's links stop working for this lesson (checked on every connection). */
  removeClassroom(lessonId: string, classroomId: string, now?: Date): Promise<void>;
  /** Whether any client of the classroom has joined this lesson before (a locked lesson admits those). */
  hasAttended(lessonId: string, classroomId: string): Promise<boolean>;
  /** Opens an attendance row for one connection; returns its id for {@link recordLeave}. */
  recordJoin(lessonId: string, classroomId: string | null, role: Role, connectionId: string, now?: Date): Promise<number>;
  recordLeave(attendanceId: number, now?: Date): Promise<void>;
  /**
   * After a crash, connections that never recorded a leave are closed at the restart time: all of
   * them (one server), or in a cluster those this node opened (its NODE_ID) in its earlier life.
   */
  closeOpenAttendance(now?: Date): Promise<number>;
  /**
   * Cluster mode: closes the rows left open by nodes that are not live (killed: they recorded no
   * leave), of one lesson or of all. Rows of one server (no node) are left alone.
   */
  closeAttendanceOfGoneNodes(liveNodeIds: readonly string[], lessonId?: string, now?: Date): Promise<number>;
  attendance(lessonId: string): Promise<AttendanceRecord[]>;
  /**
   * The lesson of one occurrence of the timetable, opened with its classrooms the first time it
   * is asked for. Asked again, by any node, it is the same lesson: the unique index on weekly
   * lesson and due date lets only one insert through.
   */
  lessonOfOccurrence(occurrence: TimetabledLesson, classrooms: { lastingId: string; name: string }[], now?: Date): Promise<LessonRecord>;
  /** The lesson already opened for that occurrence, if any. */
  occurrenceLesson(weeklyLessonId: string, dueDate: string): Promise<LessonRecord | undefined>;
  /** The teacher of a timetabled lesson (null: an ad-hoc lesson, or none). */
  teacherOf(lessonId: string): Promise<string | null>;
  /** The lesson's entry for a lasting classroom (undefined: that classroom is not in the lesson). */
  classroomOfLasting(lessonId: string, lastingClassroomId: string): Promise<ClassroomRecord | undefined>;
}

/** One occurrence of a weekly lesson: named by the weekly lesson and the date it was due (a move keeps it). */
export interface TimetabledLesson {
  weeklyLessonId: string;
  dueDate: string;
  title: string;
  teacherId: string;
}

type LessonRow = {
  id: string; title: string; phase: LessonPhase; locked: number; created_at: string; token_version: number; ended_reason: LessonEndReason | null;
  recording: number;
};
const LESSON_COLUMNS = 'l.id, l.title, l.phase, l.locked, l.created_at, l.token_version, l.ended_reason, l.recording';

/**
 * Since when a started lesson (live or off air) has had no teacher connected: the teacher's last
 * leave, else its start. NULL when a teacher is connected or the lesson is not on.
 */
const TEACHER_AWAY_SINCE = `CASE WHEN l.phase IN ('live', 'off-air') AND NOT EXISTS
    (SELECT 1 FROM attendance a WHERE a.lesson_id = l.id AND a.role = 'teacher' AND a.left_at IS NULL)
  THEN COALESCE((SELECT MAX(a.left_at) FROM attendance a WHERE a.lesson_id = l.id AND a.role = 'teacher'), l.started_at, l.created_at)
  END`;

function toRecord(row: LessonRow): LessonRecord {
  return {
    id: row.id, title: row.title, phase: row.phase, locked: row.locked === 1, createdAt: row.created_at,
    tokenVersion: row.token_version, endedReason: row.ended_reason, recording: row.recording === 1,
  };
}

/**
 * The lesson store on SQLite or PostgreSQL: the only module that speaks SQL about lessons. With a
 * fence (a live lesson's in a cluster), the lesson's phase, lock, classroom removals and new
 * attendance rows are written only while no newer owner took the lesson; closing an attendance
 * row is not fenced (a node may always record that its own connection left). Attendance rows
 * name the node that opened them (NULL for one server), so that others can close them if it dies.
 */
export class SqlLessonStore implements LessonStore {
  readonly #db: SqlDatabase;
  readonly #fence: Fence | undefined;
  readonly #nodeId: string | null;

  constructor(db: SqlDatabase, writer: StoreWriter = {}) {
    this.#db = db;
    this.#fence = writer.fence;
    this.#nodeId = writer.nodeId ?? null;
  }

  async createLesson(title: string, classroomNames: string[], now = new Date(), subject: string | null = null): Promise<{ lesson: LessonRecord; classrooms: ClassroomRecord[] }> {
    const lesson: LessonRecord = {
      id: shortId(), title, phase: 'scheduled', locked: false, createdAt: now.toISOString(), tokenVersion: 1, endedReason: null, recording: true,
    };
    const classrooms = classroomNames.map((name) => ({ id: shortId(), lessonId: lesson.id, name, removed: false }));
    await this.#db.transaction(async (tx) => {
      await tx.run('INSERT INTO lessons (id, title, phase, created_at, subject) VALUES ($1, $2, $3, $4, $5)', [lesson.id, lesson.title, lesson.phase, lesson.createdAt, subject]);
      for (const [position, c] of classrooms.entries()) {
        await tx.run('INSERT INTO classrooms (id, lesson_id, name, position) VALUES ($1, $2, $3, $4)', [c.id, c.lessonId, c.name, position]);
      }
    });
    return { lesson, classrooms };
  }

  async lesson(id: string): Promise<LessonRecord | undefined> {
    const row = await this.#db.get<LessonRow>(`SELECT ${LESSON_COLUMNS} FROM lessons l WHERE l.id = $1`, [id]);
    return row && toRecord(row);
  }

  async listLessons(limit: number, offset: number): Promise<{ lessons: ListedLesson[]; total: number }> {
    const rows = await this.#db.all<LessonRow & { classrooms: number; teacher_away_since: string | null }>(
      `SELECT ${LESSON_COLUMNS}, ${TEACHER_AWAY_SINCE} AS teacher_away_since,
         (SELECT COUNT(*) FROM classrooms c WHERE c.lesson_id = l.id AND c.removed_at IS NULL) AS classrooms
       FROM lessons l ORDER BY l.created_at DESC, l.rowid DESC LIMIT $1 OFFSET $2`, [limit, offset]);
    const { total } = (await this.#db.get<{ total: number }>('SELECT COUNT(*) AS total FROM lessons'))!;
    return {
      lessons: rows.map((r) => ({ ...toRecord(r), classrooms: r.classrooms, teacherAwaySince: r.teacher_away_since })),
      total,
    };
  }

  async lessonsWithTeacherAwaySince(cutoff: Date): Promise<string[]> {
    const rows = await this.#db.all<{ id: string }>(
      `SELECT id FROM (SELECT l.id AS id, ${TEACHER_AWAY_SINCE} AS away_since FROM lessons l WHERE l.phase IN ('live', 'off-air')) started
       WHERE away_since IS NOT NULL AND away_since < $1`, [cutoff.toISOString()]);
    return rows.map((r) => r.id);
  }

  raiseFence(fence: Fence): Promise<boolean> {
    return raiseFence(this.#db, fence);
  }

  async tokenVersion(lessonId: string): Promise<number | undefined> {
    return (await this.#db.get<{ token_version: number }>('SELECT token_version FROM lessons WHERE id = $1', [lessonId]))?.token_version;
  }

  async nextTokenVersion(lessonId: string): Promise<number> {
    const row = await this.#db.get<{ token_version: number }>(
      'UPDATE lessons SET token_version = token_version + 1 WHERE id = $1 RETURNING token_version', [lessonId]);
    if (!row) throw new Error(`no lesson ${lessonId}`);
    return row.token_version;
  }

  async classrooms(lessonId: string): Promise<ClassroomRecord[]> {
    const rows = await this.#db.all<{ id: string; lesson_id: string; name: string; removed_at: string | null }>(
      'SELECT id, lesson_id, name, removed_at FROM classrooms WHERE lesson_id = $1 ORDER BY position', [lessonId]);
    return rows.map((r) => ({ id: r.id, lessonId: r.lesson_id, name: r.name, removed: r.removed_at !== null }));
  }

  async setPhase(lessonId: string, phase: LessonPhase, endedReason: LessonEndReason | null = null, now = new Date()): Promise<void> {
    await fencedLessonUpdate(this.#db, this.#fence, `UPDATE lessons SET phase = $2,
                          started_at = CASE WHEN $2 = 'live' AND started_at IS NULL THEN $3 ELSE started_at END,
                          ended_at = CASE WHEN $2 = 'ended' THEN $3 ELSE ended_at END,
                          ended_reason = CASE WHEN $2 = 'ended' THEN $4 ELSE NULL END
                        WHERE id = $1`, [lessonId, phase, now.toISOString(), endedReason]);
  }

  async setLocked(lessonId: string, locked: boolean): Promise<void> {
    await fencedLessonUpdate(this.#db, this.#fence, 'UPDATE lessons SET locked = $2 WHERE id = $1', [lessonId, locked ? 1 : 0]);
  }

  async setRecording(lessonId: string, recording: boolean): Promise<void> {
    await fencedLessonUpdate(this.#db, this.#fence, 'UPDATE lessons SET recording = $2 WHERE id = $1', [lessonId, recording ? 1 : 0]);
  }

  async removeClassroom(lessonId: string, classroomId: string, now = new Date()): Promise<void> {
    await fencedWrite(this.#db, this.#fence, (q) => q.run(
      'UPDATE classrooms SET removed_at = $3 WHERE lesson_id = $1 AND id = $2 AND removed_at IS NULL', [lessonId, classroomId, now.toISOString()]));
  }

  async hasAttended(lessonId: string, classroomId: string): Promise<boolean> {
    return (await this.#db.get('SELECT 1 FROM attendance WHERE lesson_id = $1 AND classroom_id = $2 LIMIT 1', [lessonId, classroomId])) !== undefined;
  }

  async recordJoin(lessonId: string, classroomId: string | null, role: Role, connectionId: string, now = new Date()): Promise<number> {
    const row = await fencedWrite(this.#db, this.#fence, (q) => q.get<{ id: number }>(
      'INSERT INTO attendance (lesson_id, classroom_id, role, connection_id, joined_at, node_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [lessonId, classroomId, role, connectionId, now.toISOString(), this.#nodeId]));
    return row!.id;
  }

  async recordLeave(attendanceId: number, now = new Date()): Promise<void> {
    await this.#db.run('UPDATE attendance SET left_at = $2 WHERE id = $1 AND left_at IS NULL', [attendanceId, now.toISOString()]);
  }

  closeOpenAttendance(now = new Date()): Promise<number> {
    return this.#nodeId === null
      ? this.#db.run('UPDATE attendance SET left_at = $1 WHERE left_at IS NULL', [now.toISOString()])
      : this.#closeOpenOf(this.#nodeId, null, now);
  }

  async closeAttendanceOfGoneNodes(liveNodeIds: readonly string[], lessonId?: string, now = new Date()): Promise<number> {
    // Few nodes have rows open: list them (an index on open rows), then close the gone ones' rows.
    const open = await this.#db.all<{ node_id: string }>(
      `SELECT DISTINCT node_id FROM attendance WHERE left_at IS NULL AND node_id IS NOT NULL AND lesson_id = COALESCE($1, lesson_id)`,
      [lessonId ?? null]);
    let closed = 0;
    for (const { node_id: nodeId } of open) {
      if (!liveNodeIds.includes(nodeId)) closed += await this.#closeOpenOf(nodeId, lessonId ?? null, now);
    }
    return closed;
  }

  #closeOpenOf(nodeId: string, lessonId: string | null, now: Date): Promise<number> {
    return this.#db.run('UPDATE attendance SET left_at = $3 WHERE node_id = $1 AND left_at IS NULL AND lesson_id = COALESCE($2, lesson_id)',
      [nodeId, lessonId, now.toISOString()]);
  }

  async attendance(lessonId: string): Promise<AttendanceRecord[]> {
    const rows = await this.#db.all<{ classroom_id: string | null; role: Role; joined_at: string; left_at: string | null }>(
      'SELECT classroom_id, role, joined_at, left_at FROM attendance WHERE lesson_id = $1 ORDER BY id', [lessonId]);
    return rows.map((r) => ({ classroomId: r.classroom_id, role: r.role, joinedAt: r.joined_at, leftAt: r.left_at }));
  }

  async lessonOfOccurrence(o: TimetabledLesson, classrooms: { lastingId: string; name: string }[], now = new Date()): Promise<LessonRecord> {
    const id = shortId();
    await this.#db.transaction(async (tx) => {
      // On PostgreSQL a second transaction's insert waits here for the first to commit, then does nothing.
      const opened = await tx.run(`INSERT INTO lessons (id, title, phase, created_at, weekly_lesson_id, due_date, teacher_id, subject)
                                   VALUES ($1, $2, 'scheduled', $3, $4, $5, $6, (SELECT subject FROM weekly_lessons WHERE id = $4))
                                   ON CONFLICT (weekly_lesson_id, due_date) DO NOTHING`,
      [id, o.title, now.toISOString(), o.weeklyLessonId, o.dueDate, o.teacherId]);
      if (opened === 0) return;
      for (const [position, c] of classrooms.entries()) {
        await tx.run('INSERT INTO classrooms (id, lesson_id, name, position, lasting_classroom_id) VALUES ($1, $2, $3, $4, $5)',
          [shortId(), id, c.name, position, c.lastingId]);
      }
    });
    return (await this.occurrenceLesson(o.weeklyLessonId, o.dueDate))!;
  }

  async occurrenceLesson(weeklyLessonId: string, dueDate: string): Promise<LessonRecord | undefined> {
    const row = await this.#db.get<LessonRow>(`SELECT ${LESSON_COLUMNS} FROM lessons l WHERE l.weekly_lesson_id = $1 AND l.due_date = $2`,
      [weeklyLessonId, dueDate]);
    return row && toRecord(row);
  }

  async teacherOf(lessonId: string): Promise<string | null> {
    return (await this.#db.get<{ teacher_id: string | null }>('SELECT teacher_id FROM lessons WHERE id = $1', [lessonId]))?.teacher_id ?? null;
  }

  async classroomOfLasting(lessonId: string, lastingClassroomId: string): Promise<ClassroomRecord | undefined> {
    const row = await this.#db.get<{ id: string; name: string; removed_at: string | null }>(
      'SELECT id, name, removed_at FROM classrooms WHERE lesson_id = $1 AND lasting_classroom_id = $2', [lessonId, lastingClassroomId]);
    return row && { id: row.id, lessonId, name: row.name, removed: row.removed_at !== null };
  }
}
