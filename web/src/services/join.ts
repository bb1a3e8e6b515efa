import type { Role } from '@classroom/shared';
import { installDebugHooks } from './debug.ts';
import { startQualityReports } from './qualityReporter.ts';
import { failWithoutToken, startSession } from './session.ts';
import { tokenFromQuery } from './token.ts';

/** Joins the lesson with the token of this page's link; no click needed (projectors). */
export function joinFromLink(role: Role): void {
  const token = tokenFromQuery();
  if (token) startSession(token, role);
  else failWithoutToken();
  if (role !== 'assistant') installDebugHooks(role === 'teacher' ? 'send' : 'recv');
  if (role === 'projector') startQualityReports();
}
