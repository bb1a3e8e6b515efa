import type { LessonReport, ReportCsvLanguage } from '@classroom/shared';
import { call, lessonPath, send } from './api.ts';

// A lesson's report, for the report page only (not in what every page loads).

/**
 * Where a lesson's report is read: its own route (the admin, its teacher), or the district
 * view's (the admin, or a district manager, who sees its own district's classrooms only).
 */
export type ReportSource = 'lesson' | 'district';

const reportPath = (lessonId: string, source: ReportSource) =>
  (source === 'district' ? `/api/dashboard/lessons/${encodeURIComponent(lessonId)}/report` : `${lessonPath(lessonId)}/report`);

export function getReport(token: string, lessonId: string, source: ReportSource = 'lesson'): Promise<LessonReport> {
  return call<LessonReport>(reportPath(lessonId, source), token);
}

/** The report as CSV, headers in `language`, fetched with the bearer header (a plain link could not carry it). */
export async function getReportCsv(token: string, lessonId: string, language: ReportCsvLanguage, source: ReportSource = 'lesson'): Promise<Blob> {
  const path = source === 'district' ? `${reportPath(lessonId, source)}?format=csv&lang=${language}` : `${lessonPath(lessonId)}/report.csv?lang=${language}`;
  return (await send(path, token, {}, 'text/csv')).blob();
}
