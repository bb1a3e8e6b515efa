import type { QualityRow } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { TableHead } from '../components/TableHead.tsx';

/**
 * Each projector's link over the lesson, averaged from its reports every few seconds. Numbers
 * only: shared's gradeQuality would bring zod into the page (it lives beside the report's schema).
 */
export function QualityTable({ rows }: { rows: QualityRow[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="report-quality" aria-labelledby="quality-heading">
      <h2 id="quality-heading">{t('report.quality')}</h2>
      {rows.length === 0 ? <p className="muted">{t('report.noQuality')}</p> : (
        <table className="data-table">
          <TableHead columns={[t('quiz.classroom'), t('report.rtt'), t('report.loss'), t('report.bitrate'), t('report.frameHeight'), t('report.samples')]} />
          <tbody>
            {rows.map((row) => (
              <tr key={row.classroomId} data-testid="quality-row" data-classroom-id={row.classroomId}>
                <th scope="row">{row.name}</th>
                <td>{row.avgRttMs === null ? '–' : `${Math.round(row.avgRttMs)} ms`}</td>
                <td>{row.avgLossPercent.toFixed(1)} %</td>
                <td>{Math.round(row.avgBitrateKbps)} kbit/s</td>
                <td>{row.avgFrameHeight > 0 ? `${Math.round(row.avgFrameHeight)}p` : '–'}</td>
                <td>{row.samples}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
