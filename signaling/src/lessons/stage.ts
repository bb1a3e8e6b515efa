import { ClassroomError, type ClassroomStatus } from '@classroom/shared';
import type { Classroom } from './Classroom.ts';
import type { Lesson } from './Lesson.ts';
import { classroomPublisher } from './publisher.ts';

/** The teacher's simulcast layers, from 0 (≈150 kbit/s) to 2 (≈1.2 Mbit/s). */
export const VIDEO_CAP_LAYER = { low: 0, medium: 1, high: 2 } as const;

// The stage: a classroom invited by the teacher and accepted by its assistant may publish its
// projector's camera and microphone; the server closes that media the moment it leaves. Its place
// on stage is kept in the records (Lesson.keep), so it outlives the server running the lesson.

/** Leaving the stage resets what the assistant switched for it. */
const OFF_STAGE = { stage: 'none', micMuted: false, cameraOff: false } as const;

export async function inviteToStage(lesson: Lesson, classroom: Classroom): Promise<ClassroomStatus> {
  if (lesson.phase !== 'live') throw new ClassroomError('not_live', 'go live before inviting a classroom on stage');
  if (classroom.stage !== 'none') throw new ClassroomError('conflict', `${classroom.name} is already ${classroom.stage === 'invited' ? 'invited' : 'on stage'}`);
  const taken = lesson.allClassrooms().filter((c) => c.stage !== 'none').length;
  if (taken >= lesson.rules.maxOnStage) {
    throw new ClassroomError('limit_reached', `at most ${lesson.rules.maxOnStage} classroom(s) on stage: end the current stage first`);
  }
  await lesson.keep(classroom, { stage: 'invited' });
  lesson.log.info({ classroomId: classroom.id }, 'classroom invited on stage');
  return lesson.changed(classroom, true);
}

export async function respondToStage(lesson: Lesson, classroom: Classroom, accept: boolean): Promise<ClassroomStatus> {
  if (classroom.stage !== 'invited') throw new ClassroomError('conflict', 'there is no stage invitation to answer');
  // Accepted: the question is being asked, so the hand leaves the queue.
  await lesson.keep(classroom, accept ? { stage: 'on-stage', handRaisedAt: null } : OFF_STAGE);
  lesson.log.info({ classroomId: classroom.id, accept }, 'stage invitation answered');
  return lesson.changed(classroom, true);
}

export async function endStage(lesson: Lesson, classroom: Classroom): Promise<ClassroomStatus> {
  if (classroom.stage === 'none') return classroom.status();
  await lesson.keep(classroom, OFF_STAGE);
  // Its picture for the teacher's wall is not the stage's: it stays while the teacher looks.
  const closed = lesson.media.closeProducersOf(classroomPublisher(classroom.id), ['camera', 'microphone']);
  lesson.log.info({ classroomId: classroom.id, closedProducers: closed }, 'stage ended');
  return lesson.changed(classroom, true);
}

export async function endAllStages(lesson: Lesson): Promise<void> {
  for (const classroom of lesson.allClassrooms()) await endStage(lesson, classroom);
}

/** Whether the classroom's projector may publish now: invited and accepted, nothing less. */
export function mayPublishFromClassroom(lesson: Lesson, classroomId: string): boolean {
  return lesson.phase === 'live' && lesson.classroomName(classroomId) !== undefined && lesson.classroom(classroomId).stage === 'on-stage';
}

/** Applies the assistant's (or teacher's) switches to the classroom's media in the worker. */
export async function applyClassroomSwitches(lesson: Lesson, classroom: Classroom): Promise<void> {
  const publisher = classroomPublisher(classroom.id);
  await lesson.media.setPausedOf(publisher, 'microphone', classroom.micMuted);
  await lesson.media.setPausedOf(publisher, 'camera', classroom.cameraOff);
  for (const peer of lesson.media.peersOf(publisher)) {
    if (peer.videoHeld !== classroom.audioOnly) await peer.holdVideo(classroom.audioOnly);
    await peer.capVideo(VIDEO_CAP_LAYER[classroom.videoCap]);
  }
}
