import pg from 'pg';
import type { Logger } from '../logger.ts';
import { MIGRATIONS } from './migrations.ts';
import type { SqlDatabase, SqlQueries, SqlValue } from './SqlDatabase.ts';

// node-postgres (`pg`): the most used PostgreSQL client for Node, plain JavaScript (pg-native is
// optional and not installed), with a pool whose transactions are explicit checked-out clients.

/**
 * Numbers come back as numbers, as from SQLite: COUNT(*) and BIGINT columns (milliseconds since
 * 1970, well within 2^53) are int8, and AVG of an integer column is numeric, which pg gives as text.
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC ? Number : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** Any fixed number: the session lock every node takes to migrate, one node at a time. */
const MIGRATION_LOCK = 7_461_013_377;

/** The database's address without its password, for logs and messages. */
export function describePostgres(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString().replace(/:@/, '@');
}

/**
 * Connects to PostgreSQL and brings its schema up to date. Commits wait for the write-ahead log
 * to be flushed (synchronous_commit on, PostgreSQL's default): an answer acknowledged after its
 * commit survives a crash of this process and of the database server.
 */
export async function openPostgres(url: string, log: Logger): Promise<SqlDatabase> {
  // A database that does not answer fails the request in 10 s rather than holding it for ever.
  const pool = new pg.Pool({ connectionString: url, types: TYPES, connectionTimeoutMillis: 10_000 });
  // An idle connection that breaks (the server restarted) is replaced on next use; unhandled, its
  // error event would end the process.
  pool.on('error', (error) => log.warn({ err: error }, 'an idle PostgreSQL connection failed'));
  try {
    await migrate(pool);
    const { synchronous_commit: commit } = (await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!;
    if (commit === 'off') log.warn({ synchronous_commit: commit }, 'PostgreSQL synchronous_commit is off: an acknowledged answer may be lost if the database crashes');
  } catch (error) {
    await pool.end();
    throw new Error(`PostgreSQL at ${describePostgres(url)}: ${(error as Error).message}`, { cause: error });
  }
  return new PostgresDatabase(pool);
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction.
 * Under a session advisory lock: nodes started together wait for the first, then find nothing to do.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
                            version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
      for (let version = rows[0]!.version; version < MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(MIGRATIONS[version]!.postgres);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`database migration ${version + 1} failed: ${(error as Error).message}`);
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

function queriesOn(runner: pg.Pool | pg.PoolClient): SqlQueries {
  const rows = async <T>(sql: string, params: readonly SqlValue[]) => (await runner.query(sql, params as SqlValue[])).rows as T[];
  return {
    all: <T>(sql: string, params: readonly SqlValue[] = []) => rows<T>(sql, params),
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => (await rows<T>(sql, params))[0],
    run: async (sql, params = []) => (await runner.query(sql, params as SqlValue[])).rowCount ?? 0,
  };
}

/** A pool of connections (pg's default: up to 10); a transaction holds one of them throughout. */
class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres';
  readonly #pool: pg.Pool;
  readonly #queries: SqlQueries;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#queries = queriesOn(pool);
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.#queries.all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.#queries.get<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#queries.run(sql, params);
  }

  async transaction<T>(work: (tx: SqlQueries) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(queriesOn(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is closed rather than handed out again.
      await client.query('ROLLBACK').catch((rollbackError: Error) => { broken = rollbackError; });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
