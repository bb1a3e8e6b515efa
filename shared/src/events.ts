import { z } from 'zod';
import type { Ack, AckCallback } from './ack.ts';
import type { ClassroomStatus, LessonPhase, LessonSync, MediaCapabilities } from './lesson.ts';
import {
  connectTransportRequest, consumeRequest, consumerRequest, createPlainTransportRequest, createTransportRequest, produceRequest,
  producerRequest, restartIceRequest, resumeMediaRequest,
  type ConsumerOptions, type PlainTransportOptions, type ProducerInfo, type RTCIceServerLike, type TransportOptions,
} from './media.ts';
import {
  lowerHandRequest, removeClassroomRequest, setAudioOnlyRequest, setVideoCapRequest, setCameraRequest, setLockedRequest, setMicRequest,
  stageEndRequest, stageInviteRequest, stageRespondRequest, type StageEntry,
} from './interaction.ts';
import { sendMessageRequest, type ChatMessage } from './messages.ts';
import { qualityReportSchema } from './quality.ts';
import {
  createQuestionRequest, questionIdRequest, reorderQuestionsRequest, submitAnswerRequest, updateQuestionRequest,
  type PublicQuestion, type Question, type QuestionResults, type Submission,
} from './quiz.ts';
import { setRecordingRequest, type RecordingState } from './recording.ts';
import type { Role } from './roles.ts';
import { setWallPictureRequest, wallStillRequest, wallViewRequest, type WallStill } from './wall.ts';

const emptyRequest = z.strictObject({});

/**
 * Every command a client may send: its payload schema and which roles may send it. The server
 * parses with the schema, checks the role, then runs the handler; the web client takes its
 * types from here too.
 */
export const commands = {
  'lesson:sync': { request: emptyRequest, roles: ['teacher', 'projector', 'assistant'] },
  'lesson:goLive': { request: emptyRequest, roles: ['teacher'] },
  'lesson:stopLive': { request: emptyRequest, roles: ['teacher'] },
  'lesson:setLocked': { request: setLockedRequest, roles: ['teacher'] },
  'lesson:end': { request: emptyRequest, roles: ['teacher'] },
  'lesson:setRecording': { request: setRecordingRequest, roles: ['teacher'] },
  'hand:raise': { request: emptyRequest, roles: ['projector', 'assistant'] },
  'hand:lower': { request: lowerHandRequest, roles: ['teacher', 'projector', 'assistant'] },
  'hand:lowerAll': { request: emptyRequest, roles: ['teacher'] },
  'stage:invite': { request: stageInviteRequest, roles: ['teacher'] },
  'stage:respond': { request: stageRespondRequest, roles: ['assistant'] },
  'stage:end': { request: stageEndRequest, roles: ['teacher', 'assistant'] },
  'classroom:setMic': { request: setMicRequest, roles: ['teacher', 'assistant'] },
  'classroom:setCamera': { request: setCameraRequest, roles: ['assistant'] },
  'classroom:setAudioOnly': { request: setAudioOnlyRequest, roles: ['assistant'] },
  'classroom:setVideoCap': { request: setVideoCapRequest, roles: ['assistant'] },
  'classroom:remove': { request: removeClassroomRequest, roles: ['teacher'] },
  'message:send': { request: sendMessageRequest, roles: ['teacher', 'assistant'] },
  'quiz:create': { request: createQuestionRequest, roles: ['teacher'] },
  'quiz:update': { request: updateQuestionRequest, roles: ['teacher'] },
  'quiz:delete': { request: questionIdRequest, roles: ['teacher'] },
  'quiz:reorder': { request: reorderQuestionsRequest, roles: ['teacher'] },
  'quiz:launch': { request: questionIdRequest, roles: ['teacher'] },
  'quiz:close': { request: questionIdRequest, roles: ['teacher'] },
  'quiz:reveal': { request: questionIdRequest, roles: ['teacher'] },
  'quiz:results': { request: questionIdRequest, roles: ['teacher'] },
  'quiz:submit': { request: submitAnswerRequest, roles: ['assistant'] },
  'quality:report': { request: qualityReportSchema, roles: ['projector'] },
  'wall:view': { request: wallViewRequest, roles: ['teacher'] },
  'wall:postStill': { request: wallStillRequest, roles: ['projector'] },
  'classroom:setWallPicture': { request: setWallPictureRequest, roles: ['assistant'] },
  'media:getCapabilities': { request: emptyRequest, roles: ['teacher', 'projector'] },
  'media:createTransport': { request: createTransportRequest, roles: ['teacher', 'projector'] },
  'media:createPlainTransport': { request: createPlainTransportRequest, roles: ['teacher', 'projector'] },
  'media:connectTransport': { request: connectTransportRequest, roles: ['teacher', 'projector'] },
  'media:restartIce': { request: restartIceRequest, roles: ['teacher', 'projector'] },
  // A projector publishes only while its classroom is on stage: the handler checks that.
  'media:produce': { request: produceRequest, roles: ['teacher', 'projector'] },
  'media:closeProducer': { request: producerRequest, roles: ['teacher', 'projector'] },
  'media:pauseProducer': { request: producerRequest, roles: ['teacher', 'projector'] },
  'media:resumeProducer': { request: producerRequest, roles: ['teacher', 'projector'] },
  'media:consume': { request: consumeRequest, roles: ['teacher', 'projector'] },
  'media:resumeConsumer': { request: consumerRequest, roles: ['teacher', 'projector'] },
  'media:resume': { request: resumeMediaRequest, roles: ['teacher', 'projector'] },
} as const satisfies Record<string, { request: z.ZodType; roles: readonly Role[] }>;

