import { io, type Socket } from 'socket.io-client';
import {
  ClassroomError, REPLAY_NAMESPACE,
  type Ack, type ErrorCode, type ReplayState,
} from '@classroom/shared';
import type { ReplayClientToServerEvents, ReplayCommandName, ReplayCommandRequest, ReplayServerToClientEvents } from '@classroom/shared';
import { create } from 'zustand';
import { isErrorCode } from './errorCodes.ts';
import { log } from './util.ts';

// A classroom's replay of a recorded lesson (issue #18), shared by its projector and assistant:
// the server holds it; this page's socket on the /replay namespace sends commands and hears
// every change, whichever screen made it.

type ReplaySocket = Socket<ReplayServerToClientEvents, ReplayClientToServerEvents>;

interface ReplayStore {
  /** The classroom's replay (null: none open). */
  replay: ReplayState | null;
  /** performance.now() when `replay` arrived: its position runs on from there while playing. */
  receivedAt: number;
  connected: boolean;
}

export const useReplay = create<ReplayStore>()(() => ({ replay: null, receivedAt: 0, connected: false }));

const REQUEST_TIMEOUT_MS = 10_000;
let socket: ReplaySocket | null = null;

function received(replay: ReplayState | null): void {
  useReplay.setState({ replay, receivedAt: performance.now() });
}

/** Opens the page's replay socket with its link (again after a reconnect it reads the replay now). */
export function connectReplay(token: string): void {
  if (socket) return;
  // forceNew: its own connection, so that joining or leaving a lesson never touches it.
  const opened: ReplaySocket = io(REPLAY_NAMESPACE, { auth: { token }, transports: ['websocket', 'polling'], forceNew: true });
  socket = opened;
  opened.on('connect', () => {
    useReplay.setState({ connected: true });
    void replayRequest('replay:sync', {}).catch((error: unknown) => log('warn', 'replay: sync failed', { error: String(error) }));
  });
  opened.on('disconnect', () => useReplay.setState({ connected: false }));
  opened.on('replay:changed', ({ replay }) => received(replay));
}

export function disconnectReplay(): void {
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
  useReplay.setState({ replay: null, connected: false });
}

/** Sends a replay command; the replay it answers is shown at once. Throws a ClassroomError with the server's code. */
export async function replayRequest<K extends ReplayCommandName>(name: K, payload: ReplayCommandRequest<K>): Promise<ReplayState | null> {
  if (!socket?.connected) throw new ClassroomError('internal', `${name}: not connected`);
  let answer: Ack<ReplayState | null>;
  try {
    answer = await (socket.timeout(REQUEST_TIMEOUT_MS) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<ReplayState | null>> }).emitWithAck(name, payload);
  } catch {
    throw new ClassroomError('internal', `${name}: no answer within ${REQUEST_TIMEOUT_MS} ms`);
  }
  if (!answer.ok) throw new ClassroomError(isErrorCode(answer.error.code) ? answer.error.code : 'internal', answer.error.message);
  received(answer.data);
  return answer.data;
}

/** Sends a command and resolves with the error code instead of throwing (the views say why). */
export async function tryReplay<K extends ReplayCommandName>(name: K, payload: ReplayCommandRequest<K>): Promise<ErrorCode | null> {
  try {
    await replayRequest(name, payload);
    return null;
  } catch (error) {
    return error instanceof ClassroomError ? error.code : 'internal';
  }
}

/** Where the replay stands now, on the recording's clock (ms). */
export function replayPositionNow(replay: ReplayState, receivedAt: number, now = performance.now()): number {
  if (replay.status !== 'playing') return replay.positionMs;
  return Math.min(replay.positionMs + (now - receivedAt), replay.durationMs);
}
