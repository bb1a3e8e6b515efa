import type { WallSlice } from '../slices/wall.ts';
import { useStore } from '../store.ts';

export function setWallShown(wallShown: WallSlice['wallShown']): void {
  useStore.setState({ wallShown });
}
