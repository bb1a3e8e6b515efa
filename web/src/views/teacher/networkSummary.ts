import type { NetworkCheckResult } from '@classroom/shared';

export interface NetworkSummaryCounts {
  total: number;
  poor: number;
  fair: number;
  /** Classrooms of the lesson never checked (a new classroom, a projector never opened). */
  unchecked: number;
}

/** The lesson's classrooms by the grade of their last check: "3 of 40 classrooms poor". */
export function networkSummary(checks: readonly Pick<NetworkCheckResult, 'grade'>[], total: number): NetworkSummaryCounts {
  return {
    total,
    poor: checks.filter((c) => c.grade === 'poor').length,
    fair: checks.filter((c) => c.grade === 'fair').length,
    unchecked: Math.max(0, total - checks.length),
  };
}
