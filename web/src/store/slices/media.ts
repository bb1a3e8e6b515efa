import type { StateCreator } from 'zustand';
import type { MediaKind, MediaSource, ProducerOwner } from '@classroom/shared';
import type { types } from 'mediasoup-client';
import type { DeviceErrorKind } from '../../services/deviceErrors.ts';
import type { Store } from '../store.ts';

/** A consumed track ready to be attached to a media element. */
export interface RemoteTrack {
  consumerId: string;
  producerId: string;
  kind: MediaKind;
  source: MediaSource;
  owner: ProducerOwner;
  track: MediaStreamTrack;
}

/** This page's own capture: the teacher's, or a projector's while its classroom is on stage. */
export interface LocalTracks {
  camera: MediaStreamTrack | null;
  microphone: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
}

export type ToggleableSource = 'camera' | 'microphone';

export interface MediaSlice {
  remoteTracks: RemoteTrack[];
  local: LocalTracks;
  /** What the teacher asked for; applies to the preview before going live as well. */
  enabled: Record<ToggleableSource, boolean>;
  /** This page's producers exist (the teacher live, or a projector on stage). */
  publishing: boolean;
  deviceError: DeviceErrorKind | null;
  /** The last failed action of this page, translated, shown until the next attempt. */
  actionError: string | null;
  /** This client's own transports as the browser sees them; null before creation. */
  link: Record<'send' | 'recv', types.ConnectionState | null>;
}

export const createMediaSlice: StateCreator<Store, [], [], MediaSlice> = () => ({
  remoteTracks: [],
  local: { camera: null, microphone: null, screen: null },
  enabled: { camera: true, microphone: true },
  publishing: false,
  deviceError: null,
  actionError: null,
  link: { send: null, recv: null },
});
