import type { Ack, LessonSync, TransportOptions } from '@classroom/shared';
import type { Dispatch } from './bindCommands.ts';
import type { ClassroomSocket } from './types.ts';

/**
 * A projector's first answers, pushed (`session:firstAnswers`) when its handshake asks for them
 * (`auth.firstAnswers: true`, sent by the page's early socket): its receiving transport and the
 * lesson's sync, run through the connection's own dispatch exactly as if it had asked. On a
 * school link the page would otherwise ask only once socket.io's connect is answered: ~150 ms
 * more before the first frame. The sync is sent the moment it is made, as its answer would be,
 * so that what the server says after it follows it.
 */
export function pushFirstAnswers(socket: ClassroomSocket, dispatch: Dispatch): void {
  if ((socket.handshake.auth as { firstAnswers?: unknown } | undefined)?.firstAnswers !== true) return;
  void (async () => {
    const recvTransport = await dispatch('media:createTransport', { direction: 'recv' });
    const sync = await dispatch('lesson:sync', {});
    // Undefined: the connection closed meanwhile, nobody to tell.
    if (!recvTransport || !sync || !socket.connected) return;
    // (dispatch answers any command, untyped: these are those two commands' answers)
    socket.emit('session:firstAnswers', { recvTransport: recvTransport as Ack<TransportOptions>, sync: sync as Ack<LessonSync> });
  })();
}
