import type { DashboardFigures } from '@classroom/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TableHead } from '../components/TableHead.tsx';
import { FIGURE_COLUMNS, formatFigure } from './figures.ts';

export interface FiguresRow {
  key: string;
  figures: DashboardFigures;
  /** The row's first cells (its name, and a link to drill down). */
  head: ReactNode[];
  /** Needs attention: marked beside its name and down its edge. */
  flagged?: boolean;
}

/** Rows of figures (districts, schools, classrooms, weeks): the same columns in the same order everywhere. */
export function FiguresTable({ headColumns, rows, testId }: { headColumns: string[]; rows: FiguresRow[]; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="data-table dashboard-figures">
      <TableHead columns={[...headColumns, ...FIGURE_COLUMNS.map((column) => t(`district.figures.${column}`))]} />
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-testid={testId} data-key={row.key} className={row.flagged ? 'row--attention' : undefined}>
            {row.head.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i}>{cell}</td>))}
            {FIGURE_COLUMNS.map((column) => (
              <td key={column} data-column={column} className="num">{formatFigure(row.figures, column, i18n.language, t('district.poor'))}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
