import type { District, DistrictList, ManagerLink } from '@classroom/shared';
import { call, json } from './api.ts';

// Districts and their managers' links (admin only): apart from schoolsApi.ts, which a
// classroom's permanent page loads too.

const id = (value: string) => encodeURIComponent(value);

export function listDistricts(adminToken: string): Promise<DistrictList> {
  return call<DistrictList>('/api/districts', adminToken);
}

export function createDistrict(adminToken: string, name: string): Promise<District> {
  return call<District>('/api/districts', adminToken, json('POST', { name }));
}

/** Puts a school in a district (null: in none). */
export function setSchoolDistrict(adminToken: string, schoolId: string, districtId: string | null): Promise<void> {
  return call<void>(`/api/schools/${id(schoolId)}/district`, adminToken, json('PUT', { districtId }));
}

/** The district manager's permanent, read-only link to the district view. */
export function managerLink(adminToken: string, districtId: string): Promise<ManagerLink> {
  return call<ManagerLink>(`/api/districts/${id(districtId)}/manager-link`, adminToken);
}

export function revokeManagerLink(adminToken: string, districtId: string): Promise<ManagerLink> {
  return call<ManagerLink>(`/api/districts/${id(districtId)}/manager-link/revoke`, adminToken, { method: 'POST' });
}
