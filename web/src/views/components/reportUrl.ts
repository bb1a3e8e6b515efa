import type { ReportSource } from '../../services/reportApi.ts';
import { withHashToken } from '../../services/hashToken.ts';

/**
 * The report page of a lesson, opened with a token that may read it: the admin or its teacher,
 * or, from the district view, a district manager.
 */
export function reportUrl(lessonId: string, token: string, source: ReportSource = 'lesson'): string {
  const query = new URLSearchParams({ lesson: lessonId, ...(source === 'district' ? { via: 'district' } : {}) });
  return withHashToken(`/report?${query.toString()}`, token);
}

/** Which route the report page reads its report from (its address says). */
export function reportSourceOf(search: string): ReportSource {
  return new URLSearchParams(search).get('via') === 'district' ? 'district' : 'lesson';
}
