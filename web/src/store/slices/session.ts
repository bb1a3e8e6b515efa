import type { StateCreator } from 'zustand';
import type { ErrorCode, LessonSnapshot } from '@classroom/shared';
import type { Store } from '../store.ts';

/**
 * idle: no socket yet; connecting: first attempt; connected: socket up (synced tells whether the
 * snapshot arrived); reconnecting: lost and retrying on its own; fatal: the server refused us
 * for good (bad token, lesson over) and we stopped retrying.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'fatal';

/** Why a page cannot work at all: a server error code, or a link without its token. */
/** Why the page stopped for good: a server's refusal, or (client-side) its link was opened elsewhere. */
export type FatalReason = ErrorCode | 'missing_token' | 'replaced';

export interface SessionSlice {
  connection: ConnectionStatus;
  fatal: FatalReason | null;
  /**
   * Why the server refused the latest attempt when another attempt may succeed (the lesson is
   * locked, rate limits); cleared by the next successful connection.
   */
  refusal: ErrorCode | null;
  /** The server announced a restart; cleared by the next successful sync. */
  serverRestarting: boolean;
  /** A snapshot arrived since the latest (re)connect, so the lesson state can be trusted. */
  synced: boolean;
  you: LessonSnapshot['you'] | null;
}

export const createSessionSlice: StateCreator<Store, [], [], SessionSlice> = () => ({
  connection: 'idle',
  fatal: null,
  refusal: null,
  serverRestarting: false,
  synced: false,
  you: null,
});
