import type { ErrorCode, LessonPhase } from '@classroom/shared';
import type { ConnectionStatus, FatalReason } from '../../store/view.ts';

/** What the projector shows: the teacher, or one big status line instead. */
export type ProjectorStatus =
  | 'playing'
  | 'connecting'
  | 'reconnecting'
  | 'restarting'
  | 'locked'
  | 'waiting'
  | 'teacher-reconnecting'
  | 'camera-off'
  | 'audio-only'
  | 'weak-link'
  | 'ended'
  | 'removed'
  | 'fatal';

export interface ProjectorInputs {
  connection: ConnectionStatus;
  fatal: FatalReason | null;
  refusal: ErrorCode | null;
  synced: boolean;
  serverRestarting: boolean;
  phase: LessonPhase | null;
  teacherConnected: boolean;
  hasCamera: boolean;
  hasScreen: boolean;
  cameraPaused: boolean;
  /** The assistant switched this projector to sound only: the server paused its video. */
  audioOnly: boolean;
  /** The link carries no picture any more: the server paused video until it recovers. */
  weakLink: boolean;
}

/** Pure, so that the order of precedence is easy to read and to test. */
export function projectorStatus(s: ProjectorInputs): ProjectorStatus {
  if (s.fatal === 'lesson_ended' || s.phase === 'ended') return 'ended';
  if (s.fatal === 'classroom_removed') return 'removed';
  if (s.fatal) return 'fatal';
  if (s.connection !== 'connected') {
    if (s.serverRestarting) return 'restarting';
    if (s.refusal === 'lesson_locked') return 'locked';
    return s.connection === 'reconnecting' ? 'reconnecting' : 'connecting';
  }
  if (!s.synced) return 'connecting';
  if (s.phase !== 'live') return 'waiting';
  if (!s.teacherConnected) return 'teacher-reconnecting';
  // Paused video would show its last frame forever: say why instead, the sound keeps playing.
  if (s.audioOnly) return 'audio-only';
  // The last picture stays on screen under a label: the class still sees the slide or the teacher.
  if (s.weakLink) return 'weak-link';
  if (s.hasScreen) return 'playing';
  if (!s.hasCamera) return s.cameraPaused ? 'camera-off' : 'waiting';
  return s.cameraPaused ? 'camera-off' : 'playing';
}
