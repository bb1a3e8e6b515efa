import type { DashboardExportQuery, DashboardFormat, DashboardTable } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.ts';
import { dashboardExport } from '../../services/dashboardApi.ts';
import { saveBlob } from '../../services/download.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useAction } from '../components/useAction.ts';

/**
 * A table as the server writes it, CSV (UTF-8 with BOM, formula-safe) or Excel, with the
 * dashboard's filter and headers in the page's language. Fetched here: the request needs the bearer header.
 */
export function ExportButtons({ token, table, query, title }: { token: string; table: DashboardTable; query: DashboardExportQuery; title: string }) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();

  const download = (format: DashboardFormat) => run(async () => {
    const blob = await dashboardExport(token, table, { ...query, format, lang: currentLanguage() });
    saveBlob(blob, `${table}${query.from ? `-${query.from}` : ''}${query.to ? `-${query.to}` : ''}.${format}`);
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
