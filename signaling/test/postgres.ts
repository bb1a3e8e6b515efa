import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Debian's PostgreSQL 15 (npm test installs postgresql-15; scripts/setup/apt.mjs). */
const BIN = process.env.TEST_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** The server's maintenance database, `postgres`. */
  readonly url: string;
  /** A new empty database on the server; returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server and deletes its files (safe to call twice). */
  stop(): void;
}

export interface TestPostgresOptions {
  /**
   * Every commit flushed to disk, as in production: for tests of what survives a kill. Otherwise
   * fsync is off, which is faster (the server's files are thrown away after the test).
   */
  durable?: boolean;
}

/**
 * A PostgreSQL server of the test's own: its files in a fresh temporary directory, listening on
 * a socket directory there and a free loopback port, never on the packaged cluster's 5432.
 * initdb and the server refuse to run as root: as root they run as the `postgres` user.
 */
export async function startPostgres({ durable = false }: TestPostgresOptions = {}): Promise<TestPostgres> {
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(`PostgreSQL 15 is not installed (no ${BIN}/initdb): apt-get install postgresql-15, or run npm test, which installs it`);
  }
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'classroom-pg-'));
  if (root) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' })));
    chownSync(dir, uid!, gid!);
  }
  const data = join(dir, 'data');
  // [file, arguments] that run one of the server's programs as the user that owns its files.
  const asOwner = (command: string, args: string[]): [string, string[]] =>
    (root ? ['runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]] : [join(BIN, command), args]);
  const run = (command: string, args: string[]): void => {
    const result = spawnSync(...asOwner(command, args), { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`);
  };
  const port = await freePort();
  const settings = ['-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (!durable) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const stopServer = asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  // A test process that ends without stopping it leaves no server behind, however it ends: test
  // workers are killed, not asked to exit. Waits for this process, then stops the server.
  const watchdog = spawn('sh', ['-c', 'pid=$1; dir=$2; shift 2; tail --pid="$pid" -f /dev/null; "$@" >/dev/null 2>&1; rm -rf "$dir"',
    'postgres-watchdog', String(process.pid), dir, stopServer[0], ...stopServer[1]], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  let running = false;
  const stop = (): void => {
    if (running) spawnSync(...stopServer);
    running = false;
    rmSync(dir, { recursive: true, force: true });
    watchdog.kill();
  };
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    run('pg_ctl', ['-D', data, '-o', settings.join(' '), '-l', join(dir, 'server.log'), '-w', 'start']);
    running = true;
  } catch (error) {
    stop();
    throw error;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    url,
    async createDatabase() {
      const name = `classroom_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}

let shared: Promise<TestPostgres> | undefined;

/** One server for the whole test file (its process), started on first use and stopped when it ends. */
export function sharedPostgres(): Promise<TestPostgres> {
  shared ??= startPostgres();
  return shared;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}
