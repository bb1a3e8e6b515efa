import type { DashboardFigures } from '@classroom/shared';

// How the dashboard writes its figures: rates as whole percents, minutes with at most one
// decimal, in the page's language; a rate of nothing counted is a dash, never "0 %".

export const NO_VALUE = '–';

export function formatRate(rate: number | null, language: string): string {
  if (rate === null || !Number.isFinite(rate)) return NO_VALUE;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
}

/** A rate in percent for a chart's axis (0–100, one decimal); null stays a gap in the line. */
export function ratePercent(rate: number | null): number | null {
  return rate === null || !Number.isFinite(rate) ? null : Math.round(rate * 1000) / 10;
}

/**
 * A rate against the district's, in percentage points: 'below' when it trails by more than
 * `margin` points (the dashboard marks it), 'above' when it leads by as much, else 'level'.
 */
export function compareRate(rate: number | null, district: number | null, margin = 5): { points: number; side: 'below' | 'level' | 'above' } | null {
  if (rate === null || district === null) return null;
  const points = Math.round((rate - district) * 100);
  return { points, side: points < -margin ? 'below' : points > margin ? 'above' : 'level' };
}

/** The figures' columns in the order the tables and the exports show them. */
export const FIGURE_COLUMNS = [
  'scheduled', 'attended', 'attendanceRate', 'minutesPresent', 'lateJoins', 'earlyLeaves',
  'handsRaised', 'stageTurns', 'quizAnswerRate', 'quizCorrectRate',
  'linkGoodMinutes', 'linkFairMinutes', 'linkPoorMinutes', 'soundOnlyMinutes', 'reconnects',
  'replaysTaken', 'morningChecks',
] as const satisfies readonly (keyof DashboardFigures)[];
export type FigureColumn = (typeof FIGURE_COLUMNS)[number];

const RATES = new Set<FigureColumn>(['attendanceRate', 'quizAnswerRate', 'quizCorrectRate']);

/** One cell of a figures table. (Morning checks read "12 (3 poor)" when any was poor.) */
export function formatFigure(figures: DashboardFigures, column: FigureColumn, language: string, poorWord: string): string {
  const value = figures[column];
  if (RATES.has(column) || value === null) return formatRate(value, language);
  if (column === 'morningChecks' && figures.morningChecksPoor > 0) {
    return `${formatNumber(value, language)} (${formatNumber(figures.morningChecksPoor, language)} ${poorWord})`;
  }
  return formatNumber(value, language);
}
