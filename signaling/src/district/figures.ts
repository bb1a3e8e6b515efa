import type { DashboardFigures } from '@classroom/shared';

/** The figures of nothing: no lesson in the filter. */
export function emptyFigures(): DashboardFigures {
  return {
    scheduled: 0, attended: 0, attendanceRate: null, minutesPresent: 0, lateJoins: 0, earlyLeaves: 0, handsRaised: 0, stageTurns: 0,
    quizAsked: 0, quizAnswered: 0, quizAnswerRate: null, quizJudged: 0, quizCorrect: 0, quizCorrectRate: null,
    linkGoodMinutes: 0, linkFairMinutes: 0, linkPoorMinutes: 0, soundOnlyMinutes: 0, reconnects: 0, replaysTaken: 0,
    morningChecks: 0, morningChecksPoor: 0,
  };
}
