// Writes a generated term into a database, for a dashboard to show (the web view's e2e, a demo):
//
//   node bench/dashboard/seed.ts --database data/classroom.sqlite [--size small|full --weeks 4 --schools 20 --first-monday 2026-03-02]
//   node bench/dashboard/seed.ts --database postgres://…
//
// The database is migrated first; run it on a database without schools of those names (they are
// 第N学区, 希望小学N…, 老师N), with the server stopped (SQLite) or running (PostgreSQL).
import { parseArgs } from 'node:util';
import { createStores } from '../../signaling/src/db/Database.ts';
import { openPostgres } from '../../signaling/src/db/postgres.ts';
import { openSqlite } from '../../signaling/src/db/sqlite.ts';
import { createLogger } from '../../signaling/src/logger.ts';
import { FULL_TERM, generateTerm, SMALL_TERM } from './generate.ts';

const { values: args } = parseArgs({
  options: {
    database: { type: 'string' },
    size: { type: 'string', default: 'small' },
    weeks: { type: 'string' },
    schools: { type: 'string' },
    'first-monday': { type: 'string' },
  },
});
if (!args.database) throw new Error('--database <SQLite file or postgres:// URL> is required');
const db = /^postgres(ql)?:\/\//.test(args.database) ? await openPostgres(args.database, createLogger('warn')) : openSqlite(args.database);
try {
  const size = { ...(args.size === 'full' ? FULL_TERM : SMALL_TERM), ...(args.weeks ? { weeks: Number(args.weeks) } : {}), ...(args.schools ? { schools: Number(args.schools) } : {}) };
  const term = await generateTerm(db, createStores(db, { questionsPerLesson: 50, messagesPerLesson: 500 }), size, {
    ...(args['first-monday'] ? { firstMonday: args['first-monday'] } : {}),
  });
  console.log(JSON.stringify({ firstDate: term.firstDate, lastDate: term.lastDate, districts: term.districtIds, counts: term.counts }));
} finally {
  await db.close();
}
