import { Router, type Request } from 'express';
import { questionDraftSchema, reportCsvQuery } from '@classroom/shared';
import type { TokenService } from '../auth/tokens.ts';
import type { LessonStores } from '../db/Database.ts';
import type { LessonActions } from '../lessons/LessonActions.ts';
import { buildLessonReport } from '../reports/lessonReport.ts';
import { reportCsv } from '../reports/reportCsv.ts';
import { identify, requireLessonTeacher } from './auth.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';

export interface RecordsApiDeps {
  stores: LessonStores;
  /** Done by the node that runs the lesson (cluster mode): the live lesson changes, not only its records. */
  actions: LessonActions;
  tokens: TokenService;
  adminToken: string;
}

/** `/api/lessons/:id/…`: a lesson's prepared questions and its report (JSON and CSV). */
export function recordsApi(deps: RecordsApiDeps): Router {
  const { stores, actions, tokens, adminToken } = deps;
  const router = Router();

  /** The lesson id of the request, once the caller is known to be its teacher or the admin. */
  const authorised = async (req: Request<{ id: string }>): Promise<string> => {
    const id = req.params.id;
    await requireLessonTeacher(await identify(req, adminToken, tokens), id, stores.lessons);
    if (!(await stores.lessons.lesson(id))) throw new HttpError(404, 'not_found', 'no such lesson');
    return id;
  };

  router.post('/:id/questions', async (req, res) => {
    const id = await authorised(req);
    const draft = parseOr400(questionDraftSchema, req.body, 'question');
    res.status(201).json(await actions.createQuestion(id, draft));
  });

  router.get('/:id/questions', async (req, res) => {
    res.json(await stores.quiz.questions(await authorised(req)));
  });

  router.get('/:id/report', async (req, res) => {
    res.json(await buildLessonReport(stores, await authorised(req)));
  });

  router.get('/:id/report.csv', async (req, res) => {
    const id = await authorised(req);
    const { lang } = parseOr400(reportCsvQuery, req.query, 'query');
    res.type('text/csv; charset=utf-8')
      .attachment(`lesson-${id}-report.csv`)
      .send(reportCsv((await buildLessonReport(stores, id))!, lang));
  });

  return router;
}

