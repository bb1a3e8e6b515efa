import type { DashboardFilter } from '@classroom/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { dashboardOverview } from '../../services/dashboardApi.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useApiCall } from '../components/useApiCall.ts';
import type { DashboardState } from './dashboardState.ts';
import { DrillLink } from './DrillLink.tsx';
import { FigureTiles } from './FigureTiles.tsx';
import { FiguresTable } from './FiguresTable.tsx';
import { QuestionsTable } from './QuestionsTable.tsx';
import { TableCard } from './TableCard.tsx';
import { TrendCharts } from './TrendCharts.tsx';
import { WeeksTable } from './WeeksTable.tsx';

/** The term across districts and schools: totals, weekly trends, schools needing attention first. */
export function OverviewView({ token, filter, go }: { token: string; filter: DashboardFilter; go: (next: DashboardState, how: 'push') => void }) {
  const { t } = useTranslation();
  const load = useCallback(() => dashboardOverview(token, filter), [token, filter]);
  const { data, error } = useApiCall(load);
  if (!data) return <ErrorBox error={error} testId="dashboard-error" />;
  const noDistrict = t('district.noDistrict');
  return (
    <div className="dashboard-level" data-testid="dashboard-overview" data-scheduled={data.totals.scheduled}>
      <ErrorBox error={error} testId="dashboard-error" />
      {data.totals.scheduled === 0 ? <p className="alert" data-testid="dashboard-empty">{t('district.noData')}</p> : null}
      <FigureTiles totals={data.totals} />
      <TrendCharts weeks={data.weeks} />
      <TableCard title={t('district.tables.schools')} table="schools" token={token} query={filter}>
        <FiguresTable
          testId="school-row"
          headColumns={[t('district.columns.school'), t('district.columns.district'), t('district.columns.classrooms')]}
          rows={data.schools.map((school) => ({
            key: school.schoolId,
            figures: school,
            flagged: school.attention.length > 0,
            head: [
              <>
                <DrillLink to={{ view: { level: 'school', schoolId: school.schoolId }, filter }} go={go} testId={`open-school-${school.schoolId}`}>{school.name}</DrillLink>
                {school.attention.map((why) => (
                  <span key={why} className={`badge badge--attention badge--attention-${why}`} data-testid="attention" data-why={why}>{t(`district.attention.${why}`)}</span>
                ))}
              </>,
              school.districtName || noDistrict,
              school.classrooms,
            ],
          }))}
        />
      </TableCard>
      <TableCard title={t('district.tables.districts')} table="districts" token={token} query={filter}>
        <FiguresTable
          testId="district-row"
          headColumns={[t('district.columns.district'), t('district.columns.schools')]}
          rows={data.districts.map((d) => ({ key: d.districtId ?? '', figures: d, head: [d.name || noDistrict, d.schools] }))}
        />
      </TableCard>
      <WeeksTable token={token} query={filter} weeks={data.weeks} />
      <QuestionsTable token={token} filter={filter} />
    </div>
  );
}
