import { installDebugHooks } from './debug.ts';
import { runLinkDay } from './linkDay.ts';

/**
 * Longer than the session's own grace after an end (END_GRACE_MS, 2 s): the teacher's lesson:end
 * is answered after the end is broadcast.
 */
const LEAVE_AFTER_END_MS = 2_500;

/**
 * A teacher on their permanent link is in the lesson at hand — the one on air, else the current
 * or the next one of the day — as soon as its id is known: its classrooms and who is there show
 * long before it starts, and going live is one press. Back to the day when it ends. Once per page.
 */
export function runTeacherDay(token: string): void {
  installDebugHooks('send');
  runLinkDay(token, { role: 'teacher', joinBeforeMs: Number.POSITIVE_INFINITY, leaveAfterEndMs: LEAVE_AFTER_END_MS });
}
