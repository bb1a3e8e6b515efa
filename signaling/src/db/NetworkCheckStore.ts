import type { NetworkCheckResult } from '@classroom/shared';
import type { SqlDatabase } from './SqlDatabase.ts';

interface Row {
  classroom_id: string;
  checked_at: string;
  started_by: NetworkCheckResult['trigger'];
  grade: NetworkCheckResult['grade'];
  layer: NetworkCheckResult['layer'];
  rtt_ms: number | null;
  bitrate_kbps: number | null;
  loss_percent: number | null;
  jitter_ms: number | null;
  paths: string;
  advice: string;
}

/** Network checks of lasting classrooms: each one kept with its time, read as each classroom's last. */
export interface NetworkCheckStore {
  add(result: NetworkCheckResult): Promise<void>;
  /** The last check of each of these classrooms (every classroom when none are named), by classroom. */
  latest(classroomIds?: readonly string[]): Promise<NetworkCheckResult[]>;
  /** The lasting classrooms a lesson is given in (its classrooms still in it). */
  lastingClassroomsOf(lessonId: string): Promise<string[]>;
}

/** The network check store on SQLite or PostgreSQL. */
export class SqlNetworkCheckStore implements NetworkCheckStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async add(r: NetworkCheckResult): Promise<void> {
    await this.#db.run(`INSERT INTO network_checks (classroom_id, checked_at, started_by, grade, layer, rtt_ms, bitrate_kbps, loss_percent, jitter_ms, paths, advice)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [r.classroomId, r.checkedAt, r.trigger, r.grade, r.layer, r.rttMs, r.bitrateKbps, r.lossPercent, r.jitterMs, JSON.stringify(r.paths), JSON.stringify(r.advice)]);
  }

  async lastingClassroomsOf(lessonId: string): Promise<string[]> {
    const rows = await this.#db.all<{ id: string }>(
      `SELECT lasting_classroom_id AS id FROM classrooms
       WHERE lesson_id = $1 AND lasting_classroom_id IS NOT NULL AND removed_at IS NULL ORDER BY position`, [lessonId]);
    return rows.map((row) => row.id);
  }

  async latest(classroomIds?: readonly string[]): Promise<NetworkCheckResult[]> {
    if (classroomIds?.length === 0) return [];
    const filter = classroomIds ? `AND n.classroom_id IN (${classroomIds.map((_, i) => `$${i + 1}`).join(', ')})` : '';
    // The newest row of each classroom: none newer exists (ISO times compare as text; the id breaks ties).
    const rows = await this.#db.all<Row>(
      `SELECT n.* FROM network_checks n
       WHERE NOT EXISTS (SELECT 1 FROM network_checks m WHERE m.classroom_id = n.classroom_id
                         AND (m.checked_at > n.checked_at OR (m.checked_at = n.checked_at AND m.id > n.id))) ${filter}
       ORDER BY n.classroom_id`, classroomIds ?? []);
    return rows.map((row) => ({
      classroomId: row.classroom_id,
      checkedAt: row.checked_at,
      trigger: row.started_by,
      grade: row.grade,
      layer: row.layer,
      rttMs: row.rtt_ms,
      bitrateKbps: row.bitrate_kbps,
      lossPercent: row.loss_percent,
      jitterMs: row.jitter_ms,
      paths: JSON.parse(row.paths) as NetworkCheckResult['paths'],
      advice: JSON.parse(row.advice) as NetworkCheckResult['advice'],
    }));
  }
}
