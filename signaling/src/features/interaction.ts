import { ClassroomError } from '@classroom/shared';
import type { ClassroomState } from '../db/ClassroomStateStore.ts';
import type { Classroom } from '../lessons/Classroom.ts';
import { applyClassroomSwitches, endStage, inviteToStage, respondToStage } from '../lessons/stage.ts';
import type { CommandContext, CommandHandlers } from '../realtime/types.ts';

type InteractionCommands = Pick<CommandHandlers,
  | 'hand:raise' | 'hand:lower' | 'hand:lowerAll' | 'stage:invite' | 'stage:respond' | 'stage:end'
  | 'classroom:setMic' | 'classroom:setCamera' | 'classroom:setAudioOnly' | 'classroom:setVideoCap'>;

/** Hands, stage and the switches of a classroom: the teacher acts on any, an assistant on its own. */
export function interactionCommands(): InteractionCommands {
  return {
    // Hands are kept in the records before the answer (Lesson.keep): an acknowledged hand is
    // still up, in its place, on the server that runs the lesson after this one.
    'hand:raise': async (context) => {
      const { lesson } = context.session;
      const classroom = target(context);
      if (classroom.hand) return classroom.status();
      await lesson.keep(classroom, { handRaisedAt: Date.now() });
      lesson.log.info({ classroomId: classroom.id }, 'hand raised');
      return lesson.changed(classroom);
    },

    'hand:lower': async (context, { classroomId }) => {
      const classroom = target(context, classroomId);
      if (!classroom.hand) return classroom.status();
      await context.session.lesson.keep(classroom, { handRaisedAt: null });
      return context.session.lesson.changed(classroom);
    },

    'hand:lowerAll': async ({ session: { lesson } }) => {
      let lowered = 0;
      for (const classroom of lesson.allClassrooms()) {
        if (!classroom.hand) continue;
        await lesson.keep(classroom, { handRaisedAt: null });
        lesson.changed(classroom);
        lowered += 1;
      }
      return { lowered };
    },

    'stage:invite': (context, { classroomId }) => inviteToStage(context.session.lesson, target(context, classroomId)),

    'stage:respond': (context, { accept }) => respondToStage(context.session.lesson, target(context), accept),

    'stage:end': (context, { classroomId }) => endStage(context.session.lesson, target(context, classroomId)),

    'classroom:setMic': async (context, { classroomId, muted }) => {
      if (context.session.claims.role === 'teacher' && !muted) {
        throw new ClassroomError('forbidden', "only the classroom's assistant can turn its microphone back on");
      }
      return switchClassroom(context, target(context, classroomId), { micMuted: muted });
    },

    'classroom:setCamera': (context, { classroomId, off }) =>
      switchClassroom(context, target(context, classroomId), { cameraOff: off }),

    'classroom:setAudioOnly': (context, { classroomId, audioOnly }) =>
      switchClassroom(context, target(context, classroomId), { audioOnly }),

    'classroom:setVideoCap': (context, { classroomId, cap }) =>
      switchClassroom(context, target(context, classroomId), { videoCap: cap }),
  };
}

/**
 * The classroom a command acts on. The teacher must name it; a projector or assistant acts on
 * its own classroom only (naming it is allowed, naming another is refused).
 */
export function target({ session }: CommandContext, classroomId?: string): Classroom {
  const { claims, lesson } = session;
  if (claims.role === 'teacher') {
    if (!classroomId) throw new ClassroomError('invalid_payload', 'classroomId: required for the teacher');
    return lesson.classroom(classroomId);
  }
  if (classroomId !== undefined && classroomId !== claims.classroomId) {
    throw new ClassroomError('forbidden', 'you can act only on your own classroom');
  }
  return lesson.classroom(claims.classroomId!);
}

/** The switches are kept in the records too: a server taking the lesson over applies them to the media made there. */
async function switchClassroom(context: CommandContext, classroom: Classroom, change: Partial<ClassroomState>) {
  const { lesson } = context.session;
  await lesson.keep(classroom, change);
  await applyClassroomSwitches(lesson, classroom);
  context.session.log.info({ classroomId: classroom.id, micMuted: classroom.micMuted, cameraOff: classroom.cameraOff, audioOnly: classroom.audioOnly, videoCap: classroom.videoCap }, 'classroom switches changed');
  return lesson.changed(classroom);
}
