import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { LessonEndReason, LessonPhase, Role } from '@classroom/shared';

export interface LessonRecord {
  id: string;
  title: string;
  phase: LessonPhase;
  locked: boolean;
  createdAt: string;
  /** The generation of the lesson's links: tokens of another are refused. */
  tokenVersion: number;
  endedReason: LessonEndReason | null;
}

type LessonRow = {
  id: string; title: string; phase: LessonPhase; locked: number; created_at: string; token_version: number; ended_reason: LessonEndReason | null;
};
const LESSON_COLUMNS = 'l.id, l.title, l.phase, l.locked, l.created_at, l.token_version, l.ended_reason';

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
    tokenVersion: row.token_version, endedReason: row.ended_reason,
  };
}

export interface ClassroomRecord {
  id: string;
  lessonId: string;
  name: string;
  removed: boolean;
}

/**
 * All reads and writes of lessons, classrooms and attendance. The only module that speaks SQL
 * about them, so that a server database can replace SQLite behind the same methods.
 */
export class LessonStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  createLesson(title: string, classroomNames: string[], now = new Date()): { lesson: LessonRecord; classrooms: ClassroomRecord[] } {
    const lesson: LessonRecord = {
      id: shortId(), title, phase: 'scheduled', locked: false, createdAt: now.toISOString(), tokenVersion: 1, endedReason: null,
    };
    const classrooms = classroomNames.map((name) => ({ id: shortId(), lessonId: lesson.id, name, removed: false }));
    const insertLesson = this.#db.prepare('INSERT INTO lessons (id, title, phase, created_at) VALUES (?, ?, ?, ?)');
    const insertClassroom = this.#db.prepare('INSERT INTO classrooms (id, lesson_id, name, position) VALUES (?, ?, ?, ?)');
    this.#transaction(() => {
      insertLesson.run(lesson.id, lesson.title, lesson.phase, lesson.createdAt);
      classrooms.forEach((c, position) => insertClassroom.run(c.id, c.lessonId, c.name, position));
    });
    return { lesson, classrooms };
  }

  lesson(id: string): LessonRecord | undefined {
    const row = this.#db.prepare(`SELECT ${LESSON_COLUMNS} FROM lessons l WHERE l.id = ?`).get(id) as LessonRow | undefined;
    return row && toRecord(row);
  }

  /** A page of all lessons, newest first, with how many classrooms each still has. */
  listLessons(limit: number, offset: number): { lessons: (LessonRecord & { classrooms: number; teacherAwaySince: string | null })[]; total: number } {
    const rows = this.#db
      .prepare(`SELECT ${LESSON_COLUMNS}, ${TEACHER_AWAY_SINCE} AS teacher_away_since,
                  (SELECT COUNT(*) FROM classrooms c WHERE c.lesson_id = l.id AND c.removed_at IS NULL) AS classrooms
                FROM lessons l ORDER BY l.created_at DESC, l.rowid DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as (LessonRow & { classrooms: number; teacher_away_since: string | null })[];
    const { total } = this.#db.prepare('SELECT COUNT(*) AS total FROM lessons').get() as { total: number };
    return {
      lessons: rows.map((r) => ({ ...toRecord(r), classrooms: r.classrooms, teacherAwaySince: r.teacher_away_since })),
      total,
    };
  }

  /** Started lessons whose teacher has been away since before `cutoff` (see TEACHER_AWAY_SINCE). */
  lessonsWithTeacherAwaySince(cutoff: Date): string[] {
    const rows = this.#db
      .prepare(`SELECT id FROM (SELECT l.id AS id, ${TEACHER_AWAY_SINCE} AS away_since FROM lessons l WHERE l.phase IN ('live', 'off-air'))
                WHERE away_since IS NOT NULL AND away_since < ?`)
      .all(cutoff.toISOString()) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The lesson's current link generation (undefined: no such lesson). */
  tokenVersion(lessonId: string): number | undefined {
    const row = this.#db.prepare('SELECT token_version FROM lessons WHERE id = ?').get(lessonId) as { token_version: number } | undefined;
    return row?.token_version;
  }

  /** Revokes every link of the lesson issued so far; returns the new generation. */
  nextTokenVersion(lessonId: string): number {
    const row = this.#db.prepare('UPDATE lessons SET token_version = token_version + 1 WHERE id = ? RETURNING token_version')
      .get(lessonId) as { token_version: number } | undefined;
    if (!row) throw new Error(`no lesson ${lessonId}`);
    return row.token_version;
  }

  classrooms(lessonId: string): ClassroomRecord[] {
    const rows = this.#db
      .prepare('SELECT id, lesson_id, name, removed_at FROM classrooms WHERE lesson_id = ? ORDER BY position')
      .all(lessonId) as { id: string; lesson_id: string; name: string; removed_at: string | null }[];
    return rows.map((r) => ({ id: r.id, lessonId: r.lesson_id, name: r.name, removed: r.removed_at !== null }));
  }

  /** `endedReason` is kept only with the phase `ended`. */
  setPhase(lessonId: string, phase: LessonPhase, endedReason: LessonEndReason | null = null, now = new Date()): void {
    const at = now.toISOString();
    this.#db
      .prepare(`UPDATE lessons SET phase = ?,
                  started_at = CASE WHEN ? = 'live' AND started_at IS NULL THEN ? ELSE started_at END,
                  ended_at = CASE WHEN ? = 'ended' THEN ? ELSE ended_at END,
                  ended_reason = CASE WHEN ? = 'ended' THEN ? ELSE NULL END
                WHERE id = ?`)
      .run(phase, phase, at, phase, at, phase, endedReason, lessonId);
  }

  setLocked(lessonId: string, locked: boolean): void {
    this.#db.prepare('UPDATE lessons SET locked = ? WHERE id = ?').run(locked ? 1 : 0, lessonId);
  }

  /** The classroom's links stop working for this lesson (checked on every connection). */
  removeClassroom(lessonId: string, classroomId: string, now = new Date()): void {
    this.#db.prepare('UPDATE classrooms SET removed_at = ? WHERE lesson_id = ? AND id = ? AND removed_at IS NULL')
      .run(now.toISOString(), lessonId, classroomId);
  }

  /** Whether any client of the classroom has joined this lesson before (a locked lesson admits those). */
  hasAttended(lessonId: string, classroomId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM attendance WHERE lesson_id = ? AND classroom_id = ? LIMIT 1').get(lessonId, classroomId) !== undefined;
  }

  /** Opens an attendance row for one connection; returns its id for {@link recordLeave}. */
  recordJoin(lessonId: string, classroomId: string | null, role: Role, connectionId: string, now = new Date()): number {
    const result = this.#db
      .prepare('INSERT INTO attendance (lesson_id, classroom_id, role, connection_id, joined_at) VALUES (?, ?, ?, ?, ?)')
      .run(lessonId, classroomId, role, connectionId, now.toISOString());
    return Number(result.lastInsertRowid);
  }

  recordLeave(attendanceId: number, now = new Date()): void {
    this.#db.prepare('UPDATE attendance SET left_at = ? WHERE id = ? AND left_at IS NULL').run(now.toISOString(), attendanceId);
  }

  /** After a crash, connections that never recorded a leave are closed at the restart time. */
  closeOpenAttendance(now = new Date()): number {
    return Number(this.#db.prepare('UPDATE attendance SET left_at = ? WHERE left_at IS NULL').run(now.toISOString()).changes);
  }

  attendance(lessonId: string): { classroomId: string | null; role: Role; joinedAt: string; leftAt: string | null }[] {
    const rows = this.#db
      .prepare('SELECT classroom_id, role, joined_at, left_at FROM attendance WHERE lesson_id = ? ORDER BY id')
      .all(lessonId) as { classroom_id: string | null; role: Role; joined_at: string; left_at: string | null }[];
    return rows.map((r) => ({ classroomId: r.classroom_id, role: r.role, joinedAt: r.joined_at, leftAt: r.left_at }));
  }

  #transaction(work: () => void): void {
    this.#db.exec('BEGIN');
    try {
      work();
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }
}

/** 16 hex characters: unguessable enough for ids that appear in URLs next to a signed token. */
function shortId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 16);
}
