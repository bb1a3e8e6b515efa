import type { DashboardFilter } from '@classroom/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { schoolDashboard } from '../../services/dashboardApi.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useApiCall } from '../components/useApiCall.ts';
import type { DashboardState } from './dashboardState.ts';
import { DrillLink } from './DrillLink.tsx';
import { FigureTiles } from './FigureTiles.tsx';
import { FiguresTable } from './FiguresTable.tsx';
import { LevelTrail } from './LevelTrail.tsx';
import { TableCard } from './TableCard.tsx';
import { TrendCharts } from './TrendCharts.tsx';
import { WeeksTable } from './WeeksTable.tsx';

/** A school's classrooms, against its district. */
export function SchoolView({ token, schoolId, filter, go }: {
  token: string;
  schoolId: string;
  filter: DashboardFilter;
  go: (next: DashboardState, how: 'push') => void;
}) {
  const { t } = useTranslation();
  const load = useCallback(() => schoolDashboard(token, schoolId, filter), [token, schoolId, filter]);
  const { data, error } = useApiCall(load);
  const query = { ...filter, schoolId };
  return (
    <div className="dashboard-level" data-testid="dashboard-school" data-school-id={schoolId} data-scheduled={data?.totals.scheduled ?? ''}>
      <LevelTrail filter={filter} go={go} school={data?.school ?? null} />
      <ErrorBox error={error} testId="dashboard-error" />
      {data ? (
        <>
          <FigureTiles totals={data.totals} district={data.district} />
          <TrendCharts weeks={data.weeks} />
          <TableCard title={t('district.tables.classrooms')} table="classrooms" token={token} query={query}>
            <FiguresTable
              testId="classroom-row"
              headColumns={[t('district.columns.classroom')]}
              rows={data.classrooms.map((c) => ({
                key: c.classroomId,
                figures: c,
                head: [
                  <DrillLink to={{ view: { level: 'classroom', classroomId: c.classroomId }, filter }} go={go} testId={`open-classroom-${c.classroomId}`}>{c.name}</DrillLink>,
                ],
              }))}
            />
          </TableCard>
          <WeeksTable token={token} query={query} weeks={data.weeks} />
        </>
      ) : null}
    </div>
  );
}
