import { describe, expect, it } from 'vitest';
import { LESSON_PHASES } from '@classroom/shared';
import { canTransition } from './phase.ts';

describe('lesson phases', () => {
  it.each([
    ['scheduled', 'live'], ['live', 'off-air'], ['off-air', 'live'],
    ['scheduled', 'ended'], ['live', 'ended'], ['off-air', 'ended'],
  ] as const)('%s → %s is allowed', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('ended is final', () => {
    for (const to of LESSON_PHASES) expect(canTransition('ended', to)).toBe(false);
  });

  it('cannot go back to scheduled or off-air without having been live', () => {
    expect(canTransition('live', 'scheduled')).toBe(false);
    expect(canTransition('off-air', 'scheduled')).toBe(false);
    expect(canTransition('scheduled', 'off-air')).toBe(false);
  });
});
