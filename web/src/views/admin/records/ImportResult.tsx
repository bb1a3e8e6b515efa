import type { SchoolImport } from '@classroom/shared';
import { useTranslation } from 'react-i18next';

/** What each row of an imported file did, errors first to catch the eye. */
export function ImportResult({ result }: { result: SchoolImport }) {
  const { t } = useTranslation();
  const rows = [...result.rows].sort((a, b) => Number(b.outcome === 'error') - Number(a.outcome === 'error') || a.line - b.line);
  return (
    <div data-testid="csv-import-result">
      <p role="status">{t('records.importSummary', result.created)}</p>
      <table className="status-table">
        <thead>
          <tr>
            <th scope="col">{t('records.line')}</th>
            <th scope="col">{t('records.school')}</th>
            <th scope="col">{t('records.classroom')}</th>
            <th scope="col">{t('records.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.line} data-testid={`import-row-${row.line}`} data-outcome={row.outcome}>
              <td>{row.line}</td>
              <td>{row.school}</td>
              <td>{row.classroom ?? ''}</td>
              <td>{t(`records.outcome_${row.outcome}`, { message: row.message ?? '' })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
