import type { DashboardFilter } from '@classroom/shared';
import { groupBy, KEY, localDayStart, toSums, where, type CheckSums, type StatsGroup, type StatsSums, type SumsRow } from './DashboardStore.ts';
import type { SqlDatabase } from './SqlDatabase.ts';

/** A classroom-week's sums and morning checks, as the rollup keeps them. */
export interface Totals {
  sums: StatsSums;
  checks: CheckSums;
}

const COUNTED = ['scheduled', 'attended', 'present_seconds', 'late_joins', 'early_leaves', 'hands_raised', 'stage_turns', 'quiz_asked',
  'quiz_answered', 'quiz_judged', 'quiz_correct', 'link_good_seconds', 'link_fair_seconds', 'link_poor_seconds', 'sound_only_seconds',
  'reconnects', 'replays_taken'] as const;

/** The same sums as DashboardStore's, per classroom-lesson row. */
const LESSON_SUMS = `COUNT(*) AS scheduled, SUM(s.attended) AS attended, SUM(s.present_seconds) AS present_seconds,
  SUM(s.late_join) AS late_joins, SUM(s.early_leave) AS early_leaves, ${COUNTED.slice(5).map((c) => `SUM(s.${c}) AS ${c}`).join(', ')}`;

/**
 * Each classroom's week summed (classroom_week_stats): what the overview reads for whole weeks
 * without a subject or teacher filter. A week is refreshed whole from classroom_lesson_stats and
 * network_checks (some 4 000 and 4 000 rows for 200 schools), when a lesson of it is counted and
 * by the sweep (morning checks).
 */
export class WeekRollupStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  /** Sums a week again (its morning checks by local dates in `zone`). */
  async refreshWeek(week: string, zone: string): Promise<void> {
    const columns = ['classroom_id', 'school_id', 'week', ...COUNTED, 'morning_checks', 'morning_checks_poor'];
    await this.#db.transaction(async (tx) => {
      await tx.run('DELETE FROM classroom_week_stats WHERE week = $1', [week]);
      await tx.run(
        `INSERT INTO classroom_week_stats (${columns.join(', ')})
         SELECT lc.id, lc.school_id, CAST($1 AS TEXT), ${COUNTED.map((c) => `COALESCE(st.${c}, 0)`).join(', ')}, COALESCE(ck.checks, 0), COALESCE(ck.poor, 0)
         FROM lasting_classrooms lc
         LEFT JOIN (SELECT s.classroom_id, ${LESSON_SUMS} FROM classroom_lesson_stats s WHERE s.week = $1 GROUP BY s.classroom_id) st
           ON st.classroom_id = lc.id
         LEFT JOIN (SELECT n.classroom_id, COUNT(*) AS checks, SUM(CASE WHEN n.grade = 'poor' THEN 1 ELSE 0 END) AS poor
                    FROM network_checks n WHERE n.started_by = 'morning' AND n.checked_at >= $2 AND n.checked_at < $3 GROUP BY n.classroom_id) ck
           ON ck.classroom_id = lc.id
         WHERE st.classroom_id IS NOT NULL OR ck.classroom_id IS NOT NULL`,
        [week, localDayStart(week, zone), localDayStart(week, zone, 7)]);
    });
  }

  /** Every week with a classroom-lesson counted (to refresh them all). */
  async weeks(): Promise<string[]> {
    return (await this.#db.all<{ week: string }>('SELECT DISTINCT week FROM classroom_lesson_stats ORDER BY week')).map((r) => r.week);
  }

  /**
   * The rollup's sums and checks over the weeks [fromWeek, toWeek] (Mondays; either open), by
   * group. Its district, school and classroom filters apply; not its dates, subject or teacher.
   */
  async totals(filter: DashboardFilter & { classroomId?: string }, weeks: { from?: string; to?: string }, group: StatsGroup): Promise<Map<string | null, Totals>> {
    const [condition, params] = where({ ...filter, from: undefined, to: undefined }, { dates: false, lessons: false });
    const clauses = condition ? [condition.replace(/^WHERE /, '')] : [];
    if (weeks.from) { params.push(weeks.from); clauses.push(`s.week >= $${params.length}`); }
    if (weeks.to) { params.push(weeks.to); clauses.push(`s.week <= $${params.length}`); }
    const rows = await this.#db.all<SumsRow & { key: string | null }>(
      `SELECT ${KEY[group]} AS key, ${COUNTED.map((c) => `SUM(s.${c}) AS ${c}`).join(', ')},
              SUM(s.morning_checks) AS checks, SUM(s.morning_checks_poor) AS poor
       FROM classroom_week_stats s JOIN schools sc ON sc.id = s.school_id
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ${groupBy(KEY[group])}`, params);
    if (group === 'all' && rows[0] && rows[0].scheduled === null) rows.length = 0;
    return new Map(rows.map((r) => [r.key, { sums: toSums(r), checks: { checks: Number(r.checks ?? 0), poor: Number(r.poor ?? 0) } }]));
  }
}
