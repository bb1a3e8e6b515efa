import '../../i18n/district/index.ts';
import './district.css';
import type { DashboardCaller, DashboardFilter } from '@classroom/shared';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dashboardCaller, dashboardFilters } from '../../services/dashboardApi.ts';
import { tokenFromQuery } from '../../services/token.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TokenField, useHashToken } from '../components/TokenField.tsx';
import { useApiCall } from '../components/useApiCall.ts';
import { useSettled } from '../components/useSettled.ts';
import { ClassroomView } from './ClassroomView.tsx';
import { FilterBar } from './FilterBar.tsx';
import { OverviewView } from './OverviewView.tsx';
import { SchoolView } from './SchoolView.tsx';
import { useDashboardState } from './useDashboardState.ts';

const TYPING_PAUSE_MS = 500;

/**
 * `/district?token=<manager link>` or `/district#token=<admin key>`: the term across schools,
 * read-only (no control here writes anything). A manager sees its district; the admin all.
 */
export function DistrictPage() {
  const { t } = useTranslation();
  // A manager's permanent link carries its token in the address; the admin comes with its key in the hash.
  const linkToken = tokenFromQuery();
  const [typedToken, setTypedToken] = useHashToken('classroom.districtToken');
  const settled = useSettled(typedToken, TYPING_PAUSE_MS);
  const token = linkToken ?? settled;
  const load = useCallback(async () => {
    const [caller, options] = await Promise.all([dashboardCaller(token), dashboardFilters(token)]);
    return { caller, options };
  }, [token]);
  const { data, error, busy, refresh } = useApiCall(token ? load : null);
  const [state, go] = useDashboardState();
  // Refresh reads everything again: the view below is mounted anew.
  const [round, setRound] = useState(0);
  const reload = () => {
    void refresh();
    setRound((r) => r + 1);
  };
  // Stable while the address does not change: each view refetches only when its filter does.
  const filterKey = JSON.stringify(state.filter);
  const filter = useMemo<DashboardFilter>(() => JSON.parse(filterKey) as DashboardFilter, [filterKey]);

  return (
    <div className="dashboard" data-testid="district-page" data-caller={data?.caller.kind ?? ''}>
      <PageHeader title={t('district.title')}>
        {data ? <Who caller={data.caller} /> : null}
        {data ? (
          <div className="dashboard__actions no-print">
            <button type="button" className="button button--small" data-testid="dashboard-refresh" disabled={busy} onClick={reload}>{t('district.refresh')}</button>
            <button type="button" className="button button--small" data-testid="dashboard-print" onClick={() => window.print()}>{t('district.print')}</button>
          </div>
        ) : null}
      </PageHeader>
      <main className="dashboard__main">
        {!linkToken && !data ? (
          <TokenField label={t('district.token')} hint={t('district.tokenHint')} testId="district-token" value={typedToken} onChange={setTypedToken} />
        ) : null}
        <ErrorBox error={data ? null : error} testId="district-error" />
        {data ? (
          <>
            <FilterBar options={data.options} caller={data.caller} filter={filter} onChange={(next) => go({ view: state.view, filter: next }, 'replace')} />
            {state.view.level === 'overview' ? <OverviewView key={round} token={token} filter={filter} go={go} /> : null}
            {state.view.level === 'school' ? <SchoolView key={round} token={token} schoolId={state.view.schoolId} filter={filter} go={go} /> : null}
            {state.view.level === 'classroom' ? <ClassroomView key={round} token={token} classroomId={state.view.classroomId} filter={filter} go={go} /> : null}
          </>
        ) : null}
      </main>
    </div>
  );
}

/** Whose view this is; a manager's is marked read-only. */
function Who({ caller }: { caller: DashboardCaller }) {
  const { t } = useTranslation();
  return (
    <span className="dashboard__who" data-testid="dashboard-who">
      {caller.kind === 'manager' && caller.district ? t('district.manager', { district: caller.district.name }) : t('district.allDistricts')}
      {caller.kind === 'manager' ? <span className="badge" data-testid="read-only">{t('district.readOnly')}</span> : null}
    </span>
  );
}
