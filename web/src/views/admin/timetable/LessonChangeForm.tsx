import type { LessonChangeBody, WeeklyLesson } from '@classroom/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { setLessonChange } from '../../../services/timetableApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useAction } from '../../components/useAction.ts';

/** Cancels one week's lesson, or moves it to another day and time (named by the date it was due). */
export function LessonChangeForm({ adminToken, lesson, onChanged }: { adminToken: string; lesson: WeeklyLesson; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<LessonChangeBody['kind']>('cancelled');
  const [toDate, setToDate] = useState('');
  const [start, setStart] = useState(lesson.start);
  const [end, setEnd] = useState(lesson.end);
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => setLessonChange(adminToken, lesson.id, date, kind === 'cancelled' ? { kind } : { kind, toDate, start, end }))) {
      setDate('');
      await onChanged();
    }
  };

  return (
    <details className="change-form">
      <summary>{t('timetable.change')}</summary>
      <form className="form form--inline" onSubmit={(event) => void submit(event)}>
        <label className="form__field">
          <span>{t('timetable.changeDate')}</span>
          <input type="date" data-testid={`change-date-${lesson.id}`} value={date} onChange={(e) => setDate(e.target.value)} required />
        </label>
        <label className="form__field">
          <span>{t('timetable.changeKind')}</span>
          <select data-testid={`change-kind-${lesson.id}`} value={kind} onChange={(e) => setKind(e.target.value as LessonChangeBody['kind'])}>
            <option value="cancelled">{t('timetable.cancelLesson')}</option>
            <option value="moved">{t('timetable.moveLesson')}</option>
          </select>
        </label>
        {kind === 'moved' ? (
          <>
            <label className="form__field">
              <span>{t('timetable.moveTo')}</span>
              <input type="date" value={toDate} onChange={(e) => setToDate(e.target.value)} required />
            </label>
            <label className="form__field">
              <span>{t('timetable.start')}</span>
              <input type="time" value={start} onChange={(e) => setStart(e.target.value)} required />
            </label>
            <label className="form__field">
              <span>{t('timetable.end')}</span>
              <input type="time" value={end} onChange={(e) => setEnd(e.target.value)} required />
            </label>
          </>
        ) : null}
        <button type="submit" className="button" data-testid={`change-apply-${lesson.id}`} disabled={busy}>{t('timetable.apply')}</button>
        <ErrorBox error={error} testId={`change-error-${lesson.id}`} />
      </form>
    </details>
  );
}
