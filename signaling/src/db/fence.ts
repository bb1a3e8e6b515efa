import { ClassroomError } from '@classroom/shared';
import type { SqlDatabase, SqlQueries, SqlValue } from './SqlDatabase.ts';

/**
 * Cluster mode: the lease token a live lesson's writes carry (see LessonLeases). The lesson's
 * row keeps the highest token of a node that took it over (`lessons.fence`); a write carrying a
 * smaller one comes from a node that lost the lesson without knowing it yet (paused, cut off)
 * and is refused, whatever that node believes.
 */
export interface Fence {
  lessonId: string;
  token: number;
}

/** A write refused by the fence: another server runs the lesson now. */
export class StaleFenceError extends ClassroomError {
  constructor() {
    super('unavailable', 'this lesson moved to another server: reconnect to reach it there');
  }
}

/**
 * Raises the lesson's fence to `token`: a node taking the lesson over does it before it reads the
 * lesson, so that what a stale owner wrote before is read, and what it writes after is refused.
 * False if a node with a newer token took it already (or there is no such lesson).
 */
export async function raiseFence(db: SqlQueries, fence: Fence): Promise<boolean> {
  return (await db.run('UPDATE lessons SET fence = $2 WHERE id = $1 AND fence <= $2', [fence.lessonId, fence.token])) === 1;
}

/**
 * The check at the start of a fenced transaction. On PostgreSQL it share-locks the lesson's row
 * until the commit, so a new owner's raise (an UPDATE of that row) waits for the writes already
 * checked: each write is either before the takeover, and read by the new owner, or after it,
 * and refused. SQLite runs one writing transaction at a time anyway (and has no FOR SHARE).
 */
const CHECK: Record<SqlDatabase['dialect'], string> = {
  postgres: 'SELECT fence FROM lessons WHERE id = $1 FOR SHARE',
  sqlite: 'SELECT fence FROM lessons WHERE id = $1',
};

/**
 * Runs one write of a lesson: as it is without a fence (one server; `transaction` when the write
 * needs one anyway), else in a transaction that first checks the fence, refused with
 * {@link StaleFenceError} if a newer owner raised it.
 */
export function fencedWrite<T>(
  db: SqlDatabase, fence: Fence | undefined, write: (q: SqlQueries) => Promise<T>, transaction = false,
): Promise<T> {
  if (!fence) return transaction ? db.transaction(write) : write(db);
  return db.transaction(async (tx) => {
    const row = await tx.get<{ fence: number }>(CHECK[db.dialect], [fence.lessonId]);
    if (row && row.fence > fence.token) throw new StaleFenceError();
    return write(tx);
  });
}

/**
 * Fenced writes of the lesson's own row (phase, lock): the check is in the UPDATE itself (no
 * share lock taken first, which two such updates would both try to upgrade: a deadlock).
 * `update` ends in a WHERE clause; the fence's condition is appended to it.
 */
export async function fencedLessonUpdate(db: SqlQueries, fence: Fence | undefined, update: string, params: SqlValue[]): Promise<void> {
  if (!fence) {
    await db.run(update, params);
    return;
  }
  const changed = await db.run(`${update} AND fence <= $${params.length + 1}`, [...params, fence.token]);
  if (changed === 0) throw new StaleFenceError();
}
