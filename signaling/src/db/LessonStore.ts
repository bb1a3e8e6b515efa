import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { LessonPhase, Role } from '@classroom/shared';

export interface LessonRecord {
  id: string;
  title: string;
  phase: LessonPhase;
  locked: boolean;
  createdAt: string;
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
    const lesson: LessonRecord = { id: shortId(), title, phase: 'scheduled', locked: false, createdAt: now.toISOString() };
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
    const row = this.#db.prepare('SELECT id, title, phase, locked, created_at FROM lessons WHERE id = ?').get(id) as
      | { id: string; title: string; phase: LessonPhase; locked: number; created_at: string } | undefined;
    return row && { id: row.id, title: row.title, phase: row.phase, locked: row.locked === 1, createdAt: row.created_at };
  }

  /** A page of all lessons, newest first, with how many classrooms each still has. */
  listLessons(limit: number, offset: number): { lessons: (LessonRecord & { classrooms: number })[]; total: number } {
    const rows = this.#db
      .prepare(`SELECT l.id, l.title, l.phase, l.locked, l.created_at,
                  (SELECT COUNT(*) FROM classrooms c WHERE c.lesson_id = l.id AND c.removed_at IS NULL) AS classrooms
                FROM lessons l ORDER BY l.created_at DESC, l.rowid DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as { id: string; title: string; phase: LessonPhase; locked: number; created_at: string; classrooms: number }[];
    const { total } = this.#db.prepare('SELECT COUNT(*) AS total FROM lessons').get() as { total: number };
    return {
      lessons: rows.map((r) => ({ id: r.id, title: r.title, phase: r.phase, locked: r.locked === 1, createdAt: r.created_at, classrooms: r.classrooms })),
      total,
    };
  }

  classrooms(lessonId: string): ClassroomRecord[] {
    const rows = this.#db
      .prepare('SELECT id, lesson_id, name, removed_at FROM classrooms WHERE lesson_id = ? ORDER BY position')
      .all(lessonId) as { id: string; lesson_id: string; name: string; removed_at: string | null }[];
    return rows.map((r) => ({ id: r.id, lessonId: r.lesson_id, name: r.name, removed: r.removed_at !== null }));
  }

  setPhase(lessonId: string, phase: LessonPhase, now = new Date()): void {
    const at = now.toISOString();
    this.#db
      .prepare(`UPDATE lessons SET phase = ?,
                  started_at = CASE WHEN ? = 'live' AND started_at IS NULL THEN ? ELSE started_at END,
                  ended_at = CASE WHEN ? = 'ended' THEN ? ELSE ended_at END
                WHERE id = ?`)
      .run(phase, phase, at, phase, at, lessonId);
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
