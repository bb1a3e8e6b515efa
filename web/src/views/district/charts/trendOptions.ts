import type { WeekRow } from '@classroom/shared';
import { ratePercent } from '../figures.ts';
import type { ChartOption } from './echarts.ts';

// The dashboard's weekly trend charts as ECharts options: pure data in, option out, so what a
// chart draws is tested without a browser. Colors follow the page's (good/fair/poor as the
// quality badges); text is light for the dark page, and the print stylesheet turns it dark.

export const CHART_COLORS = {
  attendance: '#2f80ed', answer: '#b18cff', correct: '#2eb872',
  good: '#2eb872', fair: '#f2b233', poor: '#ff6b6b', soundOnly: '#aab4bf',
} as const;
const TEXT = '#d5dbe1';
const LINES = '#3a4653';

/** The names a chart shows, in the page's language. */
export interface TrendTexts {
  /** What the chart shows, read by screen readers. */
  description: string;
  /** Series names, by key. */
  series: Record<string, string>;
  /** A week's label on the axis (its Monday). */
  week: (monday: string) => string;
}

function frame(weeks: WeekRow[], texts: TrendTexts): ChartOption {
  return {
    aria: { enabled: true, label: { description: texts.description } },
    animation: false, // drawn once for print and projection; no half-drawn chart in a screenshot
    textStyle: { color: TEXT, fontSize: 13 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: TEXT } },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category', data: weeks.map((w) => texts.week(w.week)),
      axisLine: { lineStyle: { color: LINES } }, axisLabel: { color: TEXT },
    },
  };
}

// (units are in the chart's title and the percent sign on the rates' axis: an axis name is cut off at the edge)
const valueAxis = (max?: number) => ({
  type: 'value' as const, min: 0, ...(max === undefined ? {} : { max }),
  axisLabel: { color: TEXT, ...(max === 100 ? { formatter: '{value}%' } : {}) }, splitLine: { lineStyle: { color: LINES } },
});

/** Attendance, quiz answer and quiz correct rates per week, in percent. */
export function rateTrendOption(weeks: WeekRow[], texts: TrendTexts): ChartOption {
  const line = (key: 'attendance' | 'answer' | 'correct', values: (number | null)[]) => ({
    type: 'line' as const, name: texts.series[key] ?? key, data: values, connectNulls: false, symbolSize: 7,
    itemStyle: { color: CHART_COLORS[key] }, lineStyle: { width: 3, color: CHART_COLORS[key] },
  });
  return {
    ...frame(weeks, texts),
    yAxis: valueAxis(100),
    series: [
      line('attendance', weeks.map((w) => ratePercent(w.attendanceRate))),
      line('answer', weeks.map((w) => ratePercent(w.quizAnswerRate))),
      line('correct', weeks.map((w) => ratePercent(w.quizCorrectRate))),
    ],
  };
}

/** Minutes of good, fair and poor link per week (stacked) and minutes with sound only. */
export function linkTrendOption(weeks: WeekRow[], texts: TrendTexts): ChartOption {
  const bar = (key: 'good' | 'fair' | 'poor', values: number[]) => ({
    type: 'bar' as const, name: texts.series[key] ?? key, stack: 'link', data: values, itemStyle: { color: CHART_COLORS[key] },
  });
  return {
    ...frame(weeks, texts),
    yAxis: valueAxis(),
    series: [
      bar('good', weeks.map((w) => w.linkGoodMinutes)),
      bar('fair', weeks.map((w) => w.linkFairMinutes)),
      bar('poor', weeks.map((w) => w.linkPoorMinutes)),
      {
        type: 'line', name: texts.series['soundOnly'] ?? 'soundOnly', data: weeks.map((w) => w.soundOnlyMinutes), symbolSize: 7,
        itemStyle: { color: CHART_COLORS.soundOnly }, lineStyle: { width: 3, type: 'dashed', color: CHART_COLORS.soundOnly },
      },
    ],
  };
}

/** How many points a trend draws (weeks with a value, over its series): 0 is an empty chart. */
export function pointsOf(option: ChartOption): number {
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return series.reduce((sum, s) => sum + (Array.isArray(s.data) ? s.data.filter((v) => v !== null && v !== 0).length : 0), 0);
}
