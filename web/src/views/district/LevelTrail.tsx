import type { DashboardFilter } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import type { DashboardState } from './dashboardState.ts';
import { DrillLink } from './DrillLink.tsx';

/** Where a drill-down is: overview › school › classroom, each a way back up. */
export function LevelTrail({ filter, go, school, classroom }: {
  filter: DashboardFilter;
  go: (next: DashboardState, how: 'push') => void;
  school: { id: string; name: string } | null;
  classroom?: { name: string } | null;
}) {
  const { t } = useTranslation();
  return (
    <nav className="level-trail" aria-label={t('district.overview')} data-testid="level-trail">
      <DrillLink to={{ view: { level: 'overview' }, filter }} go={go} testId="trail-overview">{t('district.backToOverview')}</DrillLink>
      {school ? (
        <>
          <span aria-hidden="true"> › </span>
          {classroom
            ? <DrillLink to={{ view: { level: 'school', schoolId: school.id }, filter }} go={go} testId="trail-school">{school.name}</DrillLink>
            : <strong data-testid="trail-school">{school.name}</strong>}
        </>
      ) : null}
      {classroom ? (
        <>
          <span aria-hidden="true"> › </span>
          <strong data-testid="trail-classroom">{classroom.name}</strong>
        </>
      ) : null}
    </nav>
  );
}
