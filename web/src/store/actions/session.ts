import type { ErrorCode } from '@classroom/shared';
import { classroomStore } from '../store.ts';
import type { ConnectionStatus, FatalReason } from '../slices/session.ts';

export function setConnection(connection: ConnectionStatus): void {
  // A fresh connection has no trusted snapshot until lesson:sync answers.
  classroomStore.setState(connection === 'connected' ? { connection, refusal: null } : { connection, synced: false });
}

export function setFatal(fatal: FatalReason): void {
  classroomStore.setState({ connection: 'fatal', fatal, synced: false });
}

export function setServerRestarting(serverRestarting: boolean): void {
  classroomStore.setState({ serverRestarting });
}

export function setRefusal(refusal: ErrorCode | null): void {
  classroomStore.setState({ refusal });
}
