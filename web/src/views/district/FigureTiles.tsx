import type { DashboardFigures } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { compareRate, formatFigure, formatRate, type FigureColumn } from './figures.ts';

const GROUPS = {
  attendance: ['attendanceRate', 'scheduled', 'attended', 'minutesPresent', 'lateJoins', 'earlyLeaves'],
  participation: ['handsRaised', 'stageTurns', 'quizAnswerRate', 'quizCorrectRate'],
  link: ['linkGoodMinutes', 'linkFairMinutes', 'linkPoorMinutes', 'soundOnlyMinutes', 'reconnects'],
  other: ['replaysTaken', 'morningChecks'],
} as const satisfies Record<string, readonly FigureColumn[]>;

const RATE_COLUMNS = ['attendanceRate', 'quizAnswerRate', 'quizCorrectRate'] as const;
type RateColumn = (typeof RATE_COLUMNS)[number];
const isRate = (column: FigureColumn): column is RateColumn => (RATE_COLUMNS as readonly string[]).includes(column);

/** The totals of the view, grouped; a school's or classroom's rates beside its district's. */
export function FigureTiles({ totals, district }: { totals: DashboardFigures; district?: DashboardFigures | null }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card figure-tiles" data-testid="dashboard-totals" aria-label={t('district.totals')}>
      {Object.entries(GROUPS).map(([group, columns]) => (
        <div key={group} className="figure-tiles__group">
          <h2>{t(`district.groups.${group as keyof typeof GROUPS}`)}</h2>
          <dl>
            {columns.map((column: FigureColumn) => (
              <div key={column} className="figure-tile" data-testid={`total-${column}`}>
                <dt>{t(`district.figures.${column}`)}</dt>
                <dd>{formatFigure(totals, column, i18n.language, t('district.poor'))}</dd>
                {district && isRate(column) ? <Comparison rate={totals[column]} district={district[column]} /> : null}
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}

function Comparison({ rate, district }: { rate: number | null; district: number | null }) {
  const { t, i18n } = useTranslation();
  const compared = compareRate(rate, district);
  return (
    <dd className={`figure-tile__compare figure-tile__compare--${compared?.side ?? 'level'}`} data-side={compared?.side ?? ''}>
      {t('district.comparedWith', { rate: formatRate(district, i18n.language) })}
      {compared && compared.side !== 'level' ? ` · ${t(`district.${compared.side}`, { points: Math.abs(compared.points) })}` : ''}
    </dd>
  );
}
