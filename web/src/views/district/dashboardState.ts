import type { DashboardFilter } from '@classroom/shared';

// Where the dashboard is (overview, a school, a classroom) and its filter, kept in the address:
// the browser's back button climbs back up a drill-down, and a printed or shared address opens
// the same view. The manager link's own `token` parameter is left as it is.

export type DashboardView =
  | { level: 'overview' }
  | { level: 'school'; schoolId: string }
  | { level: 'classroom'; classroomId: string };

export interface DashboardState {
  view: DashboardView;
  filter: DashboardFilter;
}

const FILTER_KEYS = ['from', 'to', 'subject', 'teacherId', 'districtId'] as const satisfies readonly (keyof DashboardFilter)[];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readState(search: string): DashboardState {
  const params = new URLSearchParams(search);
  const filter: DashboardFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value || ((key === 'from' || key === 'to') && !DATE.test(value))) continue;
    filter[key] = value;
  }
  const school = params.get('school');
  const classroom = params.get('classroom');
  const view: DashboardView = classroom ? { level: 'classroom', classroomId: classroom }
    : school ? { level: 'school', schoolId: school } : { level: 'overview' };
  return { view, filter };
}

/** The address's query for a state, keeping its other parameters (the manager link's token). */
export function writeState(state: DashboardState, search: string): string {
  const params = new URLSearchParams(search);
  for (const key of [...FILTER_KEYS, 'school', 'classroom']) params.delete(key);
  for (const key of FILTER_KEYS) {
    const value = state.filter[key];
    if (value) params.set(key, value);
  }
  if (state.view.level === 'school') params.set('school', state.view.schoolId);
  if (state.view.level === 'classroom') params.set('classroom', state.view.classroomId);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}
