import type { Request } from 'express';
import { dashboardFilterQuery, type DashboardCaller, type DashboardFilter } from '@classroom/shared';
import type { TokenService } from '../auth/tokens.ts';
import type { LessonStores } from '../db/Database.ts';
import { identify } from './auth.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';

export interface DashboardAccessDeps {
  stores: LessonStores;
  tokens: TokenService;
  adminToken: string;
  /** TIME_ZONE: the dates of the filter for network checks. */
  timeZone: string;
}

/** Who reads the dashboard: the admin (everything), or a district manager (its district only). */
export type DashboardReader = { kind: 'admin' } | { kind: 'manager'; districtId: string };

/** The dashboard's caller, or 401/403: only the admin and manager links read it. */
export async function dashboardReader(req: Request, deps: DashboardAccessDeps): Promise<DashboardReader> {
  const caller = await identify(req, deps.adminToken, deps.tokens);
  if (caller.admin) return { kind: 'admin' };
  if (caller.manager) return { kind: 'manager', districtId: caller.manager.districtId };
  throw new HttpError(403, 'forbidden', 'only the admin or a district manager may read the district view');
}

/** `GET /api/dashboard/me`: who the reader is, with its district's name. */
export async function describeReader(reader: DashboardReader, deps: DashboardAccessDeps): Promise<DashboardCaller> {
  if (reader.kind === 'admin') return { kind: 'admin', district: null };
  const district = await deps.stores.districts.district(reader.districtId);
  return { kind: 'manager', district: district ? { id: district.id, name: district.name } : null };
}

/**
 * The filter a request asks for, narrowed to what its reader may see: a manager's is always its
 * own district; asking for another district, or a school outside it, is 403 (not an empty page,
 * which would read as "no lessons there").
 */
export async function readerFilter(reader: DashboardReader, query: unknown, deps: DashboardAccessDeps): Promise<DashboardFilter> {
  const filter: DashboardFilter = { ...parseOr400(dashboardFilterQuery, query, 'filter') };
  return narrow(reader, filter, deps);
}

/** Narrows any filter (also the export's) to the reader's district. */
export async function narrow<F extends DashboardFilter>(reader: DashboardReader, filter: F, deps: DashboardAccessDeps): Promise<F> {
  if (reader.kind === 'admin') return filter;
  if (filter.districtId !== undefined && filter.districtId !== reader.districtId) throw outside();
  if (filter.schoolId !== undefined && (await deps.stores.schools.school(filter.schoolId))?.districtId !== reader.districtId) throw outside();
  return { ...filter, districtId: reader.districtId };
}

/** 403 for what lies outside a manager's district. */
export function outside(): HttpError {
  return new HttpError(403, 'forbidden', 'a district manager link reads its own district only');
}
