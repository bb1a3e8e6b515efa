// The district view on a real term (issue #19): how long each dashboard request takes on SQLite
// and on PostgreSQL, and how large the database is.
//
//   npm run bench:dashboard [-- --size full|small --weeks 20 --schools 200 --backends sqlite,postgres --requests 30]
//
// Generates the term (bench/dashboard/generate.ts: its records, tens of millions of link-quality
// samples, and the aggregates written as the server writes them), then sends each request of the
// dashboard `--requests` times through the real routes (express, the admin's or a district
// manager's token, JSON or the exported file) and prints p50 / p95. PostgreSQL is a server of its
// own, started as the tests start theirs (signaling/test/postgres.ts). Writes
// bench/results/dashboard.json.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import { TokenService } from '../../signaling/src/auth/tokens.ts';
import { createStores } from '../../signaling/src/db/Database.ts';
import { openPostgres } from '../../signaling/src/db/postgres.ts';
import type { SqlDatabase } from '../../signaling/src/db/SqlDatabase.ts';
import { openSqlite } from '../../signaling/src/db/sqlite.ts';
import { dashboardApi } from '../../signaling/src/http/dashboardApi.ts';
import { errorHandler } from '../../signaling/src/http/httpErrors.ts';
import { createLogger } from '../../signaling/src/logger.ts';
import { startPostgres, type TestPostgres } from '../../signaling/test/postgres.ts';
import { percentile } from '../latency/stats.ts';
import { FULL_TERM, generateTerm, SMALL_TERM, type TermSize } from './generate.ts';

const RESULTS = join(import.meta.dirname, '..', 'results', 'dashboard.json');
const TARGET_P95_MS = 300;
const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'full' },
    weeks: { type: 'string' },
    schools: { type: 'string' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    requests: { type: 'string', default: '30' },
  },
});
const base = args.size === 'small' ? SMALL_TERM : FULL_TERM;
const size: TermSize = { ...base, ...(args.weeks ? { weeks: Number(args.weeks) } : {}), ...(args.schools ? { schools: Number(args.schools) } : {}) };
const backends = args.backends.split(',').map((b) => b.trim()) as SqlDatabase['dialect'][];
const repeats = Number(args.requests);
const log = createLogger('warn');
const ADMIN = 'bench-admin-token-0123456789';
const ZONE = 'Asia/Shanghai';

interface RequestFigure { name: string; path: string; p50Ms: number; p95Ms: number; bytes: number }
interface BackendFigure {
  backend: string;
  generate: { recordsSeconds: number; aggregatesSeconds: number };
  counts: Record<string, number>;
  databaseBytes: number;
  statsRows: number;
  requests: RequestFigure[];
  worstP95Ms: number;
}

