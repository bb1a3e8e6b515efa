import { Router, type Request } from 'express';
import { namedRecordBody, type TeacherLink, type TeacherList } from '@classroom/shared';
import { requireAdmin } from './auth.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';
import { pathId, standingUrl, type StandingApiDeps } from './schoolsApi.ts';

/**
 * `/api/teachers`: the master teachers, each with one permanent link that opens the teacher's
 * day; the link can be withdrawn and issued again. Only the admin reads or writes them.
 */
export function teachersApi(deps: StandingApiDeps): Router {
  const { stores, tokens, adminToken } = deps;
  const router = Router();
  const adminOnly = (req: Request, what: string) => requireAdmin(req, adminToken, tokens, what);
  const link = async (teacherId: string, tokenVersion: number | undefined): Promise<TeacherLink> => {
    if (tokenVersion === undefined) throw new HttpError(404, 'not_found', 'no such teacher');
    return { teacherId, teacherUrl: await standingUrl(deps, { kind: 'teacher', role: 'teacher', teacherId, tokenVersion }) };
  };

  router.get('/teachers', async (req, res) => {
    await adminOnly(req, 'list teachers');
    res.json({ teachers: await stores.teachers.teachers() } satisfies TeacherList);
  });

  router.post('/teachers', async (req, res) => {
    await adminOnly(req, 'create teachers');
    const { name } = parseOr400(namedRecordBody, req.body, 'teacher');
    res.status(201).json(await stores.teachers.createTeacher(name));
  });

  router.patch('/teachers/:id', async (req, res) => {
    await adminOnly(req, 'rename teachers');
    const { name } = parseOr400(namedRecordBody, req.body, 'teacher');
    const teacher = await stores.teachers.renameTeacher(pathId(req, 'teacher'), name);
    if (!teacher) throw new HttpError(404, 'not_found', 'no such teacher');
    res.json(teacher);
  });

  router.get('/teachers/:id/link', async (req, res) => {
    await adminOnly(req, 'issue teacher links');
    const teacherId = pathId(req, 'teacher');
    res.json(await link(teacherId, await stores.teachers.linkVersion(teacherId)));
  });

  router.post('/teachers/:id/link/revoke', async (req, res) => {
    await adminOnly(req, 'revoke teacher links');
    const teacherId = pathId(req, 'teacher');
    const tokenVersion = await stores.teachers.nextLinkVersion(teacherId);
    if (tokenVersion !== undefined) deps.standingRevoked({ kind: 'teacher', role: 'teacher', teacherId, tokenVersion });
    res.json(await link(teacherId, tokenVersion));
  });

  return router;
}
