import { Router } from 'express';
import { createLessonBody, type CreatedLesson, type LessonDetail, type TokenClaims } from '@classroom/shared';
import type { TokenService } from '../auth/tokens.ts';
import type { LessonStore } from '../db/LessonStore.ts';
import { Classroom } from '../lessons/Classroom.ts';
import type { LessonRegistry } from '../lessons/LessonRegistry.ts';
import { identify } from './auth.ts';
import { HttpError } from './httpErrors.ts';

export interface LessonsApiDeps {
  store: LessonStore;
  registry: LessonRegistry;
  tokens: TokenService;
  adminToken: string;
  publicUrl: string;
}

/** `/api/lessons`: create lessons with their invitation links, and look at one. */
export function lessonsApi(deps: LessonsApiDeps): Router {
  const { store, registry, tokens, adminToken, publicUrl } = deps;
  const router = Router();
  const link = async (view: string, claims: TokenClaims) => `${publicUrl}/${view}?token=${await tokens.sign(claims)}`;

  router.post('/', async (req, res) => {
    const caller = await identify(req, adminToken, tokens);
    if (!caller.admin) throw new HttpError(403, 'forbidden', 'only the admin may create lessons');
    const parsed = createLessonBody.safeParse(req.body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
      throw new HttpError(400, 'invalid_payload', `invalid lesson: ${details[0]}`, details);
    }
    const { lesson, classrooms } = store.createLesson(parsed.data.title, parsed.data.classrooms.map((c) => c.name));
    const body: CreatedLesson = {
      id: lesson.id,
      title: lesson.title,
      teacherUrl: await link('teacher', { lessonId: lesson.id, role: 'teacher', classroomId: null }),
      classrooms: await Promise.all(classrooms.map(async (c) => ({
        id: c.id,
        name: c.name,
        projectorUrl: await link('projector', { lessonId: lesson.id, role: 'projector', classroomId: c.id }),
        assistantUrl: await link('assistant', { lessonId: lesson.id, role: 'assistant', classroomId: c.id }),
      }))),
    };
    res.status(201).location(`/api/lessons/${lesson.id}`).json(body);
  });

  router.get('/:id', async (req, res) => {
    const caller = await identify(req, adminToken, tokens);
    const id = req.params.id;
    if (!caller.admin && caller.teacherOf !== id) throw new HttpError(403, 'forbidden', 'this token is for another lesson');
    const record = store.lesson(id);
    if (!record) throw new HttpError(404, 'not_found', 'no such lesson');
    const live = registry.get(id);
    const body: LessonDetail = {
      id: record.id,
      title: record.title,
      phase: live?.phase ?? record.phase,
      createdAt: record.createdAt,
      teacherConnected: live?.teacherConnected ?? false,
      classrooms: (live?.allClassrooms() ?? store.classrooms(id).filter((c) => !c.removed).map((c) => new Classroom(c.id, c.name)))
        .map((c) => c.status()),
    };
    res.json(body);
  });

  return router;
}
