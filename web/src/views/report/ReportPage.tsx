import type { LessonPhase } from '@classroom/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { getReport } from '../../services/reportApi.ts';
import { PhaseBadge } from '../components/Badges.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { reportSourceOf } from '../components/reportUrl.ts';
import { TokenField, useHashToken } from '../components/TokenField.tsx';
import { useApiCall } from '../components/useApiCall.ts';
import { AttendanceTable } from './AttendanceTable.tsx';
import { DownloadCsvButton } from './DownloadCsvButton.tsx';
import { QualityTable } from './QualityTable.tsx';
import { QuizReport } from './QuizReport.tsx';

// A local list rather than shared's LESSON_PHASES, which would pull zod into the page.
const PHASES = ['scheduled', 'live', 'off-air', 'ended'] as const satisfies readonly LessonPhase[];

/** The report types its phase as a string; show a badge only for a phase the page knows. */
function isLessonPhase(phase: string): phase is LessonPhase {
  return (PHASES as readonly string[]).includes(phase);
}

/**
 * `/report?lesson=<id>#token=<admin or teacher token>`: a lesson's attendance, quiz answers and
 * link quality, during or after the lesson, and the same as a CSV file. From the district view
 * (`&via=district`, also a district manager's token) it reads the district view's copy.
 */
export function ReportPage() {
  const { t } = useTranslation();
  const lessonId = new URLSearchParams(location.search).get('lesson') ?? '';
  const source = reportSourceOf(location.search);
  const [token, setToken] = useHashToken('classroom.reportToken');
  const load = useCallback(() => getReport(token, lessonId, source), [token, lessonId, source]);
  const { data: report, error, busy, refresh } = useApiCall(token && lessonId ? load : null);

  return (
    <div className="report">
      <PageHeader title={t('report.title')}>
        {report ? <span className="teacher__lesson" data-testid="report-lesson-title">{report.lesson.title}</span> : null}
        {report && isLessonPhase(report.lesson.phase) ? <PhaseBadge phase={report.lesson.phase} /> : null}
      </PageHeader>
      <main className="report__main">
        {lessonId === '' ? <p className="alert alert--error" role="alert" data-testid="report-error">{t('report.noLesson')}</p> : null}
        {!report ? (
          <TokenField label={t('report.token')} hint={t('report.tokenHint')} testId="report-token" value={token} onChange={setToken} />
        ) : null}
        <ErrorBox error={error} testId="report-error" />
        {report ? (
          <>
            <div className="report__toolbar">
              <span className="muted">{t('report.generatedAt', { time: new Date(report.generatedAt).toLocaleString() })}</span>
              <button type="button" className="button" data-testid="refresh-report" disabled={busy} onClick={() => void refresh()}>
                {t('admin.refresh')}
              </button>
              <DownloadCsvButton token={token} lessonId={lessonId} source={source} />
            </div>
            <AttendanceTable rows={report.attendance} />
            <QuizReport rows={report.quizzes} />
            <QualityTable rows={report.quality} />
          </>
        ) : null}
      </main>
    </div>
  );
}
