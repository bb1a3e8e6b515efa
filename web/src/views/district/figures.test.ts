import type { DashboardFigures } from '@classroom/shared';
import { describe, expect, it } from 'vitest';
import { compareRate, formatFigure, formatRate, ratePercent } from './figures.ts';

const figures: DashboardFigures = {
  scheduled: 40, attended: 34, attendanceRate: 0.85, minutesPresent: 1234.56, lateJoins: 3, earlyLeaves: 1,
  handsRaised: 12, stageTurns: 5, quizAsked: 20, quizAnswered: 15, quizAnswerRate: 0.75, quizJudged: 0, quizCorrect: 0,
  quizCorrectRate: null, linkGoodMinutes: 1000, linkFairMinutes: 200.25, linkPoorMinutes: 34.3, soundOnlyMinutes: 5,
  reconnects: 2, replaysTaken: 1, morningChecks: 12, morningChecksPoor: 3,
};

describe('dashboard figures', () => {
  it('writes rates as whole percents and nothing counted as a dash', () => {
    expect(formatRate(0.854, 'en')).toBe('85%');
    expect(formatRate(1, 'zh-CN')).toBe('100%');
    expect(formatRate(null, 'en')).toBe('–');
    expect(formatFigure(figures, 'quizCorrectRate', 'en', 'poor')).toBe('–');
  });

  it('writes counts and minutes with one decimal at most, grouped in the language', () => {
    expect(formatFigure(figures, 'minutesPresent', 'en', 'poor')).toBe('1,234.6');
    expect(formatFigure(figures, 'linkFairMinutes', 'en', 'poor')).toBe('200.3');
    expect(formatFigure(figures, 'scheduled', 'en', 'poor')).toBe('40');
  });

  it('names the poor morning checks beside their count', () => {
    expect(formatFigure(figures, 'morningChecks', 'en', 'poor')).toBe('12 (3 poor)');
    expect(formatFigure({ ...figures, morningChecksPoor: 0 }, 'morningChecks', 'en', 'poor')).toBe('12');
  });

  it('gives charts percents with a gap for a week without data', () => {
    expect(ratePercent(0.8567)).toBe(85.7);
    expect(ratePercent(null)).toBeNull();
  });

  it('compares a rate with the district\'s in points, level within the margin', () => {
    expect(compareRate(0.6, 0.8)).toEqual({ points: -20, side: 'below' });
    expect(compareRate(0.83, 0.8)).toEqual({ points: 3, side: 'level' });
    expect(compareRate(0.9, 0.8)).toEqual({ points: 10, side: 'above' });
    expect(compareRate(null, 0.8)).toBeNull();
  });
});
