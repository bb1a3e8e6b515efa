import { ClassroomError, type ClassroomStatus } from '@classroom/shared';
import type { Classroom } from './Classroom.ts';
import type { Lesson } from './Lesson.ts';
import { classroomPublisher } from './publisher.ts';

/** The teacher's simulcast layers, from 0 (≈150 kbit/s) to 2 (≈1.2 Mbit/s). */
export const VIDEO_CAP_LAYER = { low: 0, medium: 1, high: 2 } as const;

// The stage: a classroom invited by the teacher and accepted by its assistant may publish its
// projector's camera and microphone; the server closes that media the moment it leaves.

export function inviteToStage(lesson: Lesson, classroom: Classroom): ClassroomStatus {
  if (lesson.phase !== 'live') throw new ClassroomError('not_live', 'go live before inviting a classroom on stage');
  if (classroom.stage !== 'none') throw new ClassroomError('conflict', `${classroom.name} is already ${classroom.stage === 'invited' ? 'invited' : 'on stage'}`);
  const taken = lesson.allClassrooms().filter((c) => c.stage !== 'none').length;
  if (taken >= lesson.rules.maxOnStage) {
    throw new ClassroomError('limit_reached', `at most ${lesson.rules.maxOnStage} classroom(s) on stage: end the current stage first`);
  }
  classroom.stage = 'invited';
  lesson.log.info({ classroomId: classroom.id }, 'classroom invited on stage');
  return lesson.changed(classroom, true);
}

export function respondToStage(lesson: Lesson, classroom: Classroom, accept: boolean): ClassroomStatus {
  if (classroom.stage !== 'invited') throw new ClassroomError('conflict', 'there is no stage invitation to answer');
  if (accept) {
    classroom.stage = 'on-stage';
    classroom.clearHand(); // the question is being asked: it leaves the queue
  } else {
    classroom.leaveStage();
  }
  lesson.log.info({ classroomId: classroom.id, accept }, 'stage invitation answered');
  return lesson.changed(classroom, true);
}

export function endStage(lesson: Lesson, classroom: Classroom): ClassroomStatus {
  if (classroom.stage === 'none') return classroom.status();
  classroom.leaveStage();
  const closed = lesson.media.closeProducersOf(classroomPublisher(classroom.id));
  lesson.log.info({ classroomId: classroom.id, closedProducers: closed }, 'stage ended');
  return lesson.changed(classroom, true);
}

export function endAllStages(lesson: Lesson): void {
  for (const classroom of lesson.allClassrooms()) endStage(lesson, classroom);
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
