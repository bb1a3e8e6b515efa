import { ClassroomError, idSchema, type StandingLink, type TokenClaims } from '@classroom/shared';
import type { LessonStore } from '../db/LessonStore.ts';

/**
 * What a permanent link is in one lesson: the lesson's teacher (a teacher's link, for a lesson of
 * that teacher), or the projector or assistant of the lesson's entry for that lasting classroom.
 * The claims are those the lesson's own link for that seat would carry, of its current
 * generation, so every command, room and limit works as for any link. Whether the lesson still
 * admits it (ended, locked, classroom removed) is the registry's to say, as for any link.
 */
export async function standingClaims(lessons: LessonStore, link: StandingLink, lessonId: unknown): Promise<TokenClaims> {
  const id = idSchema.safeParse(lessonId);
  if (!id.success) {
    throw new ClassroomError('invalid_payload', 'a permanent link joins one of its lessons: send the lesson\'s id as auth.lessonId (GET /api/me/today lists them)');
  }
  const tokenVersion = await lessons.tokenVersion(id.data);
  if (tokenVersion === undefined) throw new ClassroomError('not_found', 'this lesson does not exist');
  if (link.kind === 'teacher') {
    if ((await lessons.teacherOf(id.data)) !== link.teacherId) throw new ClassroomError('forbidden', 'this lesson is not one of this teacher\'s');
    return { lessonId: id.data, role: 'teacher', classroomId: null, tokenVersion };
  }
  const classroom = await lessons.classroomOfLasting(id.data, link.classroomId);
  if (!classroom) throw new ClassroomError('forbidden', 'this classroom is not in that lesson');
  return { lessonId: id.data, role: link.role, classroomId: classroom.id, tokenVersion };
}
