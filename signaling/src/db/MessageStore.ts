import { ClassroomError, type ChatMessage, type MessageTarget, type QuickMessage } from '@classroom/shared';
import { fencedWrite, type Fence } from './fence.ts';
import type { SqlDatabase, SqlQueries } from './SqlDatabase.ts';

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

/** The messages of lessons: stored before delivery, so a reconnecting client gets them all. */
export interface MessageStore {
  /** Stores a message; refuses (`limit_reached`) past the lesson's limit. */
  add(lessonId: string, message: NewMessage, now?: number): Promise<ChatMessage>;
  /**
   * The latest `limit` messages a reader may see, oldest first: the teacher (classroomId null)
   * reads all; a classroom reads what it sent, what was sent to it, and what went to all.
   */
  visibleTo(lessonId: string, classroomId: string | null, classroomName: (id: string) => string, limit?: number): Promise<ChatMessage[]>;
}

/**
 * The message store on SQLite or PostgreSQL. A lesson stores at most `maxPerLesson`: a link
 * holder cannot make it write without end. With a fence, messages are stored only while no newer
 * owner took the lesson (see fence.ts).
 */
export class SqlMessageStore implements MessageStore {
  readonly #db: SqlDatabase;
  readonly #maxPerLesson: number;
  readonly #fence: Fence | undefined;

  constructor(db: SqlDatabase, maxPerLesson: number, fence?: Fence) {
    this.#db = db;
    this.#maxPerLesson = maxPerLesson;
    this.#fence = fence;
  }

  add(lessonId: string, message: NewMessage, now = Date.now()): Promise<ChatMessage> {
    return fencedWrite(this.#db, this.#fence, (q) => this.#add(q, lessonId, message, now));
  }

  async #add(q: SqlQueries, lessonId: string, message: NewMessage, now: number): Promise<ChatMessage> {
    const { stored } = (await q.get<{ stored: number }>('SELECT COUNT(*) AS stored FROM messages WHERE lesson_id = $1', [lessonId]))!;
    if (stored >= this.#maxPerLesson) {
      throw new ClassroomError('limit_reached', `this lesson has reached its limit of ${this.#maxPerLesson} messages`);
    }
    const fromClassroom = message.from.role === 'assistant' ? message.from.classroomId : null;
    const toClassroom = message.to.kind === 'classroom' ? message.to.classroomId : null;
    const row = await q.get<{ id: number }>(
      `INSERT INTO messages (lesson_id, from_role, from_classroom_id, to_kind, to_classroom_id, text, quick, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [lessonId, message.from.role, fromClassroom, message.to.kind, toClassroom, message.text, message.quick, now]);
    return { ...message, id: row!.id, at: now };
  }

  async visibleTo(lessonId: string, classroomId: string | null, classroomName: (id: string) => string, limit = 200): Promise<ChatMessage[]> {
    const rows = classroomId === null
      ? await this.#db.all<MessageRow>('SELECT * FROM messages WHERE lesson_id = $1 ORDER BY id DESC LIMIT $2', [lessonId, limit])
      : await this.#db.all<MessageRow>(`SELECT * FROM messages WHERE lesson_id = $1
                                          AND (to_kind = 'all' OR from_classroom_id = $2 OR to_classroom_id = $2)
                                        ORDER BY id DESC LIMIT $3`, [lessonId, classroomId, limit]);
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
