import type { StateCreator } from 'zustand';
import type { Store } from '../store.ts';

export interface WallSlice {
  /**
   * The teacher's wall as the server last acknowledged it: the classrooms whose tiles are on
   * screen (the page receives only their pictures) and the spotlighted one.
   */
  wallShown: { visible: string[]; spotlight: string | null };
  /** The latest still picture of classrooms whose uplink carries no video (base64 JPEG, local receipt time). */
  wallStills: Record<string, { jpeg: string; receivedAt: number }>;
}

export const createWallSlice: StateCreator<Store, [], [], WallSlice> = () => ({
  wallShown: { visible: [], spotlight: null },
  wallStills: {},
});
