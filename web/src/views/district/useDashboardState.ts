import { useCallback, useEffect, useState } from 'react';
import { readState, writeState, type DashboardState } from './dashboardState.ts';

/**
 * The dashboard's place and filter, read from the address and written back to it: a drill-down
 * is a new history entry (back climbs up), a filter change replaces the current one.
 */
export function useDashboardState(): [DashboardState, (next: DashboardState, how: 'push' | 'replace') => void] {
  const [state, setState] = useState(() => readState(location.search));
  useEffect(() => {
    const onPop = () => setState(readState(location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: DashboardState, how: 'push' | 'replace') => {
    const url = `${location.pathname}${writeState(next, location.search)}`;
    if (how === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    setState(next);
    if (how === 'push') window.scrollTo(0, 0);
  }, []);
  return [state, go];
}
