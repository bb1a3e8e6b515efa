import { Router, type Request } from 'express';
import { districtBody, schoolDistrictBody, type District, type DistrictList, type ManagerLink } from '@classroom/shared';
import type { DistrictRecord } from '../db/DistrictStore.ts';
import { identify, requireAdmin } from './auth.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';
import { pathId, type StandingApiDeps } from './schoolsApi.ts';

/**
 * `/api/districts`: districts, the schools in them, and each district manager's permanent,
 * read-only link (withdrawn and issued again like a teacher's). The admin reads and writes them;
 * a manager's link reads its own district only.
 */
export function districtsApi(deps: Pick<StandingApiDeps, 'stores' | 'tokens' | 'adminToken' | 'publicUrl'>): Router {
  const { stores, tokens, adminToken } = deps;
  const router = Router();
  const adminOnly = (req: Request, what: string) => requireAdmin(req, adminToken, tokens, what);
  const existing = async (req: Request<{ id: string }>): Promise<DistrictRecord> => {
    const district = await stores.districts.district(pathId(req, 'district'));
    if (!district) throw new HttpError(404, 'not_found', 'no such district');
    return district;
  };
  const withSchools = async (districts: DistrictRecord[]): Promise<District[]> => {
    const schools = await stores.schools.schools();
    return districts.map((d) => ({ ...d, schools: schools.filter((s) => s.districtId === d.id).map((s) => ({ id: s.id, name: s.name })) }));
  };
  const link = async (districtId: string, tokenVersion: number | undefined): Promise<ManagerLink> => {
    if (tokenVersion === undefined) throw new HttpError(404, 'not_found', 'no such district');
    return { districtId, managerUrl: `${deps.publicUrl}/district?token=${await tokens.signManager({ districtId, tokenVersion })}` };
  };

  router.get('/districts', async (req, res) => {
    const caller = await identify(req, adminToken, tokens);
    if (!caller.admin && !caller.manager) throw new HttpError(403, 'forbidden', 'only the admin or a district manager may list districts');
    const all = await stores.districts.districts();
    const body: DistrictList = { districts: await withSchools(caller.admin ? all : all.filter((d) => d.id === caller.manager!.districtId)) };
    res.json(body);
  });

  router.post('/districts', async (req, res) => {
    await adminOnly(req, 'create districts');
    const { name } = parseOr400(districtBody, req.body, 'district');
    const district = await stores.districts.createDistrict(name);
    res.status(201).json({ ...district, schools: [] } satisfies District);
  });

  router.patch('/districts/:id', async (req, res) => {
    await adminOnly(req, 'rename districts');
    const { name } = parseOr400(districtBody, req.body, 'district');
    const district = await stores.districts.renameDistrict((await existing(req)).id, name);
    res.json((await withSchools([district!]))[0]);
  });

  router.put('/schools/:id/district', async (req, res) => {
    await adminOnly(req, 'move schools between districts');
    const { districtId } = parseOr400(schoolDistrictBody, req.body, 'school district');
    if (districtId !== null && !(await stores.districts.district(districtId))) throw new HttpError(400, 'invalid_payload', 'invalid school district: districtId: no such district');
    if (!(await stores.districts.setSchoolDistrict(pathId(req, 'school'), districtId))) throw new HttpError(404, 'not_found', 'no such school');
    res.status(204).end();
  });

  router.get('/districts/:id/manager-link', async (req, res) => {
    await adminOnly(req, 'issue district manager links');
    const districtId = pathId(req, 'district');
    res.json(await link(districtId, await stores.districts.managerLinkVersion(districtId)));
  });

  router.post('/districts/:id/manager-link/revoke', async (req, res) => {
    await adminOnly(req, 'revoke district manager links');
    const districtId = pathId(req, 'district');
    res.json(await link(districtId, await stores.districts.nextManagerLinkVersion(districtId)));
  });

  return router;
}
