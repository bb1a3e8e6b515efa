import { Router, type Request } from 'express';
import {
  idSchema, networkCheckConnectSchema, networkCheckConsumeSchema, networkCheckFinishSchema, networkCheckResumeSchema, networkCheckStartSchema,
  type NetworkChecksResponse,
} from '@classroom/shared';
import type { TokenService } from '../auth/tokens.ts';
import type { LessonStores } from '../db/Database.ts';
import type { NetworkChecks } from '../networkCheck/NetworkChecks.ts';
import { identify, requireLessonTeacher, type Caller } from './auth.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';

export interface NetworkCheckApiDeps {
  stores: LessonStores;
  tokens: TokenService;
  adminToken: string;
  networkChecks: NetworkChecks;
}

/** The lasting classroom a permanent projector or assistant link stands for, or 403. */
function classroomOf(caller: Caller): string {
  if (caller.standing?.kind !== 'classroom') {
    throw new HttpError(403, 'forbidden', 'only a classroom\'s permanent projector or assistant link checks its network');
  }
  return caller.standing.classroomId;
}

function checkId(req: Request): string {
  const parsed = idSchema.safeParse(req.params.id);
  if (!parsed.success) throw new HttpError(404, 'not_found', 'no such network check');
  return parsed.data;
}

/**
 * `/api/network-checks`: a classroom's projector or assistant (permanent link) checks how the
 * media server reaches it — start, connect each path's transport, receive the probe stream,
 * receive the probe stream over the best, finish with what the browser measured — and reads its last result; a lesson's teacher reads
 * its classrooms', the admin every classroom's.
 */
export function networkCheckApi(deps: NetworkCheckApiDeps): Router {
  const { stores, tokens, adminToken, networkChecks } = deps;
  const router = Router();
  const caller = (req: Request) => identify(req, adminToken, tokens);

  router.post('/network-checks', async (req, res) => {
    const classroomId = classroomOf(await caller(req));
    const { trigger } = parseOr400(networkCheckStartSchema, req.body, 'network check');
    res.status(201).json(await networkChecks.start(classroomId, trigger));
  });

  router.post('/network-checks/:id/connect', async (req, res) => {
    const classroomId = classroomOf(await caller(req));
    const { path, dtlsParameters } = parseOr400(networkCheckConnectSchema, req.body, 'connect');
    await networkChecks.connect(checkId(req), classroomId, path, dtlsParameters);
    res.json({ connected: path });
  });

  router.post('/network-checks/:id/consume', async (req, res) => {
    const classroomId = classroomOf(await caller(req));
    const { path, rtpCapabilities } = parseOr400(networkCheckConsumeSchema, req.body, 'consume');
    res.json(await networkChecks.consume(checkId(req), classroomId, path, rtpCapabilities));
  });

  router.post('/network-checks/:id/resume', async (req, res) => {
    const classroomId = classroomOf(await caller(req));
    const { path } = parseOr400(networkCheckResumeSchema, req.body, 'resume');
    await networkChecks.resume(checkId(req), classroomId, path);
    res.json({ measuring: path });
  });

  router.post('/network-checks/:id/finish', async (req, res) => {
    const classroomId = classroomOf(await caller(req));
    const measured = parseOr400(networkCheckFinishSchema, req.body, 'measurements');
    res.json(await networkChecks.finish(checkId(req), classroomId, measured));
  });

  /** The admin: every classroom; `?lessonId=`: that lesson's classrooms (its teacher, or the admin); a classroom's link: its own. */
  router.get('/network-checks', async (req, res) => {
    const who = await caller(req);
    const lessonId = req.query.lessonId;
    let body: NetworkChecksResponse & { classrooms?: number };
    if (lessonId !== undefined) {
      const id = parseOr400(idSchema, lessonId, 'lessonId');
      await requireLessonTeacher(who, id, stores.lessons);
      const classroomIds = await stores.networkChecks.lastingClassroomsOf(id);
      body = { checks: await stores.networkChecks.latest(classroomIds), classrooms: classroomIds.length };
    } else if (who.admin) {
      body = { checks: await stores.networkChecks.latest() };
    } else {
      body = { checks: await stores.networkChecks.latest([classroomOf(who)]) };
    }
    res.json(body);
  });

  return router;
}
