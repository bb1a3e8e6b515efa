import { commands } from '@classroom/shared';
import type { CommandHandlers } from '../realtime/types.ts';
import { TEACHER_PUBLISHER } from '../lessons/publisher.ts';
import { endAllStages } from '../lessons/stage.ts';
import { endLesson } from '../lessons/endLesson.ts';

type LessonCommands = Pick<CommandHandlers,
  'lesson:sync' | 'lesson:goLive' | 'lesson:stopLive' | 'lesson:setLocked' | 'lesson:setRecording' | 'lesson:end' | 'classroom:remove'>;

/**
 * Joining a lesson's state and the teacher's control of the lesson as a whole. `servers`: the
 * live servers' public URLs (cluster mode; none for one server), handed out with the snapshot.
 */
export function lessonCommands(servers: () => string[]): LessonCommands {
  return {
    'lesson:sync': async ({ session }) => {
      const { claims, lesson } = session;
      // Whoever may ask for the router's capabilities gets them now: one round trip less before
      // a projector's first frame. Media trouble must not keep the lesson's state from the page.
      const capabilities = commands['media:getCapabilities'].roles.some((role) => role === claims.role)
        ? lesson.media.rtpCapabilities().then((routerRtpCapabilities) => ({ routerRtpCapabilities }), (error: unknown) => {
          session.log.warn({ err: error }, 'no media capabilities for the sync: the page will ask');
          return null;
        })
        : null;
      const [snapshot, media] = await Promise.all([lesson.snapshot(claims), capabilities]);
      return { ...snapshot, media, servers: servers() };
    },

    'lesson:goLive': async ({ session }) => {
      await session.lesson.transition('live');
      return { phase: session.lesson.phase };
    },

    // The server closes the teacher's producers (and the stage) itself: "off air" holds even if
    // the teacher's page keeps sending.
    'lesson:stopLive': async ({ session }) => {
      const { lesson } = session;
      await endAllStages(lesson);
      lesson.media.closeProducersOf(TEACHER_PUBLISHER);
      await lesson.transition(lesson.phase === 'scheduled' ? 'scheduled' : 'off-air');
      return { phase: lesson.phase };
    },

    'lesson:setLocked': async ({ session }, { locked }) => {
      await session.lesson.setLocked(locked);
      return { locked: session.lesson.locked };
    },

    // Off: nothing of this lesson is recorded from now on (what was is kept); on: from now.
    'lesson:setRecording': async ({ session }, { recording }) => {
      await session.lesson.setRecording(recording);
      return session.lesson.recording;
    },

    // Over for good: all media stops; the realtime layer then disconnects everyone.
    'lesson:end': async ({ session }) => {
      await endLesson(session.lesson, 'teacher');
      return { phase: session.lesson.phase };
    },

    'classroom:remove': async ({ session }, { classroomId }) => {
      await session.lesson.removeClassroom(classroomId);
      return { classroomId };
    },
  };
}
