import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.ts';
import { getReportCsv, type ReportSource } from '../../services/reportApi.ts';
import { saveBlob } from '../../services/download.ts';
import { apiErrorText, type ErrorText } from '../components/apiErrorText.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useBusy } from '../components/useBusy.ts';

/**
 * The report as a spreadsheet file, its headers and yes/no in the page's language; fetched here
 * because the request needs the bearer header.
 */
export function DownloadCsvButton({ token, lessonId, source }: { token: string; lessonId: string; source: ReportSource }) {
  const { t } = useTranslation();
  const [busy, run] = useBusy();
  const [error, setError] = useState<ErrorText | null>(null);

  const download = () => run(async () => {
    try {
      saveBlob(await getReportCsv(token, lessonId, currentLanguage(), source), `lesson-${lessonId}-report.csv`);
      setError(null);
    } catch (failure) {
      setError(apiErrorText(t, failure));
    }
  });

  return (
    <>
      <button type="button" className="button button--primary" data-testid="download-csv" disabled={busy} onClick={() => void download()}>
        {t('report.downloadCsv')}
      </button>
      <ErrorBox error={error} testId="download-error" />
    </>
  );
}
