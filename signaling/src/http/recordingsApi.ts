import { Router } from 'express';
import { HttpError } from './httpErrors.ts';

/**
 * `/api/recordings`: the replay library (issue #18). Stub: the routes answer 501 until the
 * library behind them lands (same branch).
 */
export function recordingsApi(): Router {
  const router = Router();
  const notYet = (): never => { throw new HttpError(501, 'not_implemented', 'the replay library is not ready yet'); };
  router.get('/settings', notYet);
  router.put('/settings', notYet);
  router.get('/', notYet);
  router.get('/:lessonId', notYet);
  router.get('/:lessonId/files/:file', notYet);
  router.delete('/:lessonId', notYet);
  return router;
}
