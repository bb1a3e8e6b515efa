import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openPostgres } from '../src/db/postgres.ts';
import type { SqlDatabase } from '../src/db/SqlDatabase.ts';
import { openSqlite } from '../src/db/sqlite.ts';
import { createLogger } from '../src/logger.ts';
import { sharedPostgres } from './postgres.ts';

export const log = createLogger('silent');
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh, migrated database of each kind (the SQLite files go when the test file ends). */
export const BACKENDS: Record<SqlDatabase['dialect'], () => Promise<SqlDatabase>> = {
  async sqlite() {
    const dir = mkdtempSync(join(tmpdir(), 'classroom-stores-'));
    tempDirs.push(dir);
    return openSqlite(join(dir, 'classroom.sqlite'));
  },
  async postgres() {
    return openPostgres(await (await sharedPostgres()).createDatabase(), log);
  },
};
