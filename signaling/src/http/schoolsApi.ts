import express, { Router, type Request } from 'express';
import {
  ClassroomError, CLASSROOM_LINK_ROLES, classroomLinkRoleSchema, createSchoolBody, idSchema, namedRecordBody, updateSchoolBody,
  type ClassroomLinks, type School, type SchoolList, type StandingLink,
} from '@classroom/shared';
import type { TokenService } from '../auth/tokens.ts';
import type { LessonStores } from '../db/Database.ts';
import type { SchoolRecord } from '../db/SchoolStore.ts';
import { importSchools } from '../schools/importSchools.ts';
import { decodeCsv, readSchoolCsv, type SchoolCsvRow } from '../schools/schoolCsv.ts';
import { requireAdmin } from './auth.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';

export interface StandingApiDeps {
  stores: LessonStores;
  tokens: TokenService;
  adminToken: string;
  publicUrl: string;
  /** The time zone of a school made without one (TIME_ZONE). */
  timeZone: string;
  /** A permanent link was withdrawn: the connections made with it close. */
  standingRevoked: (link: StandingLink) => void;
}

/** The address of a permanent link's page: the role's usual page, with the link's token. */
export async function standingUrl(deps: Pick<StandingApiDeps, 'tokens' | 'publicUrl'>, link: StandingLink): Promise<string> {
  return `${deps.publicUrl}/${link.role}?token=${await deps.tokens.signStanding(link)}`;
}

/** The id in a path, or 404: an id that cannot exist names nothing. */
export function pathId(req: Request<{ id: string }>, what: string): string {
  const parsed = idSchema.safeParse(req.params.id);
  if (!parsed.success) throw new HttpError(404, 'not_found', `no such ${what}`);
  return parsed.data;
}

/**
 * `/api/schools` and `/api/classrooms`: the schools and their lasting classrooms, made once by the
 * admin (one by one or from a CSV file), and each classroom's two permanent links, which can be
 * withdrawn (and issued again) one at a time. Only the admin reads or writes them.
 */
export function schoolsApi(deps: StandingApiDeps): Router {
  const { stores, tokens, adminToken, timeZone } = deps;
  const router = Router();
  const adminOnly = (req: Request, what: string) => requireAdmin(req, adminToken, tokens, what);
  const existingSchool = async (req: Request<{ id: string }>): Promise<SchoolRecord> => {
    const school = await stores.schools.school(pathId(req, 'school'));
    if (!school) throw new HttpError(404, 'not_found', 'no such school');
    return school;
  };
  const links = async (classroomId: string): Promise<ClassroomLinks> => {
    const [projectorUrl, assistantUrl] = await Promise.all(CLASSROOM_LINK_ROLES.map(async (role) => {
      const tokenVersion = await stores.schools.linkVersion(classroomId, role);
      if (tokenVersion === undefined) throw new HttpError(404, 'not_found', 'no such classroom');
      return standingUrl(deps, { kind: 'classroom', role, classroomId, tokenVersion });
    }));
    return { classroomId, projectorUrl: projectorUrl!, assistantUrl: assistantUrl! };
  };

  router.get('/schools', async (req, res) => {
    await adminOnly(req, 'list schools');
    const classrooms = await stores.schools.classrooms();
    const body: SchoolList = {
      schools: (await stores.schools.schools()).map((s): School => ({ ...s, classrooms: classrooms.filter((c) => c.schoolId === s.id) })),
    };
    res.json(body);
  });

  router.post('/schools', async (req, res) => {
    await adminOnly(req, 'create schools');
    const { name, timeZone: zone } = parseOr400(createSchoolBody, req.body, 'school');
    const school = await stores.schools.createSchool(name, zone ?? timeZone);
    res.status(201).json({ ...school, classrooms: [] } satisfies School);
  });

  // Before /schools/:id: "import" is no school's id. The file is read as bytes so that its
  // encoding can be checked (see decodeCsv); 1 MB holds tens of thousands of rows.
  router.post('/schools/import', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    await adminOnly(req, 'import schools');
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new HttpError(400, 'invalid_payload', 'send the CSV file as the request body (Content-Type: text/csv)');
    }
    let rows: SchoolCsvRow[];
    try {
      rows = readSchoolCsv(decodeCsv(req.body));
    } catch (error) {
      if (error instanceof ClassroomError) throw new HttpError(400, error.code, error.message);
      throw error;
    }
    res.json(await importSchools(rows, stores.schools, timeZone, stores.districts));
  });

  router.patch('/schools/:id', async (req, res) => {
    await adminOnly(req, 'change schools');
    const change = parseOr400(updateSchoolBody, req.body, 'school');
    const school = await stores.schools.updateSchool((await existingSchool(req)).id, change);
    res.json({ ...school!, classrooms: (await stores.schools.classrooms()).filter((c) => c.schoolId === school!.id) } satisfies School);
  });

  router.post('/schools/:id/classrooms', async (req, res) => {
    await adminOnly(req, 'add classrooms');
    const { name } = parseOr400(namedRecordBody, req.body, 'classroom');
    res.status(201).json(await stores.schools.addClassroom((await existingSchool(req)).id, name));
  });

  router.patch('/classrooms/:id', async (req, res) => {
    await adminOnly(req, 'rename classrooms');
    const { name } = parseOr400(namedRecordBody, req.body, 'classroom');
    const classroom = await stores.schools.renameClassroom(pathId(req, 'classroom'), name);
    if (!classroom) throw new HttpError(404, 'not_found', 'no such classroom');
    res.json(classroom);
  });

  router.get('/classrooms/:id/links', async (req, res) => {
    await adminOnly(req, 'issue classroom links');
    res.json(await links(pathId(req, 'classroom')));
  });

  // One link at a time: an assistant's phone lost is no reason to go back to the projector.
  router.post('/classrooms/:id/links/:role/revoke', async (req, res) => {
    await adminOnly(req, 'revoke classroom links');
    const classroomId = pathId(req, 'classroom');
    const role = classroomLinkRoleSchema.safeParse(req.params.role);
    if (!role.success) throw new HttpError(404, 'not_found', 'a classroom has a projector link and an assistant link');
    const tokenVersion = await stores.schools.nextLinkVersion(classroomId, role.data);
    if (tokenVersion === undefined) throw new HttpError(404, 'not_found', 'no such classroom');
    deps.standingRevoked({ kind: 'classroom', role: role.data, classroomId, tokenVersion });
    res.json(await links(classroomId));
  });

  return router;
}
