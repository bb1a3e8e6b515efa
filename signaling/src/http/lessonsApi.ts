import { Router } from 'express';
import {
  createLessonBody, listLessonsQuery, setRecordingRequest, type CreatedLesson, type EndedLesson, type LessonDetail, type LessonList,
} from '@classroom/shared';
import type { ClaimsToSign, TokenService } from '../auth/tokens.ts';
import type { LessonStore } from '../db/LessonStore.ts';
import { Classroom } from '../lessons/Classroom.ts';
import type { LessonActions } from '../lessons/LessonActions.ts';
import type { LessonRegistry } from '../lessons/LessonRegistry.ts';
import { identify, requireAdmin, requireLessonTeacher } from './auth.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';

export interface LessonsApiDeps {
  store: LessonStore;
  registry: LessonRegistry;
  actions: LessonActions;
  tokens: TokenService;
  adminToken: string;
  publicUrl: string;
}

/**
 * `/api/lessons`: create lessons with their invitation links, list them, look at one, and issue
 * its links again (links expire, and an admin who closed the page needs them back).
 */
export function lessonsApi(deps: LessonsApiDeps): Router {
  const { store, registry, actions, tokens, adminToken, publicUrl } = deps;
  const router = Router();
  const link = async (view: string, claims: ClaimsToSign) => `${publicUrl}/${view}?token=${await tokens.sign(claims)}`;
  /** The lesson's links, of its current generation (`tokenVersion`). */
  const invitations = async (
    lesson: { id: string; title: string; tokenVersion: number }, classrooms: { id: string; name: string }[],
  ): Promise<CreatedLesson> => {
    const { id: lessonId, tokenVersion } = lesson;
    return {
      id: lessonId,
      title: lesson.title,
      teacherUrl: await link('teacher', { lessonId, role: 'teacher', classroomId: null, tokenVersion }),
      classrooms: await Promise.all(classrooms.map(async (c) => ({
        id: c.id,
        name: c.name,
        projectorUrl: await link('projector', { lessonId, role: 'projector', classroomId: c.id, tokenVersion }),
        assistantUrl: await link('assistant', { lessonId, role: 'assistant', classroomId: c.id, tokenVersion }),
      }))),
    };
  };
  const existing = async (lessonId: string) => {
    const record = await store.lesson(lessonId);
    if (!record) throw new HttpError(404, 'not_found', 'no such lesson');
    return record;
  };
  const adminOnly = (req: Parameters<typeof identify>[0], what: string) => requireAdmin(req, adminToken, tokens, what);

  router.post('/', async (req, res) => {
    await adminOnly(req, 'create lessons');
    const { title, subject, classrooms } = parseOr400(createLessonBody, req.body, 'lesson');
    const created = await store.createLesson(title, classrooms.map((c) => c.name), new Date(), subject ?? null);
    res.status(201).location(`/api/lessons/${created.lesson.id}`).json(await invitations(created.lesson, created.classrooms));
  });

  router.get('/', async (req, res) => {
    await adminOnly(req, 'list lessons');
    const { limit, offset } = parseOr400(listLessonsQuery, req.query, 'query');
    const { lessons, total } = await store.listLessons(limit, offset);
    const body: LessonList = {
      lessons: lessons.map((l) => ({
        id: l.id, title: l.title, phase: registry.get(l.id)?.phase ?? l.phase, createdAt: l.createdAt, classrooms: l.classrooms,
        teacherAwaySince: l.teacherAwaySince, endedReason: l.endedReason,
      })),
      total,
    };
    res.json(body);
  });

  router.get('/:id/links', async (req, res) => {
    await adminOnly(req, 'issue lesson links');
    const record = await existing(req.params.id);
    res.json(await invitations(record, (await store.classrooms(record.id)).filter((c) => !c.removed)));
  });

  // A link that leaked (forwarded, photographed): every link of the lesson stops working, the
  // connections made with them close, and the answer carries the new links.
  router.post('/:id/links/revoke', async (req, res) => {
    await adminOnly(req, 'revoke lesson links');
    const record = await existing(req.params.id);
    const tokenVersion = await actions.revokeLinks(record.id);
    res.json(await invitations({ ...record, tokenVersion }, (await store.classrooms(record.id)).filter((c) => !c.removed)));
  });

  router.post('/:id/end', async (req, res) => {
    await adminOnly(req, 'end lessons');
    const record = await existing(req.params.id);
    const phase = (await actions.end(record.id, 'admin')) ?? record.phase;
    const body: EndedLesson = { id: record.id, phase, endedReason: (await store.lesson(record.id))?.endedReason ?? null };
    res.json(body);
  });

  // Recording on (the default) or off for this lesson: from now on, what was recorded is kept.
  router.put('/:id/recording', async (req, res) => {
    await adminOnly(req, 'switch lesson recording');
    const { recording } = parseOr400(setRecordingRequest, req.body, 'recording');
    const enabled = await actions.setRecording(req.params.id, recording);
    if (enabled === undefined) throw new HttpError(404, 'not_found', 'no such lesson');
    res.json({ id: req.params.id, recording: enabled });
  });

  router.get('/:id', async (req, res) => {
    const id = req.params.id;
    await requireLessonTeacher(await identify(req, adminToken, tokens), id, store);
    const record = await existing(id);
    const live = registry.get(id);
    const body: LessonDetail = {
      id: record.id,
      title: record.title,
      phase: live?.phase ?? record.phase,
      createdAt: record.createdAt,
      teacherConnected: live?.teacherConnected ?? false,
      classrooms: (live?.allClassrooms() ?? (await store.classrooms(id)).filter((c) => !c.removed).map((c) => new Classroom(c.id, c.name)))
        .map((c) => c.status()),
    };
    res.json(body);
  });

  return router;
}
