import { describe, expect, it } from 'vitest';
import { tallyProblem } from './tallyCheck.ts';

describe('tallyProblem', () => {
  it('needs the pupils present first', () => {
    expect(tallyProblem('single', [0, 0], 0)).toBe('present');
  });

  it('accepts a tally that adds up, including pupils who did not answer', () => {
    expect(tallyProblem('single', [12, 10], 30)).toBeNull();
  });

  it('refuses more answers than pupils for a one-answer question', () => {
    expect(tallyProblem('true_false', [20, 11], 30)).toBe('tooMany');
  });

  it('lets pupils count in several options of a multiple-answer question, never above the room', () => {
    expect(tallyProblem('multiple', [20, 25, 18], 30)).toBeNull();
    expect(tallyProblem('multiple', [31, 0], 30)).toBe('tooMany');
  });
});
