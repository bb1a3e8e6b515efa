import type { Role } from '@classroom/shared';
import type { LessonStore } from '../db/LessonStore.ts';

/**
 * The attendance rows of a lesson's connections. They are written asynchronously, so a leave may
 * come while its join is still being written: it then waits for the row's id. The lesson closes
 * once every write under way is done.
 */
export class Attendance {
  readonly #lessonId: string;
  readonly #store: LessonStore;
  /** Each connection's row id, once stored. */
  readonly #rows = new Map<string, Promise<number>>();
  readonly #writes = new Set<Promise<unknown>>();

  constructor(lessonId: string, store: LessonStore) {
    this.#lessonId = lessonId;
    this.#store = store;
  }

  /** Opens the connection's row; the promise resolves once it is stored. */
  join(connectionId: string, classroomId: string | null, role: Role): Promise<number> {
    const row = this.#track(this.#store.recordJoin(this.#lessonId, classroomId, role, connectionId));
    this.#rows.set(connectionId, row);
    return row;
  }

  /** Whether this join (the promise `join` gave) is still the connection's, not undone by a leave. */
  isCurrent(connectionId: string, row: Promise<number>): boolean {
    return this.#rows.get(connectionId) === row;
  }

  /** Closes the connection's row, once its join is stored (nothing if it has none). */
  async leave(connectionId: string): Promise<void> {
    const row = this.#rows.get(connectionId);
    this.#rows.delete(connectionId);
    if (row) await this.#track(row.then((id) => this.#store.recordLeave(id)));
  }

  /** Closes the rows still open; resolves once every write is done, whether it failed or not. */
  async close(): Promise<void> {
    const open = [...this.#rows.keys()].map((connectionId) => this.leave(connectionId));
    await Promise.allSettled([...this.#writes, ...open]);
  }

  #track<T>(write: Promise<T>): Promise<T> {
    this.#writes.add(write);
    const done = (): void => { this.#writes.delete(write); };
    write.then(done, done);
    return write;
  }
}
