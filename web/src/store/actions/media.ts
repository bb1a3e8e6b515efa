import type { MediaSource } from '@classroom/shared';
import type { types } from 'mediasoup-client';
import type { DeviceErrorKind } from '../../services/deviceErrors.ts';
import type { RemoteTrack, ToggleableSource } from '../slices/media.ts';
import { useStore } from '../store.ts';

export function addRemoteTrack(remote: RemoteTrack): void {
  useStore.setState((s) => ({
    remoteTracks: [...s.remoteTracks.filter((r) => r.consumerId !== remote.consumerId), remote],
  }));
}

export function removeRemoteTrack(consumerId: string): void {
  useStore.setState((s) => ({ remoteTracks: s.remoteTracks.filter((r) => r.consumerId !== consumerId) }));
}

export function clearRemoteTracks(): void {
  useStore.setState({ remoteTracks: [] });
}

export function setLocalTrack(source: MediaSource, track: MediaStreamTrack | null): void {
  useStore.setState((s) => ({ local: { ...s.local, [source]: track } }));
}

export function setEnabled(source: ToggleableSource, enabled: boolean): void {
  useStore.setState((s) => ({ enabled: { ...s.enabled, [source]: enabled } }));
}

export function setPublishing(publishing: boolean): void {
  useStore.setState({ publishing });
}

export function setDeviceError(deviceError: DeviceErrorKind | null): void {
  useStore.setState({ deviceError });
}

export function setActionError(actionError: string | null): void {
  useStore.setState({ actionError });
}

export function setLinkState(direction: 'send' | 'recv', state: types.ConnectionState | null): void {
  useStore.setState((s) => ({ link: { ...s.link, [direction]: state } }));
}
