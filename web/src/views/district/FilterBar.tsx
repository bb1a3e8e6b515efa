import type { DashboardCaller, DashboardFilter, DashboardFilters } from '@classroom/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatWeek, mondayOf, sundayOf, weeksBetween } from './weeks.ts';

/**
 * Week range, subject, teacher and (for the admin) district. Every change is a new request:
 * the server counts, the page only shows.
 */
export function FilterBar({ options, caller, filter, onChange }: {
  options: DashboardFilters;
  caller: DashboardCaller;
  filter: DashboardFilter;
  onChange: (filter: DashboardFilter) => void;
}) {
  const { t, i18n } = useTranslation();
  const weeks = weeksBetween(options.firstDate, options.lastDate);
  const weekLabel = (monday: string) => t('district.weekOf', { date: formatWeek(monday, i18n.language, 'long') });
  const set = (key: keyof DashboardFilter, value: string) => {
    const next: DashboardFilter = { ...filter };
    if (value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };

  return (
    <form className="card filter-bar no-print-controls" data-testid="dashboard-filters" aria-label={t('district.filters')} onSubmit={(e) => e.preventDefault()}>
      <Select label={t('district.fromWeek')} testId="filter-from" value={filter.from ? mondayOf(filter.from) : ''} onChange={(v) => set('from', v)}>
        {weeks.map((w) => <option key={w} value={w}>{weekLabel(w)}</option>)}
      </Select>
      <Select label={t('district.toWeek')} testId="filter-to" value={filter.to ? mondayOf(filter.to) : ''} onChange={(v) => set('to', v === '' ? '' : sundayOf(v))}>
        {weeks.map((w) => <option key={w} value={w}>{weekLabel(w)}</option>)}
      </Select>
      <Select label={t('district.subject')} testId="filter-subject" value={filter.subject ?? ''} onChange={(v) => set('subject', v)}>
        {options.subjects.map((s) => <option key={s} value={s}>{s}</option>)}
      </Select>
      <Select label={t('district.teacher')} testId="filter-teacher" value={filter.teacherId ?? ''} onChange={(v) => set('teacherId', v)}>
        {options.teachers.map((teacher) => <option key={teacher.id} value={teacher.id}>{teacher.name}</option>)}
      </Select>
      {caller.kind === 'admin' && options.districts.length > 0 ? (
        <Select label={t('district.district')} testId="filter-district" value={filter.districtId ?? ''} onChange={(v) => set('districtId', v)}>
          {options.districts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </Select>
      ) : null}
    </form>
  );
}

function Select({ label, testId, value, onChange, children }: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <label className="form__field filter-bar__field">
      <span>{label}</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('district.any')}</option>
        {children}
      </select>
    </label>
  );
}
