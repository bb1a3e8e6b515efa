import type { ClassroomStatus, LessonPhase } from '@classroom/shared';

/** What the classroom's projector is showing, as far as the assistant's phone can tell. */
export type ProjectorShows = 'offline' | 'waiting' | 'teacher-live' | 'audio-only' | 'weak-link' | 'on-stage';

/** Pure, in order of precedence: an offline projector shows nothing, whatever else is true. */
export function projectorShows(classroom: ClassroomStatus | null, phase: LessonPhase | null, teacherConnected: boolean): ProjectorShows {
  if (!classroom?.projectorOnline) return 'offline';
  if (classroom.stage === 'on-stage') return 'on-stage';
  if (phase !== 'live' || !teacherConnected) return 'waiting';
  if (classroom.audioOnly) return 'audio-only';
  return classroom.weakLink ? 'weak-link' : 'teacher-live';
}
