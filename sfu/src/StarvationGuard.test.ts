import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StarvationGuard } from './StarvationGuard.ts';

const OPTIONS = { starveMs: 3000, trialMs: 8000, firstRetryMs: 15_000, maxRetryMs: 60_000 };

describe('StarvationGuard', () => {
  let changes: boolean[];
  let guard: StarvationGuard;
  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    guard = new StarvationGuard(OPTIONS);
    guard.on('change', (soundOnly) => changes.push(soundOnly));
  });
  afterEach(() => {
    guard.dispose();
    vi.useRealTimers();
  });

  it('ignores a short gap in layers (a key frame late, a brief dip)', () => {
    guard.layer(null);
    vi.advanceTimersByTime(2000);
    guard.layer(0);
    vi.advanceTimersByTime(10_000);
    expect(changes).toEqual([]);
  });

  it('goes to sound only after the link carried no layer for starveMs', () => {
    guard.layer(1);
    guard.layer(null);
    vi.advanceTimersByTime(3000);
    expect(changes).toEqual([true]);
    expect(guard.soundOnly).toBe(true);
  });

  it('tries video again, returns to it when a layer flows steadily, and resets its patience', () => {
    guard.layer(null);
    vi.advanceTimersByTime(3000 + 15_000);
    expect(changes).toEqual([true, false]); // the trial releases video
    guard.layer(0, Date.now());
    vi.advanceTimersByTime(8000);
    expect(guard.soundOnly).toBe(false);
    expect(changes).toEqual([true, false]);
    // Starving again waits the first retry delay, not a doubled one.
    guard.layer(null);
    vi.advanceTimersByTime(3000);
    vi.advanceTimersByTime(15_000);
    expect(changes).toEqual([true, false, true, false]);
  });

  it('backs off after failed trials so a bad link does not flap', () => {
    guard.layer(null);
    vi.advanceTimersByTime(3000); // sound only
    const trialsAt: number[] = [];
    guard.on('change', (soundOnly) => { if (!soundOnly) trialsAt.push(Date.now()); });
    const start = Date.now();
    vi.advanceTimersByTime(15_000 + 8000 + 30_000 + 8000 + 60_000 + 8000 + 60_000);
    expect(trialsAt.map((t) => t - start)).toEqual([15_000, 15_000 + 8000 + 30_000, 15_000 + 8000 + 30_000 + 8000 + 60_000, 15_000 + 8000 + 30_000 + 8000 + 60_000 + 8000 + 60_000]);
    expect(guard.soundOnly).toBe(false); // in a trial right now
  });

  it('judges a trial failed when layers keep dropping out', () => {
    guard.layer(null);
    vi.advanceTimersByTime(3000 + 15_000); // trial starts
    guard.layer(0);
    vi.advanceTimersByTime(6000);
    guard.layer(null);
    guard.layer(0);
    vi.advanceTimersByTime(2000); // judged: a null 2 s ago, less than half the trial
    expect(guard.soundOnly).toBe(true);
  });
});
