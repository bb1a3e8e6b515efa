import { ClassroomError, type MediaSource, type TokenClaims } from '@classroom/shared';
import type { MediaLessonView } from '../realtime/types.ts';
import type { Lesson } from './Lesson.ts';
import { applyClassroomSwitches, mayPublishFromClassroom } from './stage.ts';
import { WALL_SOURCE } from './Wall.ts';

/** What the media commands ask of a lesson run on this node: the live lesson itself. */
export function lessonMediaView(lesson: Lesson): MediaLessonView {
  return {
    media: lesson.media,
    assertMayPublish: ({ claims }, source) => {
      if (source === WALL_SOURCE) return assertMayShowOnWall(lesson, claims);
      if (source && lesson.phase !== 'live') throw new ClassroomError('not_live', 'go live before sending media');
      // A sending transport serves the stage and the wall alike.
      if (!source && claims.role === 'projector' && lesson.wall.watched(claims.classroomId!)) return;
      assertMayPublish(lesson, claims);
    },
    classroomProduced: async ({ claims }, source) => {
      const classroomId = claims.classroomId!;
      // The teacher may have looked away (or the assistant turned the picture off) meanwhile.
      if (source === WALL_SOURCE) return assertMayShowOnWall(lesson, claims);
      // The stage may have ended while the producer was being created: never let it through.
      if (!mayPublishFromClassroom(lesson, classroomId)) throw new ClassroomError('not_on_stage', 'your classroom is not on stage');
      await applyClassroomSwitches(lesson, lesson.classroom(classroomId));
    },
    admitConsumer: ({ claims }, media, via) => {
      if (media.label === WALL_SOURCE) return lesson.wall.admit(claims.role, media, via);
    },
    assertMayResume: ({ claims }, label) => {
      if (label === WALL_SOURCE) return assertMayShowOnWall(lesson, claims);
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

/** A projector sends its class's picture only while the teacher looks at it and its assistant allows it. */
function assertMayShowOnWall(lesson: Lesson, claims: TokenClaims): void {
  if (claims.role !== 'projector') throw new ClassroomError('forbidden', "only a classroom's projector sends its picture to the wall");
  if (!lesson.wall.watched(claims.classroomId!)) throw new ClassroomError('forbidden', 'the teacher is not looking at your classroom now (or its picture is off)');
}

/** The teacher publishes; a projector only while its classroom is on stage. */
export function assertMayPublish(lesson: Lesson, claims: TokenClaims): void {
  if (claims.role === 'teacher') return;
  if (claims.role === 'projector' && mayPublishFromClassroom(lesson, claims.classroomId!)) return;
  throw new ClassroomError(claims.role === 'projector' ? 'not_on_stage' : 'forbidden', claims.role === 'projector'
    ? 'your classroom may send media only on stage, invited by the teacher and accepted by its assistant'
    : 'only the teacher and a classroom on stage may send media');
}
