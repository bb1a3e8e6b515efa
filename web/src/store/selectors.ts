import type { MediaSource } from '@classroom/shared';
import type { RemoteTrack } from './slices/media.ts';
import type { Store } from './store.ts';

/** The teacher's track of one source, if consumed. Returns a stored object: stable identity. */
export function selectTeacherTrack(source: MediaSource): (s: Store) => RemoteTrack | null {
  return (s) => s.remoteTracks.find((r) => r.owner.kind === 'teacher' && r.source === source) ?? null;
}

/** Whether the teacher paused the producer of this source (camera switched off, muted). */
export function selectTeacherSourcePaused(source: MediaSource): (s: Store) => boolean {
  return (s) => s.producers.some((p) => p.owner.kind === 'teacher' && p.source === source && p.paused);
}

export const selectPhase = (s: Store) => s.lesson?.phase ?? null;
