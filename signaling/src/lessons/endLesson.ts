import type { LessonEndReason } from '@classroom/shared';
import type { Lesson } from './Lesson.ts';
import { TEACHER_PUBLISHER } from './publisher.ts';
import { endAllStages } from './stage.ts';

/**
 * Ends a lesson for good, whoever asks (its teacher, the admin, the away-teacher rule): the stage
 * and every hand end, all media stops at once — also media kept for clients that lost their
 * connection, which now have nothing to come back to — and the ending is recorded with its
 * reason. The realtime layer then disconnects everyone. Does nothing to a lesson already ended.
 */
export async function endLesson(lesson: Lesson, reason: LessonEndReason): Promise<void> {
  if (lesson.phase === 'ended') return;
  await endAllStages(lesson);
  lesson.media.closeProducersOf(TEACHER_PUBLISHER);
  // Not stored: an ended lesson is never loaded again.
  for (const classroom of lesson.allClassrooms()) classroom.clearHand();
  lesson.media.closeAllParked();
  await lesson.transition('ended', reason);
}
