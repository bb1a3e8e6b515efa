import type { MessageTarget, QuickMessage, VideoCap } from '@classroom/shared';
import { addMessage, forgetClassroom, setLocked, setPhase, setRecording, upsertClassroom, classroomStore } from '../store/index.ts';
import { attempt, type ExplainCode } from './actionErrors.ts';
import { request } from './socket.ts';

// Commands of the classroom interaction, for every view. Each reports its own failure on the
// page and resolves true when it worked. Answers are applied at once: the broadcast that
// follows carries the same state, and the person who clicked sees the result without waiting.

/** The teacher names a classroom; an assistant or projector leaves it out to mean its own. */
function target(classroomId: string | undefined): { classroomId?: string } {
  return classroomId ? { classroomId } : {};
}

export function raiseHand(): Promise<boolean> {
  return attempt(async () => upsertClassroom(await request('hand:raise', {})));
}

export function lowerHand(classroomId?: string): Promise<boolean> {
  return attempt(async () => upsertClassroom(await request('hand:lower', target(classroomId))));
}

export function lowerAllHands(): Promise<boolean> {
  return attempt(async () => {
    await request('hand:lowerAll', {});
  });
}

export function inviteToStage(classroomId: string): Promise<boolean> {
  return attempt(
    async () => upsertClassroom(await request('stage:invite', { classroomId })),
    (code, i18next) => (code === 'limit_reached'
      ? i18next.t('stage.full', { count: classroomStore.getState().lesson?.maxOnStage ?? 1 })
      : null),
  );
}

export function respondToStage(accept: boolean): Promise<boolean> {
  return attempt(async () => upsertClassroom(await request('stage:respond', { accept })));
}

export function endStage(classroomId?: string): Promise<boolean> {
  return attempt(async () => upsertClassroom(await request('stage:end', target(classroomId))));
}

/** The teacher may only mute a classroom; its assistant may mute and unmute. */
export function setClassroomMic(muted: boolean, classroomId?: string): Promise<boolean> {
  return attempt(async () => upsertClassroom(await request('classroom:setMic', { ...target(classroomId), muted })));
}

export function setClassroomCamera(off: boolean): Promise<boolean> {
  return attempt(async () => upsertClassroom(await request('classroom:setCamera', { off })));
}

export function setAudioOnly(audioOnly: boolean): Promise<boolean> {
  return attempt(async () => upsertClassroom(await request('classroom:setAudioOnly', { audioOnly })));
}

/** The class's picture for the teacher's wall: off by the assistant wins over the teacher. */
export function setWallPictureOff(off: boolean): Promise<boolean> {
  return attempt(async () => upsertClassroom(await request('classroom:setWallPicture', { off })));
}

/** Data saver: the best camera layer the classroom's projector receives. */
export function setVideoCap(cap: VideoCap): Promise<boolean> {
  return attempt(async () => upsertClassroom(await request('classroom:setVideoCap', { cap })));
}

export function removeClassroom(classroomId: string): Promise<boolean> {
  return attempt(async () => forgetClassroom((await request('classroom:remove', { classroomId })).classroomId));
}

export function setLessonLocked(locked: boolean): Promise<boolean> {
  return attempt(async () => setLocked((await request('lesson:setLocked', { locked })).locked));
}

/** Off: nothing more of this lesson is recorded (what was, is kept); on: from now on. */
export function setLessonRecording(enabled: boolean): Promise<boolean> {
  return attempt(async () => setRecording(await request('lesson:setRecording', { recording: enabled })));
}

/** The server then tells everyone the lesson ended and closes every connection. */
export function endLesson(): Promise<boolean> {
  return attempt(async () => setPhase((await request('lesson:end', {})).phase));
}

const explainMessageLimit: ExplainCode = (code, i18next) => (code === 'limit_reached' ? i18next.t('messages.full') : null);

export function sendText(to: MessageTarget, text: string): Promise<boolean> {
  return attempt(async () => addMessage(await request('message:send', { to, text })), explainMessageLimit);
}

export function sendQuick(quick: QuickMessage): Promise<boolean> {
  return attempt(async () => addMessage(await request('message:send', { to: { kind: 'teacher' }, quick })), explainMessageLimit);
}
