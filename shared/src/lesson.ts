import type { ProducerInfo } from './media.ts';
import type { RaisedHand, StageEntry, StageState, VideoCap } from './interaction.ts';
import type { ChatMessage } from './messages.ts';
import type { QualityGrade, QualityReport } from './quality.ts';
import type { PublicQuestion, Question, QuestionResults, Submission } from './quiz.ts';
import type { RecordingState } from './recording.ts';
import type { Role } from './roles.ts';
import type { WallView } from './wall.ts';

/**
 * A lesson's phase. scheduled: created, the teacher has not gone live yet; live: the teacher is
 * broadcasting; off-air: the teacher stopped (may go live again); ended: over for good.
 */
export const LESSON_PHASES = ['scheduled', 'live', 'off-air', 'ended'] as const;
export type LessonPhase = (typeof LESSON_PHASES)[number];

/**
 * Why a lesson ended: its teacher ended it, the admin did, or it ended by itself because its
 * teacher stayed away (TEACHER_AWAY_END_MINUTES) while it was still on.
 */
export type LessonEndReason = 'teacher' | 'admin' | 'teacher_away';

/** The media link of a classroom's projector, as the server sees its receiving transport. */
export const MEDIA_LINK_STATES = ['none', 'connecting', 'connected', 'unstable', 'failed'] as const;
export type MediaLinkState = (typeof MEDIA_LINK_STATES)[number];

/** One classroom as the teacher's console and its own assistant see it. */
export interface ClassroomStatus {
  id: string;
  name: string;
  projectorOnline: boolean;
  assistantOnline: boolean;
  media: MediaLinkState;
  hand: RaisedHand | null;
  stage: StageState;
  /** Set by the assistant or the teacher; the server pauses the classroom's microphone. */
  micMuted: boolean;
  /** Set by the assistant; the server pauses the classroom's camera. */
  cameraOff: boolean;
  /** The projector receives sound only: its video consumers are paused on the server. */
  audioOnly: boolean;
  /**
   * The projector's link carries no camera layer: sound only (and its last picture) until it
   * recovers. Never set while the video is paused on purpose (`audioOnly`, the camera paused).
   */
  weakLink: boolean;
  /** Data saver set by the assistant: the best camera layer sent to this classroom. */
  videoCap: VideoCap;
  /**
   * How the teacher's wall shows this classroom now: its projector sends its picture while this
   * is not `none`, and shows the class that the teacher can see it.
   */
  wallView: WallView;
  /** Its assistant turned the class picture off (or the school's setting starts it off): never sent. */
  wallPictureOff: boolean;
  /** The latest report, graded with `mediaScore` (mediasoup's 0–10 score of the classroom's stream, null until known). */
  quality: (QualityReport & { grade: QualityGrade; at: number; mediaScore: number | null }) | null;
}

/** The state a client needs after (re)connecting; events then keep it current. */
export interface LessonSnapshot {
  lesson: { id: string; title: string; phase: LessonPhase; locked: boolean; maxOnStage: number; recording: RecordingState };
  /** The server's clock (ms since epoch) when the snapshot was taken, to show waiting times. */
  serverTime: number;
  /**
   * Cluster mode: the public URLs of the live servers, for the client to try when the one it is
   * connected to stops answering (the one it reaches sends it on to the lesson). Empty: one server.
   */
  servers: string[];
  you: { role: Role; classroomId: string | null; classroomName: string | null };
  teacherConnected: boolean;
  /** Media the client may consume right now. */
  producers: ProducerInfo[];
  /** The teacher sees every classroom; a projector or assistant sees only its own. */
  classrooms: ClassroomStatus[];
  /** Who is on stage or invited, with names: every client shows the on-stage tile. */
  stage: StageEntry[];
  /** Messages this client may read, oldest first (the last 200). */
  messages: ChatMessage[];
  quiz: {
    /** The teacher's prepared and asked questions (empty for classrooms). */
    questions: Question[];
    /** The question on the projectors now (the latest launched), if any. */
    current: PublicQuestion | null;
    /** Live for the teacher; for classrooms only once revealed (counts only). */
    results: QuestionResults | null;
    /** This classroom's recorded answer to the current question. */
    ownAnswer: Submission | null;
  };
}

/** The lesson's mediasoup router capabilities, needed to load a mediasoup-client Device. */
export interface MediaCapabilities {
  routerRtpCapabilities: unknown;
}

/**
 * `lesson:sync`'s answer: the snapshot, and for the roles that may receive media the router's
 * capabilities, so that a page loads its Device without another round trip (null: ask
 * `media:getCapabilities`, e.g. while the lesson's media server is being replaced).
 */
export interface LessonSync extends LessonSnapshot {
  media: MediaCapabilities | null;
}
