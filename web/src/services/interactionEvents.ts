import type { ErrorCode } from '@classroom/shared';
import { addMessage, forgetClassroom, setLocked, setRecording, setStage, classroomStore } from '../store/index.ts';
import type { ClassroomSocket } from './socket.ts';

/**
 * Keeps the store current with the interaction broadcasts (hands, mute and audio-only ride on
 * classroom:updated, wired with the lesson). `endSession` stops the page for good.
 */
export function wireInteractionEvents(s: ClassroomSocket, endSession: (reason: ErrorCode) => void): void {
  s.on('classroom:removed', ({ classroomId }) => {
    // The server disconnects a removed classroom right after: stop before it does, so that
    // the page does not try to reconnect.
    if (classroomStore.getState().you?.classroomId === classroomId) endSession('classroom_removed');
    else forgetClassroom(classroomId);
  });
  s.on('lesson:lockChanged', ({ locked }) => setLocked(locked));
  s.on('lesson:recordingChanged', (recording) => setRecording(recording));
  s.on('stage:updated', ({ stage }) => setStage(stage));
  s.on('message:received', (message) => addMessage(message));
}
