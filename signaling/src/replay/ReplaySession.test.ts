import type { Question } from '@classroom/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReplaySession, type ReplayScript } from './ReplaySession.ts';

// The replay's clock and its stops, without sockets or media: the server's timer stops it at each
// question not yet taken and at its end; seeks and pauses move the clock as the projector follows it.
const question = (id: string): Question => ({
  id, position: 0, kind: 'single', prompt: id, options: ['a', 'b'], correct: [1], timeLimitSeconds: null,
  answerMode: 'collective', state: 'revealed', openedAt: 1, closesAt: null,
});
const SCRIPT: ReplayScript = {
  lessonId: 'lesson', title: 'Rivers', durationMs: 10_000,
  questions: [{ question: question('q1'), atMs: 3_000 }, { question: question('q2'), atMs: 6_000 }],
};

let replay: ReplaySession;
const records = { answer: vi.fn(async () => {}), finished: vi.fn() };
beforeEach(() => {
  vi.useFakeTimers();
  replay = new ReplaySession('r1', SCRIPT, records, () => Date.now());
});
afterEach(() => {
  replay.close();
  vi.useRealTimers();
  vi.clearAllMocks();
});

describe('ReplaySession', () => {
  it('stops at each question, hides its answer until revealed, and ends once', async () => {
    replay.play();
    vi.advanceTimersByTime(2_000);
    expect(replay.state()).toMatchObject({ status: 'playing', positionMs: 2_000 });
    vi.advanceTimersByTime(1_500);
    expect(replay.state()).toMatchObject({ status: 'question', positionMs: 3_000, question: { id: 'q1', correct: null }, answer: null });
    expect(() => replay.play()).toThrow(/show its answer first/);
    await replay.answer('q1', { mode: 'collective', choices: [1] });
    expect(records.answer).toHaveBeenCalledWith('q1', { mode: 'collective', choices: [1] });
    replay.reveal();
    expect(replay.state()).toMatchObject({ status: 'revealed', question: { id: 'q1', correct: [1] } });
    replay.play();
    vi.advanceTimersByTime(3_000);
    expect(replay.state()).toMatchObject({ status: 'question', positionMs: 6_000, question: { id: 'q2' } });
    replay.reveal();
    replay.play();
    vi.advanceTimersByTime(10_000);
    expect(replay.state()).toMatchObject({ status: 'ended', positionMs: 10_000, question: null });
    expect(records.finished).toHaveBeenCalledTimes(1);
  });

  it('seeks: past a question skips it, back before a taken one does not ask it again; paused stands still', async () => {
    replay.seek(4_000);
    vi.advanceTimersByTime(5_000);
    expect(replay.state()).toMatchObject({ status: 'paused', positionMs: 4_000 });
    replay.play();
    vi.advanceTimersByTime(2_500);
    expect(replay.state()).toMatchObject({ status: 'question', question: { id: 'q2' } });
    await expect(replay.answer('q1', { mode: 'collective', choices: [0] })).rejects.toThrow(/not waiting/);
    replay.reveal();
    replay.seek(5_000);
    expect(replay.state()).toMatchObject({ status: 'paused', positionMs: 5_000, question: null });
    replay.play();
    vi.advanceTimersByTime(1_500);
    replay.pause();
    expect(replay.state()).toMatchObject({ status: 'paused', positionMs: 6_500 });
    // Played to the end, then played again: from the start, stopping at the question never taken.
    replay.play();
    vi.advanceTimersByTime(10_000);
    expect(replay.state().status).toBe('ended');
    replay.play();
    vi.advanceTimersByTime(3_000);
    expect(replay.state()).toMatchObject({ status: 'question', question: { id: 'q1' } });
  });

  it('checks an answer as live: its mode and options, and refuses the same answer twice', async () => {
    replay.play();
    vi.advanceTimersByTime(3_000);
    await expect(replay.answer('q1', { mode: 'tally', counts: [1, 2], present: 5 })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(replay.answer('q1', { mode: 'collective', choices: [0, 1] })).rejects.toMatchObject({ code: 'invalid_payload' });
    await replay.answer('q1', { mode: 'collective', choices: [0] });
    await expect(replay.answer('q1', { mode: 'collective', choices: [0] })).rejects.toMatchObject({ code: 'duplicate' });
    expect(records.answer).toHaveBeenCalledTimes(1);
  });
});
