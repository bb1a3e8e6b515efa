import type { DashboardFigures, WeekRow } from '@classroom/shared';
import { describe, expect, it } from 'vitest';
import { linkTrendOption, pointsOf, rateTrendOption, type TrendTexts } from './trendOptions.ts';

const zero: DashboardFigures = {
  scheduled: 0, attended: 0, attendanceRate: null, minutesPresent: 0, lateJoins: 0, earlyLeaves: 0, handsRaised: 0,
  stageTurns: 0, quizAsked: 0, quizAnswered: 0, quizAnswerRate: null, quizJudged: 0, quizCorrect: 0, quizCorrectRate: null,
  linkGoodMinutes: 0, linkFairMinutes: 0, linkPoorMinutes: 0, soundOnlyMinutes: 0, reconnects: 0, replaysTaken: 0,
  morningChecks: 0, morningChecksPoor: 0,
};
const weeks: WeekRow[] = [
  { ...zero, week: '2026-09-07', scheduled: 10, attended: 9, attendanceRate: 0.9, quizAnswerRate: 0.5, quizCorrectRate: 0.25, linkGoodMinutes: 300, linkFairMinutes: 20, linkPoorMinutes: 5, soundOnlyMinutes: 2 },
  { ...zero, week: '2026-09-14' }, // a holiday: nothing held
  { ...zero, week: '2026-09-21', scheduled: 10, attended: 7, attendanceRate: 0.7, quizAnswerRate: 1, quizCorrectRate: 0.8, linkGoodMinutes: 200, linkPoorMinutes: 40 },
];
const texts: TrendTexts = {
  description: 'trend', week: (monday) => `W ${monday.slice(5)}`,
  series: { attendance: 'Attendance', answer: 'Answered', correct: 'Correct', good: 'Good', fair: 'Fair', poor: 'Poor', soundOnly: 'Sound only' },
};

type Series = { name: string; data: (number | null)[]; stack?: string };
const seriesOf = (option: ReturnType<typeof rateTrendOption>) => option.series as Series[];

describe('weekly trend charts', () => {
  it('draws each week\'s rates in percent, leaving a gap for a week with nothing counted', () => {
    const option = rateTrendOption(weeks, texts);
    expect((option.xAxis as { data: string[] }).data).toEqual(['W 09-07', 'W 09-14', 'W 09-21']);
    expect(seriesOf(option).map((s) => [s.name, s.data])).toEqual([
      ['Attendance', [90, null, 70]],
      ['Answered', [50, null, 100]],
      ['Correct', [25, null, 80]],
    ]);
    expect((option.yAxis as { max: number }).max).toBe(100);
  });

  it('stacks good, fair and poor link minutes and draws sound-only minutes apart', () => {
    const series = seriesOf(linkTrendOption(weeks, texts));
    expect(series.map((s) => [s.name, s.stack ?? null, s.data])).toEqual([
      ['Good', 'link', [300, 0, 200]],
      ['Fair', 'link', [20, 0, 0]],
      ['Poor', 'link', [5, 0, 40]],
      ['Sound only', null, [2, 0, 0]],
    ]);
  });

  it('counts the points drawn, so an empty range reads as empty', () => {
    expect(pointsOf(rateTrendOption(weeks, texts))).toBe(6);
    expect(pointsOf(rateTrendOption([{ ...zero, week: '2026-09-14' }], texts))).toBe(0);
  });
});
