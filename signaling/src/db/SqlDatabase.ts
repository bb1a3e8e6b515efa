/** A value a statement takes or returns: text, a number, or NULL. */
export type SqlValue = string | number | null;

/**
 * Statements, written once for both databases in PostgreSQL's placeholder style: `$1`, `$2`, …
 * (a number may appear twice). SQLite runs them as `?1`, `?2`, …, which it reads the same way.
 * Keep to SQL both understand; where the schemas differ, see migrations.ts.
 */
export interface SqlQueries {
  /** Every row the statement returns. */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row it returns, if any. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/**
 * The database the stores keep the records in: the embedded SQLite file (one server) or a
 * PostgreSQL server (several). Every write is committed when its promise resolves.
 */
export interface SqlDatabase extends SqlQueries {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
   * when it throws. Nothing from outside the transaction runs on that connection meanwhile.
   */
  transaction<T>(work: (tx: SqlQueries) => Promise<T>): Promise<T>;
  /** Waits for the statements under way, then closes. */
  close(): Promise<void>;
}
