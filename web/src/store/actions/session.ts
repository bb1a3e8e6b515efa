import type { ErrorCode } from '@classroom/shared';
import { useStore } from '../store.ts';
import type { ConnectionStatus, FatalReason } from '../slices/session.ts';

export function setConnection(connection: ConnectionStatus): void {
  // A fresh connection has no trusted snapshot until lesson:sync answers.
  useStore.setState(connection === 'connected' ? { connection, refusal: null } : { connection, synced: false });
}

export function setFatal(fatal: FatalReason): void {
  useStore.setState({ connection: 'fatal', fatal, synced: false });
}

export function setServerRestarting(serverRestarting: boolean): void {
  useStore.setState({ serverRestarting });
}

export function setRefusal(refusal: ErrorCode | null): void {
  useStore.setState({ refusal });
}
