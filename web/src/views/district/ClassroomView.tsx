import type { DashboardFilter } from '@classroom/shared';
import { useCallback } from 'react';
import { classroomDashboard } from '../../services/dashboardApi.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useApiCall } from '../components/useApiCall.ts';
import type { DashboardState } from './dashboardState.ts';
import { FigureTiles } from './FigureTiles.tsx';
import { LessonsTable } from './LessonsTable.tsx';
import { LevelTrail } from './LevelTrail.tsx';
import { TrendCharts } from './TrendCharts.tsx';

/** A classroom's lessons, each opening its lesson report, against its district. */
export function ClassroomView({ token, classroomId, filter, go }: {
  token: string;
  classroomId: string;
  filter: DashboardFilter;
  go: (next: DashboardState, how: 'push') => void;
}) {
  const load = useCallback(() => classroomDashboard(token, classroomId, filter), [token, classroomId, filter]);
  const { data, error } = useApiCall(load);
  const school = data ? { id: data.classroom.schoolId, name: data.classroom.schoolName } : null;
  return (
    <div className="dashboard-level" data-testid="dashboard-classroom" data-classroom-id={classroomId} data-scheduled={data?.totals.scheduled ?? ''}>
      <LevelTrail filter={filter} go={go} school={school} classroom={data?.classroom ?? null} />
      <ErrorBox error={error} testId="dashboard-error" />
      {data ? (
        <>
          <FigureTiles totals={data.totals} district={data.district} />
          <TrendCharts weeks={data.weeks} />
          <LessonsTable token={token} query={{ ...filter, classroomId }} lessons={data.lessons} />
        </>
      ) : null}
    </div>
  );
}
