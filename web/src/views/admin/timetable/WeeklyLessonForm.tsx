import type { School, Teacher, WeeklyLesson } from '@classroom/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createWeeklyLesson, updateWeeklyLesson } from '../../../services/timetableApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useAction } from '../../components/useAction.ts';
import { ClassroomPicker } from './ClassroomPicker.tsx';
import { bodyOf, draftOf, type WeeklyLessonDraft } from './weeklyLessonDraft.ts';
import { weekdayKey } from './weekdayKey.ts';

interface Props {
  adminToken: string;
  /** The lesson being edited, or null for a new one. */
  editing: WeeklyLesson | null;
  teachers: Teacher[];
  schools: School[];
  onSaved: () => Promise<void>;
  onCancel: () => void;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** Creates or edits a weekly lesson: who teaches which classrooms, when, for which term, except holidays. */
export function WeeklyLessonForm({ adminToken, editing, teachers, schools, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<WeeklyLessonDraft>(() => draftOf(editing ?? undefined));
  const { busy, error, setError, run } = useAction();
  const set = <K extends keyof WeeklyLessonDraft>(key: K, value: WeeklyLessonDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const text = (key: 'title' | 'subject' | 'start' | 'end' | 'firstDate' | 'lastDate' | 'timeZone', type = 'text') => (
    <label className="form__field">
      <span>{t(`timetable.${key}`)}</span>
      <input type={type} data-testid={`weekly-${key}`} value={draft[key]} onChange={(e) => set(key, e.target.value)} required={key !== 'timeZone' && key !== 'subject'} />
    </label>
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (draft.classroomIds.length === 0) return setError({ message: t('admin.needClassroom'), details: [] });
    const saved = await run(() => (editing ? updateWeeklyLesson(adminToken, editing.id, bodyOf(draft)) : createWeeklyLesson(adminToken, bodyOf(draft))));
    if (!saved) return;
    if (!editing) setDraft(draftOf());
    await onSaved();
  };

  return (
    <section className="card" data-testid="weekly-form">
      <h2>{editing ? t('timetable.edit') : t('timetable.new')}</h2>
      <form className="form" onSubmit={(event) => void submit(event)}>
        {text('title')}
        {text('subject')}
        <label className="form__field">
          <span>{t('timetable.teacher')}</span>
          <select data-testid="weekly-teacher" value={draft.teacherId} onChange={(e) => set('teacherId', e.target.value)} required>
            <option value="">{t('timetable.chooseTeacher')}</option>
            {teachers.map((teacher) => <option key={teacher.id} value={teacher.id}>{teacher.name}</option>)}
          </select>
        </label>
        <div className="form__field">
          <span>{t('timetable.classrooms')}</span>
          <ClassroomPicker schools={schools} chosen={draft.classroomIds} onChange={(ids) => set('classroomIds', ids)} />
        </div>
        <label className="form__field">
          <span>{t('timetable.weekday')}</span>
          <select data-testid="weekly-weekday" value={draft.weekday} onChange={(e) => set('weekday', Number(e.target.value))}>
            {WEEKDAYS.map((day) => <option key={day} value={day}>{t(weekdayKey(day))}</option>)}
          </select>
        </label>
        {text('start', 'time')}
        {text('end', 'time')}
        {text('firstDate', 'date')}
        {text('lastDate', 'date')}
        <label className="form__field">
          <span>{t('timetable.skippedDates')}</span>
          <textarea data-testid="weekly-skipped" rows={3} value={draft.skippedDates} onChange={(e) => set('skippedDates', e.target.value)} placeholder="2031-05-01" />
        </label>
        {text('timeZone')}
        <ErrorBox error={error} testId="weekly-error" />
        <p>
          <button type="submit" className="button button--primary" data-testid="weekly-save" disabled={busy}>
            {editing ? t('timetable.save') : t('timetable.create')}
          </button>{' '}
          {editing ? <button type="button" className="button" onClick={onCancel}>{t('actions.cancel')}</button> : null}
        </p>
      </form>
    </section>
  );
}
