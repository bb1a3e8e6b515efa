import type { MouseEvent, ReactNode } from 'react';
import { writeState, type DashboardState } from './dashboardState.ts';

/**
 * A drill-down as a real link (it opens in a new tab too, and prints as text); a plain click
 * stays on the page and goes there without a reload.
 */
export function DrillLink({ to, go, testId, children }: {
  to: DashboardState;
  go: (next: DashboardState, how: 'push') => void;
  testId: string;
  children: ReactNode;
}) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(to, 'push');
  };
  return <a href={`${location.pathname}${writeState(to, location.search)}`} data-testid={testId} onClick={onClick}>{children}</a>;
}
