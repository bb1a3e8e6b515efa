import { describe, expect, it } from 'vitest';
import { StillFallback } from './stillFallback.ts';

const good = { availableBps: 600_000, framesPerSecond: 5 };
const narrow = { availableBps: 60_000, framesPerSecond: 4 };
const stalled = { availableBps: null, framesPerSecond: 0 };

describe('the wall picture falls back to still pictures on an uplink too weak for video', () => {
  it('stays on video on a good link and through one bad sample', () => {
    const fallback = new StillFallback();
    expect(fallback.sample(good, 0)).toBe('video');
    expect(fallback.sample(narrow, 3_000)).toBe('video');
    expect(fallback.sample(good, 6_000)).toBe('video');
    expect(fallback.sample(narrow, 9_000)).toBe('video');
  });

  it('falls back after two bad samples, from a narrow estimate or from frames that do not get out', () => {
    const narrowLink = new StillFallback();
    narrowLink.sample(narrow, 0);
    expect(narrowLink.sample(narrow, 3_000)).toBe('still');
    const stalledEncoder = new StillFallback();
    stalledEncoder.sample(stalled, 0);
    expect(stalledEncoder.sample(stalled, 3_000)).toBe('still');
  });

  it('falls back when told to, and tries video again 30 s later', () => {
    const fallback = new StillFallback();
    fallback.fallBack(1_000);
    expect(fallback.mode).toBe('still');
    expect(fallback.sample(good, 2_000)).toBe('still');
    expect(fallback.tryVideo(31_000)).toBe(true);
  });

  it('tries video again after 30 s, twice as long after each failed trial, and forgets after a passed one', () => {
    const fallback = new StillFallback();
    fallback.sample(narrow, 0);
    fallback.sample(narrow, 1_000);
    expect(fallback.tryVideo(20_000)).toBe(false);
    expect(fallback.tryVideo(31_000)).toBe(true);
    expect(fallback.mode).toBe('video');
    // The trial fails: the next waits 60 s.
    fallback.sample(narrow, 34_000);
    expect(fallback.sample(narrow, 37_000)).toBe('still');
    expect(fallback.tryVideo(37_000 + 59_000)).toBe(false);
    expect(fallback.tryVideo(37_000 + 60_000)).toBe(true);
    // This one passes: a later fall back waits 30 s again.
    expect(fallback.sample(good, 100_000)).toBe('video');
    fallback.sample(narrow, 103_000);
    fallback.sample(narrow, 106_000);
    expect(fallback.tryVideo(106_000 + 30_000)).toBe(true);
  });
});
