import type { DashboardExportQuery, WeekRow } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { FiguresTable } from './FiguresTable.tsx';
import { TableCard } from './TableCard.tsx';
import { formatWeek } from './weeks.ts';

/** The trend's figures week by week (what the charts draw, as a table to read or download). */
export function WeeksTable({ token, query, weeks }: { token: string; query: DashboardExportQuery; weeks: WeekRow[] }) {
  const { t, i18n } = useTranslation();
  return (
    <TableCard title={t('district.tables.weeks')} table="weeks" token={token} query={query}>
      <FiguresTable
        testId="week-row"
        headColumns={[t('district.columns.week')]}
        rows={weeks.map((w) => ({ key: w.week, figures: w, head: [formatWeek(w.week, i18n.language, 'long')] }))}
      />
    </TableCard>
  );
}
