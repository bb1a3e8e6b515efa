import type { RecordingFile } from '@classroom/shared';

/** Where a source's picture goes on the replay's screen (sound has no place). */
export type ReplaySlot = 'camera' | 'screen' | 'classroom' | 'sound';

/**
 * Off by this much (s), an element is put right by playing a little faster or slower, unheard;
 * beyond `SEEK_DRIFT_S` it is moved (a seek costs a visible jump and a rebuffer).
 */
const NUDGE_DRIFT_S = 0.08;
const SEEK_DRIFT_S = 0.7;
const NUDGE_RATE = 0.06;
/** A moment this close to a segment's edges is in it (file durations are rounded to the ms). */
const EDGE_MS = 40;

export function slotOf(file: Pick<RecordingFile, 'publisher' | 'label' | 'kind'>): ReplaySlot {
  if (file.kind === 'audio') return 'sound';
  if (file.publisher === 'classroom') return 'classroom';
  return file.label === 'screen' ? 'screen' : 'camera';
}

interface Track {
  source: string;
  slot: ReplaySlot;
  /** By start. */
  segments: RecordingFile[];
  element: HTMLMediaElement;
  /** The segment loaded in `element`. */
  loaded: RecordingFile | null;
}

/**
 * Plays a recorded lesson's files — one per source and segment, each with its start on the
 * recording's clock — as one: one media element per source, all kept on one clock given from
 * outside (the classroom's replay, held by the server). At each `sync`, a source whose segment
 * covers the moment shows it at the right offset; one between segments (a gap, or not published
 * then: the slides off, nobody on stage) is paused and hidden. Drift is corrected by the
 * playback rate when small, by a seek when large. No timers of its own: the view calls `sync`.
 */
export class ReplayPlayer {
  readonly #tracks: Track[];
  /** Set once a browser refused sound without a gesture: sound plays muted until `unmute`. */
  #muted = false;

  constructor(files: RecordingFile[], place: (slot: ReplaySlot, element: HTMLMediaElement) => void) {
    const bySource = new Map<string, RecordingFile[]>();
    for (const file of files) bySource.set(file.source, [...(bySource.get(file.source) ?? []), file]);
    this.#tracks = [...bySource].map(([source, segments]) => {
      const slot = slotOf(segments[0]!);
      const element = document.createElement(slot === 'sound' ? 'audio' : 'video');
      element.preload = 'auto';
      element.dataset['source'] = source;
      element.dataset['active'] = 'false';
      if (element instanceof HTMLVideoElement) element.playsInline = true;
      // Each element's sound is its own; the video files carry none.
      place(slot, element);
      return { source, slot, segments: [...segments].sort((a, b) => a.startMs - b.startMs), element, loaded: null };
    });
  }

  /** The slots showing a picture at this moment (the view lays the screen out by them). */
  activeSlots(positionMs: number): Set<ReplaySlot> {
    return new Set(this.#tracks.filter((t) => segmentAt(t.segments, positionMs)).map((t) => t.slot));
  }

  /** Puts every element where the clock says, playing or not. */
  sync(positionMs: number, playing: boolean): void {
    for (const track of this.#tracks) this.#syncTrack(track, positionMs, playing);
  }

  unmute(): void {
    this.#muted = false;
    for (const track of this.#tracks) track.element.muted = false;
  }

  get muted(): boolean {
    return this.#muted;
  }

  /** Stops and lets go of every file. */
  close(): void {
    for (const { element } of this.#tracks) {
      element.pause();
      element.removeAttribute('src');
      element.load();
      element.remove();
    }
  }

  #syncTrack(track: Track, positionMs: number, playing: boolean): void {
    const { element } = track;
    const segment = segmentAt(track.segments, positionMs);
    element.dataset['active'] = String(segment !== null);
    if (!segment) {
      if (!element.paused) element.pause();
      return;
    }
    if (track.loaded !== segment) {
      track.loaded = segment;
      element.src = segment.url;
      element.dataset['segment'] = String(segment.startMs);
    }
    const expected = Math.max(0, (positionMs - segment.startMs) / 1000);
    // Until its metadata is read, an element cannot be moved: the next sync does it.
    if (element.readyState >= HTMLMediaElement.HAVE_METADATA) {
      const drift = element.currentTime - expected;
      if (Math.abs(drift) > SEEK_DRIFT_S || (!playing && Math.abs(drift) > NUDGE_DRIFT_S)) {
        element.currentTime = expected;
        element.playbackRate = 1;
      } else if (playing && Math.abs(drift) > NUDGE_DRIFT_S) {
        element.playbackRate = drift > 0 ? 1 - NUDGE_RATE : 1 + NUDGE_RATE;
      } else {
        element.playbackRate = 1;
      }
    }
    if (!playing) {
      if (!element.paused) element.pause();
      return;
    }
    if (element.paused) this.#play(element);
  }

  #play(element: HTMLMediaElement): void {
    element.muted = this.#muted;
    element.play().catch((error: unknown) => {
      // Sound needs a gesture in most browsers (a projector's kiosk is set to allow it): play
      // muted meanwhile, and say so on screen.
      if (error instanceof DOMException && error.name === 'NotAllowedError' && !element.muted) {
        this.#muted = true;
        element.muted = true;
        void element.play().catch(() => {});
      }
    });
  }
}

/** The segment covering a moment, if any. */
export function segmentAt(segments: readonly RecordingFile[], positionMs: number): RecordingFile | null {
  return segments.find((s) => positionMs >= s.startMs - EDGE_MS && positionMs < s.startMs + s.durationMs - EDGE_MS) ?? null;
}
