import { io, type Socket } from 'socket.io-client';
import {
  ClassroomError,
  type Ack, type ClientToServerEvents, type CommandName, type CommandRequest, type CommandResponses,
  type ErrorCode, type ServerToClientEvents,
} from '@classroom/shared';
import { isErrorCode } from './errorCodes.ts';

export type ClassroomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REQUEST_TIMEOUT_MS = 10_000;

let current: ClassroomSocket | null = null;
let early: { token: string; socket: ClassroomSocket } | null = null;

/**
 * The page's socket for `token`: the one opened early (openSocketEarly) if any, else a new one.
 * A permanent link names the lesson it joins as `lessonId` (its token names none).
 */
export function openSocket(token: string, lessonId?: string): ClassroomSocket {
  if (early?.token === token && lessonId === undefined) {
    current = early.socket;
    early = null;
    return current;
  }
  current?.disconnect();
  // WebSocket first: long polling through rural proxies works but adds latency to every ack.
  current = io({ auth: lessonId === undefined ? { token } : { token, lessonId }, transports: ['websocket', 'polling'] });
  return current;
}

/** Closes the page's socket for good: no handler of it runs again, and `request` fails at once. */
export function closeSocket(): void {
  current?.removeAllListeners();
  current?.disconnect();
  current = null;
}

/**
 * Starts the socket's handshake before the rest of the page's code is evaluated (React,
 * mediasoup-client: ~200 ms on a school PC, two round trips of a rural link): see
 * services/earlySocket.ts. Nothing listens yet, and nothing can be missed: no socket event is
 * handled before the page's modules have all run, and the session takes the socket over then.
 */
export function openSocketEarly(token: string): void {
  early ??= { token, socket: openSocket(token) };
}

export function isSocketConnected(): boolean {
  return current?.connected ?? false;
}

/** The server this page came from: it knows where the lesson runs when the one it was sent to is gone. */
export function homeOrigin(): string {
  return window.location.origin;
}

// socket.io's typings cannot resolve `emitWithAck` for a generic command name; this is the one
// place that narrows it, and the public signature of `request` stays fully typed.
interface AckEmitter {
  emitWithAck(event: string, payload: unknown): Promise<Ack<unknown>>;
}

/**
 * Sends one command and resolves with its data, or throws a ClassroomError with the server's
 * code ('internal' when nobody answered in time or the socket is down).
 */
export async function request<K extends CommandName>(
  name: K,
  payload: CommandRequest<K>,
): Promise<CommandResponses[K]> {
  const socket = current;
  // socket.io would buffer the command until the next connection, where the ids it carries
  // (transports, producers) no longer exist: fail now instead.
  if (!socket?.connected) throw new ClassroomError('internal', `${name}: not connected`);
  let answer: Ack<unknown>;
  try {
    answer = await (socket.timeout(REQUEST_TIMEOUT_MS) as unknown as AckEmitter).emitWithAck(name, payload);
  } catch {
    throw new ClassroomError('internal', `${name}: no answer within ${REQUEST_TIMEOUT_MS} ms`);
  }
  if (!answer.ok) {
    const code = isErrorCode(answer.error.code) ? answer.error.code : 'internal';
    throw new ClassroomError(code, answer.error.message);
  }
  return answer.data as CommandResponses[K];
}

export function errorCodeOf(error: unknown): ErrorCode {
  return error instanceof ClassroomError ? error.code : 'internal';
}
