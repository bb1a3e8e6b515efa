import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { MIGRATIONS } from './migrations.ts';
import type { SqlDatabase, SqlQueries, SqlValue } from './SqlDatabase.ts';

/**
 * The embedded SQLite database (Node's built-in driver: no native module to build). WAL with
 * synchronous=FULL: a write that returned is on disk, even if the process is killed right after.
 */
export function openSqlite(file: string): SqlDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteDatabase(db);
}

function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let version = row.user_version; version < MIGRATIONS.length; version++) {
    db.exec('BEGIN');
    try {
      db.exec(MIGRATIONS[version]!.sqlite);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`database migration ${version + 1} failed: ${(error as Error).message}`);
    }
  }
}

/**
 * node:sqlite is synchronous: each statement has finished when its promise is made. One
 * connection, so while a transaction awaits between its statements, statements from outside
 * wait for it to end (else they would run, and commit or roll back, inside it).
 */
class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite';
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  /** The transaction under way, if any. */
  #transaction: Promise<unknown> | undefined;
  /** Statements of the transaction under way: they run at once. */
  readonly #inTransaction: SqlQueries = {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.#prepare(sql).all(...params) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => this.#prepare(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => Number(this.#prepare(sql).run(...params).changes),
  };

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  // Each waits in a loop and then runs with no await in between: a transaction that began while
  // it waited is waited for too.
  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    while (this.#transaction) await this.#transactionEnd();
    return this.#inTransaction.all<T>(sql, params);
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    while (this.#transaction) await this.#transactionEnd();
    return this.#inTransaction.get<T>(sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    while (this.#transaction) await this.#transactionEnd();
    return this.#inTransaction.run(sql, params);
  }

  async transaction<T>(work: (tx: SqlQueries) => Promise<T>): Promise<T> {
    while (this.#transaction) await this.#transactionEnd();
    const done = this.#run(work);
    this.#transaction = done;
    try {
      return await done;
    } finally {
      if (this.#transaction === done) this.#transaction = undefined;
    }
  }

  async close(): Promise<void> {
    while (this.#transaction) await this.#transactionEnd();
    this.#db.close();
  }

  async #run<T>(work: (tx: SqlQueries) => Promise<T>): Promise<T> {
    this.#db.exec('BEGIN');
    try {
      const result = await work(this.#inTransaction);
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #transactionEnd(): Promise<unknown> {
    return this.#transaction!.catch(() => undefined);
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql.replace(/\$(\d+)/g, '?$1'));
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
