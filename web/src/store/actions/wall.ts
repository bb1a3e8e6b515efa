import type { WallSlice } from '../slices/wall.ts';
import { classroomStore } from '../store.ts';

export function setWallStill(classroomId: string, jpeg: string): void {
  classroomStore.setState((s) => ({ wallStills: { ...s.wallStills, [classroomId]: { jpeg, receivedAt: Date.now() } } }));
}

export function setWallShown(wallShown: WallSlice['wallShown']): void {
  classroomStore.setState({ wallShown });
}
