import type { StateCreator } from 'zustand';
import type { ChatMessage, StageEntry } from '@classroom/shared';
import type { Store } from '../store.ts';

export interface InteractionSlice {
  /** Classrooms on stage or invited, in the server's order. */
  stage: StageEntry[];
  /** Messages this client may read, oldest first. */
  messages: ChatMessage[];
  /** Messages from others that arrived since the reader last looked at the message panel. */
  unreadMessages: number;
  /** Server clock minus this browser's clock, from the latest snapshot: waiting times use it. */
  clockOffsetMs: number;
}

export const createInteractionSlice: StateCreator<Store, [], [], InteractionSlice> = () => ({
  stage: [],
  messages: [],
  unreadMessages: 0,
  clockOffsetMs: 0,
});
