import type { WallSlice } from '../slices/wall.ts';
import { useStore } from '../store.ts';

export function setWallStill(classroomId: string, jpeg: string): void {
  useStore.setState((s) => ({ wallStills: { ...s.wallStills, [classroomId]: { jpeg, receivedAt: Date.now() } } }));
}

export function setWallShown(wallShown: WallSlice['wallShown']): void {
  useStore.setState({ wallShown });
}
