import { describe, expect, it } from 'vitest';
import { formatWeek, mondayOf, sundayOf, weeksBetween } from './weeks.ts';

describe('dashboard weeks', () => {
  it('finds the Monday of any day, Sunday included', () => {
    expect(mondayOf('2026-09-07')).toBe('2026-09-07'); // a Monday
    expect(mondayOf('2026-09-10')).toBe('2026-09-07');
    expect(mondayOf('2026-09-13')).toBe('2026-09-07'); // its Sunday
    expect(mondayOf('2026-09-14')).toBe('2026-09-14');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // across a year
  });

  it('ends a week on its Sunday', () => {
    expect(sundayOf('2026-12-28')).toBe('2027-01-03');
  });

  it('lists the weeks of a term, first and last included', () => {
    expect(weeksBetween('2026-09-09', '2026-09-28')).toEqual(['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28']);
    expect(weeksBetween('2026-09-09', '2026-09-09')).toEqual(['2026-09-07']);
    expect(weeksBetween(null, '2026-09-09')).toEqual([]);
  });

  it('counts 20 weeks for a 20-week term without a daylight-saving slip', () => {
    const weeks = weeksBetween('2026-03-02', '2026-07-19');
    expect(weeks).toHaveLength(20);
    expect(new Set(weeks.map((w) => new Date(`${w}T00:00:00Z`).getUTCDay()))).toEqual(new Set([1]));
  });
});

describe('week labels', () => {
  it('write a week by its Monday, whatever the machine\'s zone', () => {
    expect(formatWeek('2026-09-07', 'en', 'long')).toBe('Sep 7, 2026');
    expect(formatWeek('2026-09-07', 'zh-CN', 'short')).toBe('9/7');
  });
});
