import { describe, expect, it } from 'vitest';
import { formatCountdown, markAnswer, optionLetter, percentOf } from './quizText.ts';

describe('optionLetter', () => {
  it('names options A, B, C…', () => {
    expect([0, 1, 2, 7].map(optionLetter)).toEqual(['A', 'B', 'C', 'H']);
  });
});

describe('percentOf', () => {
  it('rounds to whole percent and reads 0 when nobody answered', () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(3, 3)).toBe(100);
    expect(percentOf(0, 0)).toBe(0);
  });
});

describe('formatCountdown', () => {
  it('rounds up, so that 0:00 means time is up', () => {
    expect(formatCountdown(59_001)).toBe('1:00');
    expect(formatCountdown(9_400)).toBe('0:10');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-3_000)).toBe('0:00');
  });
});

describe('markAnswer', () => {
  it('marks a collective answer right only when it names exactly the correct options', () => {
    expect(markAnswer('multiple', [0, 2], { mode: 'collective', choices: [2, 0] })).toEqual({ kind: 'correct' });
    expect(markAnswer('multiple', [0, 2], { mode: 'collective', choices: [0] })).toEqual({ kind: 'incorrect' });
    expect(markAnswer('single', [1], { mode: 'collective', choices: [0] })).toEqual({ kind: 'incorrect' });
  });

  it('counts the pupils who chose right in a tally of a one-answer question', () => {
    expect(markAnswer('true_false', [0], { mode: 'tally', counts: [18, 7], present: 30 })).toEqual({ kind: 'pupils', correct: 18, present: 30 });
  });

  it('has no mark for a poll, nor for a tally of a multiple-answer question', () => {
    expect(markAnswer('single', null, { mode: 'collective', choices: [0] })).toEqual({ kind: 'none' });
    expect(markAnswer('multiple', [0], { mode: 'tally', counts: [3, 4], present: 9 })).toEqual({ kind: 'none' });
  });
});