async function benchBackend(backend: SqlDatabase['dialect']): Promise<BackendFigure> {
  let postgres: TestPostgres | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-bench-'));
  let db: SqlDatabase;
  if (backend === 'postgres') {
    postgres = await startPostgres();
    db = await openPostgres(await postgres.createDatabase(), log);
  } else {
    db = openSqlite(join(dir, 'classroom.sqlite'));
  }
  try {
    const stores = createStores(db, { questionsPerLesson: 50, messagesPerLesson: 500 });
    console.log(`[${backend}] generating ${size.weeks} weeks × ${size.schools} schools × ${size.classroomsPerSchool} classrooms × ${size.lessonsPerWeek} lessons a week, samples every ${size.sampleEverySeconds} s…`);
    const term = await generateTerm(db, stores, size, {
      onWeek: (week, c) => console.log(`[${backend}]   week ${week}: ${c.lessons} lessons, ${c.samples.toLocaleString('en')} samples`),
    });
    console.log(`[${backend}] records ${term.recordsSeconds.toFixed(0)} s, aggregates ${term.aggregatesSeconds.toFixed(0)} s`);
    // As after a term of use: the planners know the tables' sizes.
    await db.run('ANALYZE');

    const tokens = new TokenService('bench-secret-that-is-long-enough-0123', 3600, () => undefined, {
      ttlSeconds: 3600, versionOf: () => undefined, managerVersionOf: (id) => stores.districts.managerLinkVersion(id),
    });
    const app = express();
    app.use('/api', dashboardApi({ stores, tokens, adminToken: ADMIN, timeZone: ZONE }));
    app.use(errorHandler(log));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const manager = await tokens.signManager({ districtId: term.districtIds[0]!, tokenVersion: 1 });
    const school = term.schoolIds[0]!;
    const classroom = (await stores.schools.classrooms()).find((c) => c.schoolId === school)!.id;
    const lesson = (await db.get<{ lesson_id: string }>('SELECT lesson_id FROM classroom_lesson_stats WHERE classroom_id = $1 AND lesson_id IS NOT NULL', [classroom]))!.lesson_id;
    const subject = (await stores.dashboard.filterChoices()).subjects[0]!;
    const teacher = (await stores.teachers.teachers())[0]!.id;
    const weeks5 = `from=${term.firstDate}&to=${addDays(term.firstDate, 34)}`;
    const requests: [string, string, string][] = [
      ['overview, whole term (admin)', '/api/dashboard/overview', ADMIN],
      ['overview, a district (manager)', '/api/dashboard/overview', manager],
      ['overview, 5 weeks, one subject', `/api/dashboard/overview?${weeks5}&subject=${encodeURIComponent(subject)}`, ADMIN],
      ['overview, one teacher', `/api/dashboard/overview?teacherId=${teacher}`, ADMIN],
      ['school drill-down', `/api/dashboard/schools/${school}`, ADMIN],
      ['classroom drill-down (lessons)', `/api/dashboard/classrooms/${classroom}`, manager],
      ['questions, whole term (admin)', '/api/dashboard/questions', ADMIN],
      ['questions, a district (manager)', '/api/dashboard/questions', manager],
      ['filters', '/api/dashboard/filters', ADMIN],
      ['lesson report (manager)', `/api/dashboard/lessons/${lesson}/report`, manager],
      ['export schools CSV zh-CN', '/api/dashboard/export/schools?format=csv&lang=zh-CN', ADMIN],
      ['export schools xlsx zh-CN', '/api/dashboard/export/schools?format=xlsx&lang=zh-CN', ADMIN],
      ['export classrooms xlsx', '/api/dashboard/export/classrooms?format=xlsx', ADMIN],
      ['export lessons xlsx (classroom)', `/api/dashboard/export/lessons?format=xlsx&classroomId=${classroom}`, manager],
      ['export weeks CSV', '/api/dashboard/export/weeks?format=csv', ADMIN],
    ];
    const figures: RequestFigure[] = [];
    for (const [name, path, token] of requests) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < repeats + 3; i++) {
        const started = performance.now();
        const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${Buffer.from(body).toString()}`);
        if (i >= 3) times.push(performance.now() - started);
        bytes = body.byteLength;
      }
      times.sort((a, b) => a - b);
      const figure = { name, path, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), bytes };
      figures.push(figure);
      console.log(`[${backend}] ${name.padEnd(34)} p50 ${String(figure.p50Ms).padStart(7)} ms   p95 ${String(figure.p95Ms).padStart(7)} ms   ${(bytes / 1024).toFixed(0)} KiB`);
    }
    server.close();
    const databaseBytes = backend === 'postgres'
      ? Number((await db.get<{ size: number }>('SELECT pg_database_size(current_database()) AS size'))!.size)
      : fileSize(join(dir, 'classroom.sqlite')) + fileSize(join(dir, 'classroom.sqlite-wal'));
    const statsRows = Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM classroom_lesson_stats'))!.n);
    console.log(`[${backend}] database ${(databaseBytes / 2 ** 30).toFixed(2)} GiB, ${term.counts.samples.toLocaleString('en')} samples, ${statsRows.toLocaleString('en')} aggregate rows`);
    return {
      backend, generate: { recordsSeconds: round(term.recordsSeconds), aggregatesSeconds: round(term.aggregatesSeconds) },
      counts: { ...term.counts }, databaseBytes, statsRows, requests: figures, worstP95Ms: Math.max(...figures.map((f) => f.p95Ms)),
    };
  } finally {
    await db.close();
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function fileSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const results: BackendFigure[] = [];
for (const backend of backends) results.push(await benchBackend(backend));
mkdirSync(join(import.meta.dirname, '..', 'results'), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify({ date: new Date().toISOString(), size, repeats, targetP95Ms: TARGET_P95_MS, results }, null, 2)}\n`);
for (const r of results) {
  console.log(`${r.backend}: worst p95 ${r.worstP95Ms} ms (target < ${TARGET_P95_MS} ms) ${r.worstP95Ms < TARGET_P95_MS ? 'OK' : 'OVER'}`);
}
console.log(`results: ${RESULTS}`);
