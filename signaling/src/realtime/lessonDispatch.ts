import { lessonMediaView } from '../lessons/lessonMediaView.ts';
import { runCommand, type Dispatch, type Sender } from './bindCommands.ts';
import { isMediaCommand, type ClassroomSocket, type CommandHandlers, type LessonCommandName, type MediaCommandHandlers, type Session } from './types.ts';

/** Every command's handler: the lesson's, and the media commands'. */
export interface AllHandlers {
  lesson: CommandHandlers;
  media: MediaCommandHandlers;
}

/**
 * How a connection to a lesson run on this node has its commands run. Lesson commands run in
 * their lesson's order (Lesson.serially), one at a time; media commands, which wait on the
 * worker and write no records, run side by side, so that a join storm's transports are not
 * made one by one.
 */
export function lessonDispatch(socket: ClassroomSocket, session: Session, handlers: AllHandlers): Dispatch {
  const view = lessonMediaView(session.lesson);
  const sender = senderOf(session);
  return (name, payload) => {
    if (isMediaCommand(name)) {
      const handler = handlers.media[name] as (context: unknown, payload: unknown) => unknown;
      return runCommand(name, payload, sender, (parsed) => handler({ session, socket, lesson: view }, parsed));
    }
    // Its connection closed while it waited for its turn: nobody would hear the answer, and
    // a hand raised now by a classroom already gone would stay up.
    return runInOrder(session, handlers.lesson, name, payload, () => socket.connected);
  };
}

/**
 * Runs a lesson command in the lesson's order, if its connection is still there when its turn
 * comes (`present`): also for a connection held by an edge node (cluster/edge).
 */
export function runInOrder(session: Session, handlers: CommandHandlers, name: LessonCommandName, payload: unknown, present: () => boolean) {
  const handler = handlers[name] as (context: unknown, payload: unknown) => unknown;
  return session.lesson.serially(() => (present() ? runCommand(name, payload, senderOf(session), (parsed) => handler({ session }, parsed)) : undefined));
}

export function senderOf(session: Session): Sender {
  return { role: session.claims.role, log: session.log, ended: () => session.lesson.phase === 'ended' };
}
