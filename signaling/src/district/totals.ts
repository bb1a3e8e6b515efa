import { DateTime } from 'luxon';
import type { DashboardFilter } from '@classroom/shared';
import type { LessonStores } from '../db/Database.ts';
import type { CheckSums, StatsGroup, StatsSums } from '../db/DashboardStore.ts';
import type { Totals } from '../db/WeekRollupStore.ts';
import { addChecks, addSums } from './figures.ts';
import { weekOf } from './lessonStats.ts';

type Filter = DashboardFilter & { classroomId?: string };

/**
 * A date range as whole weeks (Mondays, either end open) and the days at its ends outside them:
 * the rollup answers the weeks, the per-lesson rows and the checks themselves the days.
 */
export function splitWeeks(from?: string, to?: string): { weeks: { from?: string; to?: string } | null; edges: { from: string; to: string }[] } {
  const day = (date: string) => DateTime.fromISO(date, { zone: 'utc' });
  const firstWeek = from === undefined ? undefined : day(from).weekday === 1 ? from : day(weekOf(from)).plus({ weeks: 1 }).toISODate()!;
  const lastWeek = to === undefined ? undefined : day(to).weekday === 7 ? weekOf(to) : day(weekOf(to)).minus({ weeks: 1 }).toISODate()!;
  if (firstWeek !== undefined && lastWeek !== undefined && firstWeek > lastWeek) return { weeks: null, edges: [{ from: from!, to: to! }] };
  const edges: { from: string; to: string }[] = [];
  if (from !== undefined && firstWeek !== from) edges.push({ from, to: day(firstWeek!).minus({ days: 1 }).toISODate()! });
  if (to !== undefined && lastWeek !== undefined && day(lastWeek).plus({ days: 6 }).toISODate() !== to) edges.push({ from: day(lastWeek).plus({ weeks: 1 }).toISODate()!, to });
  return { weeks: { ...(firstWeek ? { from: firstWeek } : {}), ...(lastWeek ? { to: lastWeek } : {}) }, edges };
}

/**
 * The filter's sums and morning checks, by group. Whole weeks without a subject or teacher come
 * from the weekly rollup; a subject or teacher narrows lessons, so their sums come from the
 * per-lesson rows (indexed by subject and by teacher); the days at the range's ends outside
 * whole weeks from the per-lesson rows and the checks. Checks are never narrowed by subject or
 * teacher (a check is of a classroom, not of a lesson).
 */
export async function totals(stores: LessonStores, filter: Filter, group: StatsGroup, zone: string): Promise<Map<string | null, Totals>> {
  const { weeks, edges } = splitWeeks(filter.from, filter.to);
  const byLesson = filter.subject !== undefined || filter.teacherId !== undefined;
  const sums = new Map<string | null, StatsSums[]>();
  const checks = new Map<string | null, CheckSums[]>();
  const add = <T>(map: Map<string | null, T[]>, key: string | null, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  if (weeks) {
    for (const [key, t] of await stores.weekRollup.totals(filter, weeks, group)) {
      if (!byLesson) add(sums, key, t.sums);
      add(checks, key, t.checks);
    }
  }
  const { subject: _, teacherId: __, ...placeOnly } = filter;
  for (const edge of edges) {
    if (!byLesson) for (const [key, s] of await stores.dashboard.sums({ ...filter, ...edge }, group)) add(sums, key, s);
    const edgeChecks = await stores.dashboard.morningChecks({ ...placeOnly, ...edge }, group === 'week' ? 'hour' : group, zone);
    for (const [key, c] of edgeChecks) add(checks, group === 'week' ? weekOf(DateTime.fromISO(`${key!}:00:00Z`).setZone(zone).toISODate()!) : key, c);
  }
  if (byLesson) for (const [key, s] of await stores.dashboard.sums(filter, group)) add(sums, key, s);
  const keys = new Set([...sums.keys(), ...checks.keys()]);
  return new Map([...keys].map((key) => [key, { sums: addSums(sums.get(key) ?? []), checks: addChecks(checks.get(key) ?? []) }]));
}
