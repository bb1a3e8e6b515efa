import type { MediaSource } from '@classroom/shared';
import type { types } from 'mediasoup-client';
import type { DeviceErrorKind } from '../../services/deviceErrors.ts';
import type { RemoteTrack, ToggleableSource } from '../slices/media.ts';
import { classroomStore } from '../store.ts';

export function addRemoteTrack(remote: RemoteTrack): void {
  classroomStore.setState((s) => ({
    remoteTracks: [...s.remoteTracks.filter((r) => r.consumerId !== remote.consumerId), remote],
  }));
}

export function removeRemoteTrack(consumerId: string): void {
  classroomStore.setState((s) => ({ remoteTracks: s.remoteTracks.filter((r) => r.consumerId !== consumerId) }));
}

export function clearRemoteTracks(): void {
  classroomStore.setState({ remoteTracks: [] });
}

export function setLocalTrack(source: MediaSource, track: MediaStreamTrack | null): void {
  classroomStore.setState((s) => ({ local: { ...s.local, [source]: track } }));
}

export function setEnabled(source: ToggleableSource, enabled: boolean): void {
  classroomStore.setState((s) => ({ enabled: { ...s.enabled, [source]: enabled } }));
}

export function setPublishing(publishing: boolean): void {
  classroomStore.setState({ publishing });
}

export function setDeviceError(deviceError: DeviceErrorKind | null): void {
  classroomStore.setState({ deviceError });
}

export function setActionError(actionError: string | null): void {
  classroomStore.setState({ actionError });
}

export function setLinkState(direction: 'send' | 'recv', state: types.ConnectionState | null): void {
  classroomStore.setState((s) => ({ link: { ...s.link, [direction]: state } }));
}
