import type { DatabaseSync } from 'node:sqlite';
import { ClassroomError, type ChatMessage, type MessageTarget, type QuickMessage } from '@classroom/shared';

interface MessageRow {
  id: number;
  from_role: 'teacher' | 'assistant';
  from_classroom_id: string | null;
  to_kind: MessageTarget['kind'];
  to_classroom_id: string | null;
  text: string | null;
  quick: QuickMessage | null;
  created_at: number;
}

export type NewMessage = Omit<ChatMessage, 'id' | 'at'>;

/**
 * The messages of lessons: stored before delivery, so a reconnecting client gets them all. A
 * lesson stores at most `maxPerLesson`: a link holder cannot make it write without end.
 */
export class MessageStore {
  readonly #db: DatabaseSync;
  readonly #maxPerLesson: number;

  constructor(db: DatabaseSync, maxPerLesson: number) {
    this.#db = db;
    this.#maxPerLesson = maxPerLesson;
  }

  add(lessonId: string, message: NewMessage, now = Date.now()): ChatMessage {
    const { stored } = this.#db.prepare('SELECT COUNT(*) AS stored FROM messages WHERE lesson_id = ?').get(lessonId) as { stored: number };
    if (stored >= this.#maxPerLesson) {
      throw new ClassroomError('limit_reached', `this lesson has reached its limit of ${this.#maxPerLesson} messages`);
    }
    const fromClassroom = message.from.role === 'assistant' ? message.from.classroomId : null;
    const toClassroom = message.to.kind === 'classroom' ? message.to.classroomId : null;
    const result = this.#db
      .prepare(`INSERT INTO messages (lesson_id, from_role, from_classroom_id, to_kind, to_classroom_id, text, quick, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(lessonId, message.from.role, fromClassroom, message.to.kind, toClassroom, message.text, message.quick, now);
    return { ...message, id: Number(result.lastInsertRowid), at: now };
  }

  /**
   * The latest `limit` messages a reader may see, oldest first: the teacher (classroomId null)
   * reads all; a classroom reads what it sent, what was sent to it, and what went to all.
   */
  visibleTo(lessonId: string, classroomId: string | null, classroomName: (id: string) => string, limit = 200): ChatMessage[] {
    const rows = (classroomId === null
      ? this.#db.prepare('SELECT * FROM messages WHERE lesson_id = ? ORDER BY id DESC LIMIT ?').all(lessonId, limit)
      : this.#db.prepare(`SELECT * FROM messages WHERE lesson_id = ?
                            AND (to_kind = 'all' OR from_classroom_id = ? OR to_classroom_id = ?)
                          ORDER BY id DESC LIMIT ?`).all(lessonId, classroomId, classroomId, limit)) as unknown as MessageRow[];
    return rows.reverse().map((row) => ({
      id: row.id,
      at: row.created_at,
      from: row.from_role === 'teacher' || row.from_classroom_id === null
        ? { role: 'teacher' }
        : { role: 'assistant', classroomId: row.from_classroom_id, classroomName: classroomName(row.from_classroom_id) },
      to: row.to_kind === 'classroom' && row.to_classroom_id !== null ? { kind: 'classroom', classroomId: row.to_classroom_id } : { kind: row.to_kind === 'teacher' ? 'teacher' : 'all' },
      text: row.text,
      quick: row.quick,
    }));
  }
}
