import type { DashboardExportQuery, DashboardFormat, DashboardTable } from '@classroom/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.ts';
import { dashboardExport } from '../../services/districtApi.ts';
import { saveBlob } from '../../services/download.ts';
import { apiErrorText, type ErrorText } from '../components/apiErrorText.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useBusy } from '../components/useBusy.ts';

/**
 * A table as the server writes it, CSV (UTF-8 with BOM, formula-safe) or Excel, with the
 * dashboard's filter and headers in the page's language. Fetched here: the request needs the bearer header.
 */
export function ExportButtons({ token, table, query, title }: { token: string; table: DashboardTable; query: DashboardExportQuery; title: string }) {
  const { t } = useTranslation();
  const [busy, run] = useBusy();
  const [error, setError] = useState<ErrorText | null>(null);

  const download = (format: DashboardFormat) => run(async () => {
    try {
      const blob = await dashboardExport(token, table, { ...query, format, lang: currentLanguage() });
      saveBlob(blob, `${table}${query.from ? `-${query.from}` : ''}${query.to ? `-${query.to}` : ''}.${format}`);
      setError(null);
    } catch (failure) {
      setError(apiErrorText(t, failure));
    }
  });

  return (
    <div className="export-buttons no-print" role="group" aria-label={t('district.download', { table: title })}>
      <button type="button" className="button button--small" data-testid={`export-${table}-csv`} disabled={busy} onClick={() => void download('csv')}>
        {t('district.downloadCsv')}
      </button>
      <button type="button" className="button button--small" data-testid={`export-${table}-xlsx`} disabled={busy} onClick={() => void download('xlsx')}>
        {t('district.downloadXlsx')}
      </button>
      <ErrorBox error={error} testId={`export-${table}-error`} />
    </div>
  );
}
