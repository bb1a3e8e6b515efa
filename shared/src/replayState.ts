// No zod here: the replay pages import the namespace's name and the state's shape at run time.
import type { Answer, PublicQuestion } from './quiz.ts';

/**
 * Replay on a projector (issue #18): a classroom takes a recorded lesson later. The server holds
 * one replay per classroom and shares it over the `/replay` Socket.IO namespace with that
 * classroom's projector and assistant, so either may drive it (the projector's remote, the
 * assistant's phone) and both show the same moment. Types here; the browser imports no schema.
 */

/** The Socket.IO namespace of replays (a classroom's permanent or lesson link, no lesson joined). */
export const REPLAY_NAMESPACE = '/replay';

/**
 * playing/paused: the recording runs or stands at `positionMs`; question: stopped at a question's
 * launch, waiting for the class's answer; revealed: the correct answer and the class's are shown;
 * ended: played to its end.
 */
export const REPLAY_STATUSES = ['playing', 'paused', 'question', 'revealed', 'ended'] as const;
export type ReplayStatus = (typeof REPLAY_STATUSES)[number];

/** A classroom's replay as its projector and assistant see it. */
export interface ReplayState {
  replayId: string;
  lessonId: string;
  title: string;
  status: ReplayStatus;
  /** Where the recording stands (its clock, ms) at `serverTime`; while playing it runs on from there. */
  positionMs: number;
  /** The server's clock (ms since 1970) when `positionMs` was true. */
  serverTime: number;
  durationMs: number;
  /** The question on screen (question, revealed): `correct` only once revealed. */
  question: PublicQuestion | null;
  /** The class's answer to it, once given. */
  answer: Answer | null;
  /** The questions' launch times (ms on the recording's clock), for the seek bar's marks. */
  questionTimes: { questionId: string; atMs: number }[];
}

export interface ReplayServerToClientEvents {
  /** The classroom's replay changed (null: closed). */
  'replay:changed': (event: { replay: ReplayState | null }) => void;
}
