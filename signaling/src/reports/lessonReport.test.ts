import { describe, expect, it } from 'vitest';
import { unionMs } from './lessonReport.ts';

describe('unionMs (time present, overlaps counted once)', () => {
  it.each([
    [[], 0],
    [[[0, 10]], 10],
    [[[0, 10], [5, 15]], 15],
    [[[20, 30], [0, 10]], 20],
    [[[0, 100], [10, 20], [30, 40]], 100],
    [[[0, 10], [10, 20]], 20],
  ] as [[number, number][], number][])('%j → %i', (intervals, total) => {
    expect(unionMs(intervals)).toBe(total);
  });
});