export type CommandName = keyof typeof commands;
/** What a client sends (defaults may be left out)… */
export type CommandRequest<K extends CommandName> = z.input<(typeof commands)[K]['request']>;
/** …and what the server's handler receives once the schema has parsed it. */
export type CommandPayload<K extends CommandName> = z.output<(typeof commands)[K]['request']>;

/** What each command answers with on success. */
export interface CommandResponses {
  'lesson:sync': LessonSync;
  'lesson:goLive': { phase: LessonPhase };
  'lesson:stopLive': { phase: LessonPhase };
  'lesson:setLocked': { locked: boolean };
  'lesson:end': { phase: LessonPhase };
  'lesson:setRecording': RecordingState;
  'hand:raise': ClassroomStatus;
  'hand:lower': ClassroomStatus;
  'hand:lowerAll': { lowered: number };
  'stage:invite': ClassroomStatus;
  'stage:respond': ClassroomStatus;
  'stage:end': ClassroomStatus;
  'classroom:setMic': ClassroomStatus;
  'classroom:setCamera': ClassroomStatus;
  'classroom:setAudioOnly': ClassroomStatus;
  'classroom:setVideoCap': ClassroomStatus;
  'classroom:remove': { classroomId: string };
  'message:send': ChatMessage;
  'quiz:create': Question;
  'quiz:update': Question;
  'quiz:delete': { questionId: string };
  /** The order now (ids only: the questions themselves did not change). */
  'quiz:reorder': { order: string[] };
  'quiz:launch': Question;
  'quiz:close': Question;
  'quiz:reveal': { question: Question; results: QuestionResults };
  'quiz:results': QuestionResults;
  'quiz:submit': Submission;
  'quality:report': Record<string, never>;
  /** The classrooms asked to send their picture now (visible, picture not turned off by the classroom). */
  'wall:view': { sending: string[] };
  'classroom:setWallPicture': ClassroomStatus;
  'wall:postStill': Record<string, never>;
  'media:getCapabilities': MediaCapabilities;
  'media:createTransport': TransportOptions;
  'media:createPlainTransport': PlainTransportOptions;
  'media:connectTransport': Record<string, never>;
  /** New ICE parameters, and ICE servers to gather with (a relay password may have expired). */
  'media:restartIce': { iceParameters: unknown; iceServers: RTCIceServerLike[] };
  'media:produce': { producerId: string };
  'media:closeProducer': Record<string, never>;
  'media:pauseProducer': Record<string, never>;
  'media:resumeProducer': Record<string, never>;
  'media:consume': ConsumerOptions;
  'media:resumeConsumer': Record<string, never>;
  /** Whether the media of the connection's previous life was kept (false: create it again). */
  'media:resume': { resumed: boolean };
}

export type ClientToServerEvents = {
  [K in CommandName]: (payload: CommandRequest<K>, ack: AckCallback<CommandResponses[K]>) => void;
};

/** Broadcasts from the server (past tense: something happened). */
export interface ServerToClientEvents {
  'lesson:phaseChanged': (event: { phase: LessonPhase }) => void;
  'teacher:presenceChanged': (event: { connected: boolean }) => void;
  'classroom:updated': (event: ClassroomStatus) => void;
  /** The teacher removed a classroom; its own clients are disconnected right after. */
  'classroom:removed': (event: { classroomId: string }) => void;
  'lesson:lockChanged': (event: { locked: boolean }) => void;
  /** Recording was turned on or off, or started or stopped writing: pages show or hide the mark. */
  'lesson:recordingChanged': (event: RecordingState) => void;
  'stage:updated': (event: { stage: StageEntry[] }) => void;
  'message:received': (event: ChatMessage) => void;
  /**
   * To the teacher, one question at a time (never the whole list, which a change would re-send
   * in full): a question was created or changed (edited, launched, closed, revealed). Replace it
   * by id; `position` places it.
   */
  'quiz:questionSaved': (event: { question: Question }) => void;
  /** To the teacher: a draft was deleted; the questions after it move up one place. */
  'quiz:questionDeleted': (event: { questionId: string }) => void;
  /** To the teacher: the questions were put in this order (ids, first to last). */
  'quiz:questionsReordered': (event: { order: string[] }) => void;
  /** To everyone: a question was launched, closed or revealed. */
  'quiz:questionChanged': (event: { question: PublicQuestion }) => void;
  /** Live results to the teacher; to everyone once revealed (counts only). */
  'quiz:results': (event: QuestionResults) => void;
  /** To the teacher and the answering classroom: an answer was recorded. */
  'quiz:submitted': (event: Submission) => void;
  /** To the teacher: a still picture of a classroom on the wall whose uplink carries no video. */
  'wall:stillPosted': (event: WallStill) => void;
  'media:producerAdded': (event: ProducerInfo) => void;
  'media:producerClosed': (event: { producerId: string }) => void;
  'media:producerPaused': (event: { producerId: string; paused: boolean }) => void;
  'media:consumerClosed': (event: { consumerId: string; producerId: string }) => void;
  /** The media server of this lesson was restarted: drop transports and join again. */
  'media:reset': (event: { reason: string }) => void;
  /** The same link was opened elsewhere and took over: this page must not reconnect. */
  'session:replaced': (event: Record<string, never>) => void;
  /**
   * A projector's first answers, sent right after its connect when its handshake asked for them
   * (`auth.firstAnswers`): as if it had sent media:createTransport (recv) and lesson:sync itself,
   * a round trip sooner.
   */
  'session:firstAnswers': (event: { recvTransport: Ack<TransportOptions>; sync: Ack<LessonSync> }) => void;
  /** The server is going down for maintenance; clients reconnect on their own. */
  'server:shuttingDown': (event: { reconnectAfterMs: number }) => void;
}
