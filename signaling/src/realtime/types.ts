import type { Socket } from 'socket.io';
import type {
  ClientToServerEvents, CommandName, CommandPayload, CommandResponses, MediaLinkState, MediaSource, ServerToClientEvents, StandingLink, TokenClaims, VideoCap,
} from '@classroom/shared';
import type { LessonMedia, MediaPeer, PublishedMedia } from '@classroom/sfu';
import type { Lesson } from '../lessons/Lesson.ts';
import type { Logger } from '../logger.ts';

/**
 * Media commands wait on the worker and write no records: they run side by side, not in their
 * lesson's order, and on the node the client is connected to (an edge node runs them itself,
 * against its own routers; every other command goes to the node that runs the lesson).
 */
export const MEDIA_COMMANDS = [
  'media:getCapabilities', 'media:createTransport', 'media:createPlainTransport', 'media:connectTransport', 'media:restartIce',
  'media:produce', 'media:closeProducer', 'media:pauseProducer', 'media:resumeProducer',
  'media:consume', 'media:resumeConsumer', 'media:resume',
] as const satisfies readonly CommandName[];

export type MediaCommandName = (typeof MEDIA_COMMANDS)[number];
export type LessonCommandName = Exclude<CommandName, MediaCommandName>;

export function isMediaCommand(name: CommandName): name is MediaCommandName {
  return (MEDIA_COMMANDS as readonly string[]).includes(name);
}

/** What a connection's media commands need of it: who it is, and its media peer once it has one. */
export interface MediaSession {
  readonly claims: TokenClaims;
  readonly connectionId: string;
  readonly log: Logger;
  mediaPeer: MediaPeer | undefined;
}

/** One authenticated connection of a lesson run on this node (or, on its owner, of an edge node). */
export interface Session extends MediaSession {
  /** The permanent link it was made with, if any (`claims` are then those of the lesson it joined). */
  readonly standing?: StandingLink;
  readonly lesson: Lesson;
  /** A newer connection of the same teacher or projector took over (its client may be the same). */
  replaced?: boolean;
}

/**
 * A connection admitted by an edge node for a lesson another node runs (cluster mode): its
 * media is this node's, everything else goes to the lesson's node (cluster/edge/EdgeLessons.ts).
 */
export interface EdgeSession extends MediaSession {
  readonly standing?: StandingLink;
  readonly lessonId: string;
  readonly media: MediaLessonView;
  replaced?: boolean;
}

export interface SocketData {
  /** Set on the node that runs the lesson. */
  session?: Session;
  /** Set on an edge node. */
  edge?: EdgeSession;
}

export type ClassroomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The claims of a connection, whichever node runs its lesson. */
export function claimsOf(socket: ClassroomSocket): TokenClaims | undefined {
  return (socket.data.session ?? socket.data.edge)?.claims;
}

export interface CommandContext {
  readonly session: Session;
}

/**
 * What the media commands ask of the lesson: on the node that runs it, the live lesson itself;
 * on an edge node, the lesson's node, asked over the cluster (media stays on the edge's routers).
 */
export interface MediaLessonView {
  readonly media: LessonMedia;
  /**
   * Throws unless this client may send media now: `source` to produce it (the stage's media only
   * while the lesson is live; a projector's wall picture while the teacher looks at it), none to
   * make a sending transport (for either).
   */
  assertMayPublish(session: MediaSession, source?: MediaSource): Promise<void> | void;
  /**
   * A projector's new producer: its classroom still on stage, or still watched on the wall for
   * `wall` (else throws, the caller closes it), its switches applied.
   */
  classroomProduced(session: MediaSession, source: MediaSource): Promise<void>;
  /**
   * Before a consumer is made: throws unless this client may receive that media over that kind of
   * transport, else answers the simulcast layer to start at, if the lesson picks one.
   */
  admitConsumer(session: MediaSession, media: PublishedMedia, via: 'webrtc' | 'plain'): { spatialLayer?: number } | void;
  /** Throws if the assistant or the teacher switched this off (a projector may not resume it). */
  assertMayResume(session: MediaSession, label: string): Promise<void> | void;
  /** What a classroom's projector receives: audio only, the best camera layer. */
  receivingOf(classroomId: string): { audioOnly: boolean; videoCap: VideoCap };
  projectorLinkChanged(classroomId: string, state: MediaLinkState): void;
  weakLinkChanged(classroomId: string, weak: boolean): void;
  mediaScoreChanged(classroomId: string, score: number | null): void;
}

export interface MediaContext {
  readonly session: MediaSession;
  readonly socket: ClassroomSocket;
  readonly lesson: MediaLessonView;
}

type Handler<C, K extends CommandName> = (context: C, payload: CommandPayload<K>) => Promise<CommandResponses[K]> | CommandResponses[K];

/** A handler for every command but media: the compiler rejects a command without one. */
export type CommandHandlers = { [K in LessonCommandName]: Handler<CommandContext, K> };
export type MediaCommandHandlers = { [K in MediaCommandName]: Handler<MediaContext, K> };
