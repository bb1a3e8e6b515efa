import type { DashboardFigures } from '@classroom/shared';
import type { CheckSums, StatsSums } from '../db/DashboardStore.ts';

const NO_SUMS: StatsSums = {
  scheduled: 0, attended: 0, presentSeconds: 0, lateJoins: 0, earlyLeaves: 0, handsRaised: 0, stageTurns: 0, quizAsked: 0,
  quizAnswered: 0, quizJudged: 0, quizCorrect: 0, linkGoodSeconds: 0, linkFairSeconds: 0, linkPoorSeconds: 0, soundOnlySeconds: 0,
  reconnects: 0, replaysTaken: 0,
};

/** The figures of nothing: no lesson in the filter. */
export function emptyFigures(): DashboardFigures {
  return figures(NO_SUMS);
}

/** Adds sums up (a district's from its schools', the total from the districts'). */
export function addSums(parts: Iterable<StatsSums | undefined>): StatsSums {
  const total = { ...NO_SUMS };
  for (const part of parts) {
    if (!part) continue;
    for (const key of Object.keys(total) as (keyof StatsSums)[]) total[key] += part[key];
  }
  return total;
}

export function addChecks(parts: Iterable<CheckSums | undefined>): CheckSums {
  let checks = 0;
  let poor = 0;
  for (const part of parts) {
    checks += part?.checks ?? 0;
    poor += part?.poor ?? 0;
  }
  return { checks, poor };
}

/** Minutes to one decimal. */
export function minutes(seconds: number): number {
  return Math.round(seconds / 6) / 10;
}

/** A share to three decimals, null when there is nothing to share. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

/** The figures the dashboard shows, from sums. */
export function figures(s: StatsSums | undefined, checks?: CheckSums): DashboardFigures {
  const sums = s ?? NO_SUMS;
  return {
    scheduled: sums.scheduled, attended: sums.attended, attendanceRate: rate(sums.attended, sums.scheduled),
    minutesPresent: minutes(sums.presentSeconds), lateJoins: sums.lateJoins, earlyLeaves: sums.earlyLeaves,
    handsRaised: sums.handsRaised, stageTurns: sums.stageTurns,
    quizAsked: sums.quizAsked, quizAnswered: sums.quizAnswered, quizAnswerRate: rate(sums.quizAnswered, sums.quizAsked),
    quizJudged: sums.quizJudged, quizCorrect: sums.quizCorrect, quizCorrectRate: rate(sums.quizCorrect, sums.quizJudged),
    linkGoodMinutes: minutes(sums.linkGoodSeconds), linkFairMinutes: minutes(sums.linkFairSeconds), linkPoorMinutes: minutes(sums.linkPoorSeconds),
    soundOnlyMinutes: minutes(sums.soundOnlySeconds), reconnects: sums.reconnects, replaysTaken: sums.replaysTaken,
    morningChecks: checks?.checks ?? 0, morningChecksPoor: checks?.poor ?? 0,
  };
}

/** The share of link minutes graded poor (0 with no minutes). */
export function poorLinkShare(f: DashboardFigures): number {
  const all = f.linkGoodMinutes + f.linkFairMinutes + f.linkPoorMinutes;
  return all === 0 ? 0 : f.linkPoorMinutes / all;
}
