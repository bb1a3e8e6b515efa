import type { NetworkChecksResponse } from '@classroom/shared';
import { call } from './api.ts';

// Apart from the check itself (networkCheck.ts, which needs mediasoup-client): the pages that
// only show results (admin, teacher) import this, and their chunks stay without media code.

/** The last checks the token may read: its classroom's, a lesson's classrooms' (`lessonId`), or all (admin). */
export function readNetworkChecks(token: string, lessonId?: string): Promise<NetworkChecksResponse & { classrooms?: number }> {
  return call(`/api/network-checks${lessonId ? `?lessonId=${encodeURIComponent(lessonId)}` : ''}`, token);
}
