import type { DashboardExportQuery, DashboardTable } from '@classroom/shared';
import type { ReactNode } from 'react';
import { ExportButtons } from './ExportButtons.tsx';

/** A dashboard table in its card: its title, its downloads, and the table scrolling sideways if wide. */
export function TableCard({ title, table, token, query, children }: {
  title: string;
  table: DashboardTable;
  token: string;
  query: DashboardExportQuery;
  children: ReactNode;
}) {
  const headingId = `table-${table}`;
  return (
    <section className="card dashboard-table" data-testid={`table-${table}`} aria-labelledby={headingId}>
      <div className="dashboard-table__head">
        <h2 id={headingId}>{title}</h2>
        <ExportButtons token={token} table={table} query={query} title={title} />
      </div>
      <div className="dashboard-table__scroll">{children}</div>
    </section>
  );
}
