import { Router } from 'express';
import type { TokenService } from '../auth/tokens.ts';
import { standingDay, type TodayDeps } from '../timetable/today.ts';
import { identify } from './auth.ts';
import { HttpError } from './httpErrors.ts';

export interface MeApiDeps extends TodayDeps {
  tokens: TokenService;
  adminToken: string;
}

/**
 * `/api/me`: what a permanent link (bearer token) needs to run its day by itself: who it is, and
 * today's lessons with the ids to connect to (`auth.lessonId`). A withdrawn link is refused with
 * `link_revoked`.
 */
export function meApi(deps: MeApiDeps): Router {
  const router = Router();

  router.get('/me/today', async (req, res) => {
    const caller = await identify(req, deps.adminToken, deps.tokens);
    if (!caller.standing) throw new HttpError(403, 'forbidden', 'only a permanent link (a classroom\'s or a teacher\'s) has a day of lessons');
    res.json(await standingDay(caller.standing, deps));
  });

  return router;
}
