import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { timetableWeek } from '../../../services/timetableApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useApiCall } from '../../components/useApiCall.ts';
import { weekdayKey } from './weekdayKey.ts';

/** The date a number of days after a local date ('YYYY-MM-DD'), by the calendar alone. */
export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** The week's lessons, day by day (this week first), cancelled and moved ones marked. */
export function WeekView({ adminToken, version }: { adminToken: string; version: number }) {
  const { t } = useTranslation();
  /** Any date of the week shown; null: this week, by the server's clock. */
  const [date, setDate] = useState<string | null>(null);
  const load = useCallback(
    () => timetableWeek(adminToken, date ?? undefined),
    // `version` is not read: it changing is the reason to load again.
    [adminToken, date, version],
  );
  const { data, error, busy } = useApiCall(load);
  const monday = data?.days[0]?.date;

  return (
    <section className="card" data-testid="week-view" data-week={monday}>
      <div className="card__header">
        <h2>{t('timetable.week')}</h2>
        <span>
          <button type="button" className="button button--small" data-testid="week-previous" disabled={!monday || busy} onClick={() => setDate(addDays(monday!, -7))}>
            {t('timetable.previousWeek')}
          </button>{' '}
          <button type="button" className="button button--small" disabled={busy} onClick={() => setDate(null)}>{t('timetable.thisWeek')}</button>{' '}
          <button type="button" className="button button--small" data-testid="week-next" disabled={!monday || busy} onClick={() => setDate(addDays(monday!, 7))}>
            {t('timetable.nextWeek')}
          </button>
        </span>
      </div>
      <ErrorBox error={error} testId="week-error" />
      <div className="week">
        {data?.days.map((day) => (
          <div key={day.date} className="week__day" data-testid={`week-day-${day.date}`}>
            <h3>{t(weekdayKey(day.weekday))} <small className="muted">{day.date.slice(5)}</small></h3>
            {day.occurrences.length === 0 ? <p className="muted">{t('timetable.noLessonsDay')}</p> : null}
            <ul>
              {day.occurrences.map((o) => (
                <li
                  key={`${o.weeklyLessonId}:${o.startsAt}`}
                  className={o.cancelled ? 'week__lesson week__lesson--cancelled' : 'week__lesson'}
                  data-testid={`week-lesson-${o.weeklyLessonId}`}
                  data-cancelled={o.cancelled}
                >
                  <strong>{o.start}–{o.end}</strong> {o.title}
                  <br />
                  <small>{o.teacherName} · {t('timetable.classroomCount', { count: o.classrooms })}</small>
                  {o.cancelled ? <span className="badge badge--warn">{t('timetable.cancelled')}</span> : null}
                  {o.movedFrom ? <span className="badge badge--warn">{t('timetable.movedFrom', { date: o.movedFrom })}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
