import type {
  ClassroomDashboard, DashboardCaller, DashboardExportQuery, DashboardFilter, DashboardFilters, DashboardFormat, DashboardOverview,
  DashboardTable, QuestionDashboard, SchoolDashboard,
} from '@classroom/shared';
import { call, send } from './api.ts';

// The district dashboard's reads, with the admin's key or a district manager's link: read-only.

const id = (value: string) => encodeURIComponent(value);

/** The filter as query parameters, leaving out what is not set. */
export function filterQuery(filter: DashboardExportQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (typeof value === 'string' && value !== '') params.set(key, value);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export function dashboardCaller(token: string): Promise<DashboardCaller> {
  return call<DashboardCaller>('/api/dashboard/me', token);
}

export function dashboardFilters(token: string): Promise<DashboardFilters> {
  return call<DashboardFilters>('/api/dashboard/filters', token);
}

export function dashboardOverview(token: string, filter: DashboardFilter): Promise<DashboardOverview> {
  return call<DashboardOverview>(`/api/dashboard/overview${filterQuery(filter)}`, token);
}

export function schoolDashboard(token: string, schoolId: string, filter: DashboardFilter): Promise<SchoolDashboard> {
  return call<SchoolDashboard>(`/api/dashboard/schools/${id(schoolId)}${filterQuery(filter)}`, token);
}

export function classroomDashboard(token: string, classroomId: string, filter: DashboardFilter): Promise<ClassroomDashboard> {
  return call<ClassroomDashboard>(`/api/dashboard/classrooms/${id(classroomId)}${filterQuery(filter)}`, token);
}

export function questionDashboard(token: string, filter: DashboardFilter): Promise<QuestionDashboard> {
  return call<QuestionDashboard>(`/api/dashboard/questions${filterQuery(filter)}`, token);
}

const MIME: Record<DashboardFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A dashboard table as a file, fetched with the bearer header (a plain link could not carry it). */
export async function dashboardExport(token: string, table: DashboardTable, query: DashboardExportQuery & { format: DashboardFormat }): Promise<Blob> {
  return (await send(`/api/dashboard/export/${id(table)}${filterQuery(query)}`, token, {}, MIME[query.format])).blob();
}
