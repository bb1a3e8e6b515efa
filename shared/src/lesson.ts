import type { ProducerInfo } from './media.ts';
import type { Role } from './roles.ts';

/**
 * A lesson's phase. scheduled: created, the teacher has not gone live yet; live: the teacher is
 * broadcasting; off-air: the teacher stopped (may go live again); ended: over for good.
 */
export const LESSON_PHASES = ['scheduled', 'live', 'off-air', 'ended'] as const;
export type LessonPhase = (typeof LESSON_PHASES)[number];

/** The media link of a classroom's projector, as the server sees its receiving transport. */
export type MediaLinkState = 'none' | 'connecting' | 'connected' | 'unstable' | 'failed';

/** One classroom as the teacher's console and its own assistant see it. */
export interface ClassroomStatus {
  id: string;
  name: string;
  projectorOnline: boolean;
  assistantOnline: boolean;
  media: MediaLinkState;
}

/** The state a client needs after (re)connecting; events then keep it current. */
export interface LessonSnapshot {
  lesson: { id: string; title: string; phase: LessonPhase };
  you: { role: Role; classroomId: string | null; classroomName: string | null };
  teacherConnected: boolean;
  /** Media the client may consume right now. */
  producers: ProducerInfo[];
  /** The teacher sees every classroom; a projector or assistant sees only its own. */
  classrooms: ClassroomStatus[];
}

/** The lesson's mediasoup router capabilities, needed to load a mediasoup-client Device. */
export interface MediaCapabilities {
  routerRtpCapabilities: unknown;
}
