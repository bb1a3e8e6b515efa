import type { RecordingFile } from '@classroom/shared';
import { describe, expect, it } from 'vitest';
import { segmentAt, slotOf } from './ReplayPlayer.ts';

const file = (source: string, startMs: number, durationMs: number): RecordingFile => ({
  source, publisher: 'teacher', classroomId: null, label: 'camera', kind: 'video', startMs, durationMs, bytes: 1, url: `/${source}-${startMs}`,
});

describe('segmentAt (which file of a source covers a moment)', () => {
  // Two segments of one source with a gap between them (a recorder that died and came back).
  const segments = [file('teacher-camera', 200, 10_000), file('teacher-camera', 12_000, 5_000)];
  it.each([
    [0, null], [160, 200], [5_000, 200], [10_150, 200], [10_170, null], [11_000, null], [12_000, 12_000], [16_970, null], [20_000, null],
  ] as [number, number | null][])('at %i ms: the segment starting at %s', (at, start) => {
    expect(segmentAt(segments, at)?.startMs ?? null).toBe(start);
  });
});

describe('slotOf (where a source shows on the replay screen)', () => {
  it('puts the teacher\'s camera and slides apart, the stage in its tile, sound nowhere', () => {
    expect(slotOf({ publisher: 'teacher', label: 'camera', kind: 'video' })).toBe('camera');
    expect(slotOf({ publisher: 'teacher', label: 'screen', kind: 'video' })).toBe('screen');
    expect(slotOf({ publisher: 'classroom', label: 'camera', kind: 'video' })).toBe('classroom');
    expect(slotOf({ publisher: 'teacher', label: 'microphone', kind: 'audio' })).toBe('sound');
  });
});
