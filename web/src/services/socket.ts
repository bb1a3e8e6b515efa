import { io, type Socket } from 'socket.io-client';
import {
  ClassroomError,
  type Ack, type ClientToServerEvents, type CommandName, type CommandRequest, type CommandResponses,
  type ErrorCode, type ServerToClientEvents,
} from '@classroom/shared';
import { isErrorCode } from './errorCodes.ts';

export type ClassroomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REQUEST_TIMEOUT_MS = 10_000;
/** How long the early socket waits for the server's first answers before asking (see awaitFirst). */
const FIRST_ANSWERS_WAIT_MS = 3_000;

let current: ClassroomSocket | null = null;
interface EarlySocket {
  token: string;
  socket: ClassroomSocket;
  /**
   * What stopped it before anyone listened: a refusal, or the server closing it. Either leaves
   * the socket inactive (socket.io does not try again by itself): its owner must hear of it.
   */
  stopped?: { event: 'connect_error'; error: Error } | { event: 'disconnect'; reason: Socket.DisconnectReason };
}

/**
 * A projector's first answers, the lesson's sync and a receiving transport, sent by the server
 * right after the early socket's connect (its handshake asks for them): they arrive while React
 * and mediasoup-client are still on their way (or being evaluated), and a round trip sooner than
 * asked for. What the server says after the sync and before the session listens is kept, and
 * told once the session has applied that sync (replayMissed).
 */
export interface FirstAnswers {
  /** The connection they were asked on: only that one may use them. */
  connectionId: string;
  sync: Promise<CommandResponses['lesson:sync']>;
  recvTransport: Promise<CommandResponses['media:createTransport']>;
  /** Tells the session's listeners what came after the sync's answer, in order (call after applying it). */
  replayMissed(): void;
  /** The session listens now: stop keeping what arrives. */
  stopRecording(): void;
}

let early: EarlySocket | null = null;
/** The early socket, taken over by openSocket, until its new owner has caught up (catchUpEarlySocket). */
let takenOver: EarlySocket | null = null;
/** The early socket's first answers, from its first connect until the session takes them. */
let first: { socket: ClassroomSocket; answers: FirstAnswers } | null = null;

/**
 * The page's socket for `token`: the one opened early (openSocketEarly) if any, else a new one.
 * A permanent link names the lesson it joins as `lessonId` (its token names none).
 */
export function openSocket(token: string, lessonId?: string): ClassroomSocket {
  if (early?.token === token && lessonId === undefined) {
    current = early.socket;
    takenOver = early;
    early = null;
    return current;
  }
  return connect(lessonId === undefined ? { token } : { token, lessonId });
}

function connect(auth: { token: string; lessonId?: string; firstAnswers?: true }): ClassroomSocket {
  current?.disconnect();
  // WebSocket first: long polling through rural proxies works but adds latency to every ack.
  current = io({ auth, transports: ['websocket', 'polling'] });
  return current;
}

/**
 * Runs `task` once the socket's connect has left (at once if it has), in a task of its own:
 * work that holds the main thread (the media device's setup, ~30 ms) then overlaps the server's
 * answer instead of holding the connect back (issue 17).
 */
export function afterConnectSent(socket: ClassroomSocket, task: () => void): void {
  const run = (): void => { setTimeout(task, 0); };
  if (socket.connected || socket.io.engine?.readyState === 'open') run();
  else socket.io.once('open', run);
}

/** Closes the page's socket for good: no handler of it runs again, and `request` fails at once. */
export function closeSocket(): void {
  current?.removeAllListeners();
  current?.disconnect();
  current = null;
}

/**
 * Starts the socket's handshake before the rest of the page's code has even arrived (React,
 * mediasoup-client: ~1.5 s of a 1 Mbit/s school link, ~200 ms of evaluation on a school PC):
 * see services/earlySocket.ts, run by a script of its own. Nothing listens yet: the socket may
 * connect, or be refused, before the session takes it over, which then catches up on that
 * (catchUpEarlySocket). Its handshake asks the server for the lesson's sync and a receiving
 * transport at once (FirstAnswers): the session takes them instead of asking.
 */
