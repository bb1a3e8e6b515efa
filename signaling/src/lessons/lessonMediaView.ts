import { ClassroomError, type TokenClaims } from '@classroom/shared';
import type { MediaLessonView } from '../realtime/types.ts';
import type { Lesson } from './Lesson.ts';
import { applyClassroomSwitches, mayPublishFromClassroom } from './stage.ts';

/** What the media commands ask of a lesson run on this node: the live lesson itself. */
export function lessonMediaView(lesson: Lesson): MediaLessonView {
  return {
    media: lesson.media,
    assertMayPublish: ({ claims }, produce) => {
      if (produce && lesson.phase !== 'live') throw new ClassroomError('not_live', 'go live before sending media');
      assertMayPublish(lesson, claims);
    },
    classroomProduced: async ({ claims }) => {
      const classroomId = claims.classroomId!;
      // The stage may have ended while the producer was being created: never let it through.
      if (!mayPublishFromClassroom(lesson, classroomId)) throw new ClassroomError('not_on_stage', 'your classroom is not on stage');
      await applyClassroomSwitches(lesson, lesson.classroom(classroomId));
    },
    assertMayResume: ({ claims }, label) => {
      // A switch of the assistant (or a mute by the teacher) wins over the projector page.
      const classroom = lesson.classroom(claims.classroomId!);
      const held = label === 'microphone' ? classroom.micMuted : classroom.cameraOff;
      if (held) throw new ClassroomError('forbidden', 'this was switched off by the assistant or the teacher');
    },
    receivingOf: (classroomId) => {
      const { audioOnly, videoCap } = lesson.classroom(classroomId);
      return { audioOnly, videoCap };
    },
    projectorLinkChanged: (classroomId, state) => lesson.setProjectorLink(classroomId, state),
    weakLinkChanged: (classroomId, weak) => lesson.setWeakLink(classroomId, weak),
    mediaScoreChanged: (classroomId, score) => lesson.setMediaScore(classroomId, score),
  };
}

/** The teacher publishes; a projector only while its classroom is on stage. */
export function assertMayPublish(lesson: Lesson, claims: TokenClaims): void {
  if (claims.role === 'teacher') return;
  if (claims.role === 'projector' && mayPublishFromClassroom(lesson, claims.classroomId!)) return;
  throw new ClassroomError(claims.role === 'projector' ? 'not_on_stage' : 'forbidden', claims.role === 'projector'
    ? 'your classroom may send media only on stage, invited by the teacher and accepted by its assistant'
    : 'only the teacher and a classroom on stage may send media');
}
