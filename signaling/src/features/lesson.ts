import type { CommandHandlers } from '../realtime/types.ts';
import { TEACHER_PUBLISHER } from '../lessons/publisher.ts';

type LessonCommands = Pick<CommandHandlers, 'lesson:sync' | 'lesson:goLive' | 'lesson:stopLive'>;

/** Joining a lesson's state and the teacher's broadcast on/off switch. */
export function lessonCommands(): LessonCommands {
  return {
    'lesson:sync': ({ session }) => session.lesson.snapshot(session.claims),

    'lesson:goLive': ({ session }) => {
      session.lesson.transition('live');
      return { phase: session.lesson.phase };
    },

    // The server closes the teacher's producers itself: "off air" holds even if the teacher's
    // page keeps sending.
    'lesson:stopLive': ({ session }) => {
      const { lesson } = session;
      lesson.media.closeProducersOf(TEACHER_PUBLISHER);
      lesson.transition(lesson.phase === 'scheduled' ? 'scheduled' : 'off-air');
      return { phase: lesson.phase };
    },
  };
}
