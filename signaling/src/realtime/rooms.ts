import type { StandingLink } from '@classroom/shared';

// Socket.IO rooms of a lesson: everyone, the teacher's connections, one classroom's connections,
// and the assistants (all of the lesson's, one classroom's): messages go to people, never to
// projectors, which show none.
export const rooms = {
  lesson: (lessonId: string) => `lesson:${lessonId}`,
  teacher: (lessonId: string) => `lesson:${lessonId}:teacher`,
  classroom: (lessonId: string, classroomId: string) => `lesson:${lessonId}:classroom:${classroomId}`,
  assistants: (lessonId: string) => `lesson:${lessonId}:assistants`,
  classroomAssistants: (lessonId: string, classroomId: string) => `lesson:${lessonId}:classroom:${classroomId}:assistants`,
  /** Every connection made with one permanent link, whatever its lesson: withdrawing the link closes them. */
  standing: (link: StandingLink) => (link.kind === 'teacher' ? `standing:teacher:${link.teacherId}` : `standing:classroom:${link.classroomId}:${link.role}`),
};

/** The rooms a connection of these claims belongs to: derived from its link, nothing else. */
export function roomsOf(claims: { lessonId: string; role: string; classroomId: string | null }): string[] {
  const { lessonId, classroomId } = claims;
  if (claims.role === 'teacher' || classroomId === null) return [rooms.lesson(lessonId), rooms.teacher(lessonId)];
  const own = [rooms.lesson(lessonId), rooms.classroom(lessonId, classroomId)];
  return claims.role === 'assistant' ? [...own, rooms.assistants(lessonId), rooms.classroomAssistants(lessonId, classroomId)] : own;
}
