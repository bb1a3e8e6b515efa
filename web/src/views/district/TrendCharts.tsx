import type { WeekRow } from '@classroom/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from './charts/EChart.tsx';
import { formatWeek } from './weeks.ts';
import { linkTrendOption, pointsOf, rateTrendOption, type TrendTexts } from './charts/trendOptions.ts';

/** The view's weekly trends: rates (attendance, quiz) and link quality minutes. */
export function TrendCharts({ weeks }: { weeks: WeekRow[] }) {
  const { t, i18n } = useTranslation();
  const charts = useMemo(() => {
    const base: Omit<TrendTexts, 'description'> = {
      week: (monday) => formatWeek(monday, i18n.language, 'short'),
      series: {
        attendance: t('district.charts.attendance'), answer: t('district.charts.answer'), correct: t('district.charts.correct'),
        good: t('district.charts.good'), fair: t('district.charts.fair'), poor: t('district.charts.poor'), soundOnly: t('district.charts.soundOnly'),
      },
    };
    const rates = rateTrendOption(weeks, { ...base, description: t('district.charts.ratesDescription') });
    const link = linkTrendOption(weeks, { ...base, description: t('district.charts.linkDescription') });
    return { rates, link };
  }, [weeks, t, i18n.language]);

  return (
    <section className="card dashboard-charts" data-testid="dashboard-charts">
      {weeks.length === 0 ? <p className="muted dashboard-charts__empty">{t('district.charts.empty')}</p> : null}
      <EChart option={charts.rates} label={t('district.charts.rates')} testId="chart-rates" points={pointsOf(charts.rates)} />
      <EChart option={charts.link} label={t('district.charts.link')} testId="chart-link" points={pointsOf(charts.link)} />
    </section>
  );
}
