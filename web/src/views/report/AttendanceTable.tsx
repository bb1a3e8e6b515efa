import type { AttendanceRow } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { TableHead } from '../components/TableHead.tsx';
import { formatDuration } from '../components/formatDuration.ts';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '–');

/** Who came, for how long, and how often the projector had to reconnect (a weak link shows here). */
export function AttendanceTable({ rows }: { rows: AttendanceRow[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="report-attendance" aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{t('report.attendance')}</h2>
      <table className="data-table">
        <TableHead
          columns={[t('quiz.classroom'), t('report.present'), t('report.projectorTime'), t('report.projectorConnections'), t('report.firstJoined'), t('report.lastLeft')]}
        />
        <tbody>
          {rows.map((row) => (
            <tr key={row.classroomId} data-testid="attendance-row" data-classroom-id={row.classroomId} data-present-seconds={row.presentSeconds}>
              <th scope="row">
                {row.name} {row.removed ? <span className="badge">{t('report.removed')}</span> : null}
              </th>
              <td>{row.firstJoinedAt ? formatDuration(row.presentSeconds * 1000) : t('report.neverCame')}</td>
              <td>{formatDuration(row.projectorSeconds * 1000)}</td>
              <td>{row.projectorConnections}</td>
              <td>{time(row.firstJoinedAt)}</td>
              <td>{row.firstJoinedAt && !row.lastLeftAt ? t('report.stillHere') : time(row.lastLeftAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
