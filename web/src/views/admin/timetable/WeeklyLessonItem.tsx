import type { WeeklyLesson } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { removeLessonChange, removeWeeklyLesson } from '../../../services/timetableApi.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useAction } from '../../components/useAction.ts';
import { LessonChangeForm } from './LessonChangeForm.tsx';
import { weekdayKey } from './weekdayKey.ts';

interface Props {
  lesson: WeeklyLesson;
  adminToken: string;
  onEdit: () => void;
  onChanged: () => Promise<void>;
}

/** One weekly lesson: when and for whom, its one-off changes (each can be undone), edit and remove. */
export function WeeklyLessonItem({ lesson, adminToken, onEdit, onChanged }: Props) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const act = async (action: () => Promise<unknown>) => {
    if (await run(action)) await onChanged();
  };
  const schools = new Set(lesson.classrooms.map((c) => c.schoolName)).size;

  return (
    <li className="record" data-testid={`weekly-${lesson.id}`} data-title={lesson.title}>
      <h3>{lesson.title}{lesson.subject ? <span className="muted"> · {lesson.subject}</span> : null}</h3>
      <p>
        {t(weekdayKey(lesson.weekday))} {lesson.start}–{lesson.end} · {lesson.teacher.name} ·{' '}
        {t('timetable.classroomCount', { count: lesson.classrooms.length })}, {t('timetable.schoolCount', { count: schools })}
      </p>
      <p className="muted">
        {t('timetable.term', { first: lesson.firstDate, last: lesson.lastDate, zone: lesson.timeZone })}
        {lesson.skippedDates.length > 0 ? ` · ${t('timetable.holidays', { dates: lesson.skippedDates.join(', ') })}` : ''}
      </p>
      {lesson.changes.length > 0 ? (
        <ul>
          {lesson.changes.map((change) => (
            <li key={change.date} data-testid={`change-${lesson.id}-${change.date}`}>
              {change.kind === 'cancelled'
                ? t('timetable.changeCancelled', { date: change.date })
                : t('timetable.changeMoved', { date: change.date, toDate: change.toDate, start: change.start, end: change.end })}{' '}
              <button type="button" className="button button--small" disabled={busy} onClick={() => void act(() => removeLessonChange(adminToken, lesson.id, change.date))}>
                {t('timetable.undoChange')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorBox error={error} testId={`weekly-error-${lesson.id}`} />
      <LessonChangeForm adminToken={adminToken} lesson={lesson} onChanged={onChanged} />
      <p>
        <button type="button" className="button" data-testid={`weekly-edit-${lesson.id}`} onClick={onEdit}>{t('timetable.editButton')}</button>{' '}
        <ConfirmButton
          className="button button--quiet-danger"
          testId={`weekly-remove-${lesson.id}`}
          question={t('timetable.removeQuestion')}
          confirmLabel={t('timetable.remove')}
          onConfirm={() => void act(() => removeWeeklyLesson(adminToken, lesson.id))}
        >
          {t('timetable.remove')}
        </ConfirmButton>
      </p>
    </li>
  );
}