export function openSocketEarly(token: string): void {
  if (early) return;
  const socket = connect({ token, firstAnswers: true });
  const opened: EarlySocket = { token, socket };
  socket.on('connect_error', (error) => { if (!socket.active) opened.stopped = { event: 'connect_error', error }; });
  socket.on('disconnect', (reason) => { if (!socket.active) opened.stopped = { event: 'disconnect', reason }; });
  socket.on('connect', () => { delete opened.stopped; });
  socket.once('connect', () => {
    // Its reconnections are the session's: they ask for what they need themselves.
    socket.auth = { token };
    const answers = awaitFirst(socket);
    // Connected after the session took it over: its listeners hear everything themselves.
    if (early !== opened) answers.stopRecording();
    first = { socket, answers };
  });
  early = opened;
}

/**
 * The server's first answers (`session:firstAnswers`, asked for by the handshake's
 * `firstAnswers`), or, from a server that sends none within FIRST_ANSWERS_WAIT_MS, the same
 * asked for here.
 */
function awaitFirst(socket: ClassroomSocket): FirstAnswers {
  type Pushed = Parameters<ServerToClientEvents['session:firstAnswers']>[0];
  const pushed = new Promise<Pushed | null>((resolve) => {
    const received = (answers: Pushed) => {
      clearTimeout(timer);
      resolve(answers);
    };
    const timer = setTimeout(() => {
      socket.off('session:firstAnswers', received);
      resolve(null);
    }, FIRST_ANSWERS_WAIT_MS);
    socket.once('session:firstAnswers', received);
  });
  const recvTransport = pushed.then((answers) => answers
    ? dataOf<'media:createTransport'>(answers.recvTransport) : request('media:createTransport', { direction: 'recv' }));
  const sync = pushed.then((answers) => answers ? dataOf<'lesson:sync'>(answers.sync) : request('lesson:sync', {}));
  // Failures are the session's to see, when it takes these answers.
  recvTransport.catch(() => undefined);
  const missed: Array<{ event: string; args: unknown[] }> = [];
  const record = (event: string, ...args: unknown[]) => { missed.push({ event, args }); };
  let listened = false;
  // Only what comes after the answer (the sync says what came before), until the session listens.
  sync.then(() => { if (!listened) socket.onAny(record); }, () => undefined);
  return {
    connectionId: socket.id ?? '',
    sync,
    recvTransport,
    replayMissed() {
      for (const { event, args } of missed.splice(0)) {
        for (const listener of socket.listeners(event as 'connect')) (listener as (...a: unknown[]) => void)(...args);
      }
    },
    stopRecording() {
      listened = true;
      socket.offAny(record);
    },
  };
}

/**
 * The early socket's first answers (see FirstAnswers), once, if `socket` is the early one and
 * still on the connection they were asked on; else null.
 */
export function takeFirstAnswers(socket: ClassroomSocket): FirstAnswers | null {
  const taken = first;
  first = null;
  return taken?.socket === socket && taken.answers.connectionId === socket.id ? taken.answers : null;
}

/**
 * Once the new owner of the early socket (openSocket) listens to it: tells its listeners what
 * they missed, as if it happened now: that the socket is connected, or was stopped (refused, or
 * closed by the server). No-op for any other socket, or while it is still trying to connect.
 */
export function catchUpEarlySocket(socket: ClassroomSocket): void {
  const missed = takenOver;
  if (missed?.socket !== socket) return;
  takenOver = null;
  if (first?.socket === socket) first.answers.stopRecording();
  const stopped = socket.active ? undefined : missed.stopped;
  if (socket.connected) for (const listener of socket.listeners('connect')) listener();
  else if (stopped?.event === 'connect_error') for (const listener of socket.listeners('connect_error')) listener(stopped.error);
  else if (stopped?.event === 'disconnect') for (const listener of socket.listeners('disconnect')) listener(stopped.reason);
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
  return dataOf<K>(answer);
}

/** A command's answer's data, or its error thrown as a ClassroomError. */
function dataOf<K extends CommandName>(answer: Ack<unknown>): CommandResponses[K] {
  if (!answer.ok) {
    const code = isErrorCode(answer.error.code) ? answer.error.code : 'internal';
    throw new ClassroomError(code, answer.error.message);
  }
  return answer.data as CommandResponses[K];
}

export function errorCodeOf(error: unknown): ErrorCode {
  return error instanceof ClassroomError ? error.code : 'internal';
}
