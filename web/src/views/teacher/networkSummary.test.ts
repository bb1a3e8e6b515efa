import { describe, expect, it } from 'vitest';
import { networkSummary } from './networkSummary.ts';

describe('networkSummary', () => {
  it('counts the poor and fair classrooms out of the lesson\'s, and those never checked', () => {
    const checks = [{ grade: 'poor' }, { grade: 'good' }, { grade: 'poor' }, { grade: 'fair' }, { grade: 'poor' }] as const;
    expect(networkSummary(checks, 40)).toEqual({ total: 40, poor: 3, fair: 1, unchecked: 35 });
    expect(networkSummary([], 2)).toEqual({ total: 2, poor: 0, fair: 0, unchecked: 2 });
  });
});
