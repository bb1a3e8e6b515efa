import { installDebugHooks } from './debug.ts';
import { JOIN_BEFORE_MS } from './lessonToJoin.ts';
import { runLinkDay } from './linkDay.ts';
import { runNetworkCheckDays } from './networkCheckDays.ts';
import { startQualityReports } from './qualityReporter.ts';

/**
 * A projector on its classroom's permanent link runs its day by itself: it joins each lesson
 * shortly before it starts, and goes back to waiting when it ends; it checks its network when it
 * opens and each morning. Once per page.
 */
export function runProjectorDay(token: string): void {
  installDebugHooks('recv');
  startQualityReports();
  runLinkDay(token, { role: 'projector', joinBeforeMs: JOIN_BEFORE_MS, leaveAfterEndMs: 0 });
  runNetworkCheckDays(token);
}
