import { describe, expect, it } from 'vitest';
import { formatDuration } from './formatDuration.ts';

describe('formatDuration', () => {
  it('reads as minutes and seconds, hours when needed', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('never goes negative when the clocks are slightly apart', () => {
    expect(formatDuration(-2_000)).toBe('0:00');
  });
});
