import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StarvationGuard } from './StarvationGuard.ts';

const OPTIONS = { starveMs: 3000, trialMs: 8000, firstRetryMs: 15_000, maxRetryMs: 60_000, minTrialFps: 1 };

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
    let passed = 0;
    guard.on('trialPassed', () => passed++);
    guard.layer(0, Date.now());
    vi.advanceTimersByTime(8000);
    expect(guard.soundOnly).toBe(false);
    expect(changes).toEqual([true, false]);
    expect(passed).toBe(1);
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
    vi.advanceTimersByTime(2000); // judged: a gap 2 s ago, less than half the trial
    expect(guard.soundOnly).toBe(true);
  });

  it('judges a trial by what flowed during it, not before', () => {
    guard.layer(null);
    vi.advanceTimersByTime(3000 + 15_000); // trial starts
    vi.advanceTimersByTime(7000);
    guard.layer(0); // the first layer comes late in the trial
    vi.advanceTimersByTime(1000);
    expect(guard.soundOnly).toBe(true);
  });

  it('fails a trial whose layer the SFU sends but the classroom does not play', () => {
    guard.delivered(20);
    guard.layer(null);
    vi.advanceTimersByTime(3000 + 15_000); // trial starts
    guard.layer(2); // the estimate is stale: the SFU sends a big layer
    vi.advanceTimersByTime(5000);
    guard.delivered(0.2); // the classroom decodes next to nothing
    vi.advanceTimersByTime(3000);
    expect(guard.soundOnly).toBe(true);
  });

  it('passes a trial the classroom reports playing; fails one it said nothing about since it began', () => {
    guard.delivered(0);
    guard.layer(null);
    vi.advanceTimersByTime(3000 + 15_000); // trial starts, with no report since
    guard.layer(0);
    vi.advanceTimersByTime(8000);
    expect(guard.soundOnly).toBe(true);
    vi.advanceTimersByTime(30_000); // the next trial
    guard.layer(0);
    vi.advanceTimersByTime(4000);
    guard.delivered(12);
    vi.advanceTimersByTime(4000);
    expect(guard.soundOnly).toBe(false);
  });

  it('judges nothing while video is paused on purpose, though no layer flows', () => {
    guard.layer(2);
    guard.expectVideo(false); // e.g. the classroom chose sound only
    guard.layer(null); // mediasoup's report for a paused consumer
    vi.advanceTimersByTime(60_000);
    expect(changes).toEqual([]);
    expect(guard.expectsVideo).toBe(false);
  });

  it('drops a weak-link judgement when video is paused on purpose, and starts afresh when wanted again', () => {
    guard.layer(null);
    vi.advanceTimersByTime(3000 + 15_000 + 8000); // sound only, a failed trial: the next waits 30 s
    expect(changes).toEqual([true, false, true]);
    guard.expectVideo(false);
    expect(changes).toEqual([true, false, true, false]);
    vi.advanceTimersByTime(60_000);
    expect(changes).toEqual([true, false, true, false]); // no trial while nothing is wanted

    // Wanted again: video at once, no waiting for a trial; a layer keeps it.
    guard.expectVideo(true);
    vi.advanceTimersByTime(1000);
    guard.layer(0);
    vi.advanceTimersByTime(10_000);
    expect(guard.soundOnly).toBe(false);
    expect(changes).toEqual([true, false, true, false]);
  });

  it('finds a link that carries no layer once video is wanted again, with the first retry delay', () => {
    guard.layer(null);
    vi.advanceTimersByTime(3000 + 15_000 + 8000); // failed trial: the next would wait 30 s
    guard.expectVideo(false);
    changes.length = 0;
    guard.expectVideo(true); // no layer will come, and the worker says nothing new
    vi.advanceTimersByTime(3000);
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(15_000);
    expect(changes).toEqual([true, false]); // tried again after 15 s, not 30 s
  });
});
