import type { WeeklyLesson } from '@classroom/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listSchools, listTeachers } from '../../../services/schoolsApi.ts';
import { listWeeklyLessons } from '../../../services/timetableApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useApiCall } from '../../components/useApiCall.ts';
import { WeeklyLessonForm } from './WeeklyLessonForm.tsx';
import { WeeklyLessonItem } from './WeeklyLessonItem.tsx';
import { WeekView } from './WeekView.tsx';

/** The term timetable: its weekly lessons (with their holidays and one-off changes) and the week view. */
export function TimetableTab({ adminToken }: { adminToken: string }) {
  const { t } = useTranslation();
  const load = useCallback(async () => {
    const [lessons, teachers, schools] = await Promise.all([listWeeklyLessons(adminToken), listTeachers(adminToken), listSchools(adminToken)]);
    return { lessons: lessons.weeklyLessons, teachers: teachers.teachers, schools: schools.schools };
  }, [adminToken]);
  const { data, error, refresh } = useApiCall(load);
  const [editing, setEditing] = useState<WeeklyLesson | null>(null);
  /** Bumped on every change: the week view loads again. */
  const [version, setVersion] = useState(0);
  const changed = async () => {
    setEditing(null);
    setVersion((v) => v + 1);
    await refresh();
  };

  return (
    <>
      <ErrorBox error={error} testId="timetable-error" />
      <WeekView adminToken={adminToken} version={version} />
      {data ? (
        <WeeklyLessonForm
          key={editing?.id ?? 'new'}
          adminToken={adminToken}
          editing={editing}
          teachers={data.teachers}
          schools={data.schools}
          onSaved={changed}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <section className="card" data-testid="weekly-lessons">
        <h2>{t('timetable.weeklyLessons')}</h2>
        {data && data.lessons.length === 0 ? <p className="muted">{t('timetable.noWeekly')}</p> : null}
        <ul className="record-list">
          {data?.lessons.map((lesson) => (
            <WeeklyLessonItem key={lesson.id} lesson={lesson} adminToken={adminToken} onEdit={() => setEditing(lesson)} onChanged={changed} />
          ))}
        </ul>
      </section>
    </>
  );
}
