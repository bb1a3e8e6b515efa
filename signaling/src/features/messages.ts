import { ClassroomError, type ChatMessage } from '@classroom/shared';
import type { CommandHandlers } from '../realtime/types.ts';

type MessageCommands = Pick<CommandHandlers, 'message:send'>;

/** Short messages between the teacher and the classrooms' assistants, stored with the lesson. */
export function messageCommands(): MessageCommands {
  return {
    'message:send': ({ session }, request) => {
      const { claims, lesson } = session;
      let from: ChatMessage['from'];
      if (claims.role === 'teacher') {
        if (request.to.kind === 'teacher') throw new ClassroomError('invalid_payload', 'to: the teacher writes to all or to one classroom');
        if (request.to.kind === 'classroom') lesson.classroom(request.to.classroomId); // must exist
        from = { role: 'teacher' };
      } else {
        if (request.to.kind !== 'teacher') throw new ClassroomError('forbidden', 'an assistant writes to the teacher only');
        const classroom = lesson.classroom(claims.classroomId!);
        from = { role: 'assistant', classroomId: classroom.id, classroomName: classroom.name };
      }
      return lesson.post({
        from,
        to: request.to,
        text: 'text' in request ? request.text : null,
        quick: 'quick' in request ? request.quick : null,
      });
    },
  };
}
