import type { Socket } from 'socket.io';
import type { ClientToServerEvents, CommandName, CommandPayload, CommandResponses, ServerToClientEvents, StandingLink, TokenClaims } from '@classroom/shared';
import type { MediaPeer } from '@classroom/sfu';
import type { Lesson } from '../lessons/Lesson.ts';
import type { Logger } from '../logger.ts';

/** One authenticated connection: who it is, its lesson, and its media peer once it has one. */
export interface Session {
  readonly claims: TokenClaims;
  /** The permanent link it was made with, if any (`claims` are then those of the lesson it joined). */
  readonly standing?: StandingLink;
  readonly lesson: Lesson;
  readonly connectionId: string;
  readonly log: Logger;
  mediaPeer: MediaPeer | undefined;
  /** A newer connection of the same teacher or projector took over (its client may be the same). */
  replaced?: boolean;
}

export interface SocketData {
  session: Session;
}

export type ClassroomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface CommandContext {
  readonly session: Session;
  readonly socket: ClassroomSocket;
}

export type CommandHandler<K extends CommandName> = (
  context: CommandContext,
  payload: CommandPayload<K>,
) => Promise<CommandResponses[K]> | CommandResponses[K];

/** A handler for every command: the compiler rejects a command without one. */
export type CommandHandlers = { [K in CommandName]: CommandHandler<K> };
