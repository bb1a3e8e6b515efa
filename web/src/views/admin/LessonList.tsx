import type { LessonSummary } from '@classroom/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listLessons } from '../../services/api.ts';
import { PhaseBadge } from '../components/Badges.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useApiCall } from '../components/useApiCall.ts';

const PAGE_SIZE = 20;

interface Props {
  adminToken: string;
  /** Changes when a lesson was created here: the list loads again. */
  version: number;
  onOpen: (lesson: LessonSummary) => void;
}

/** The server's lessons, newest first: an admin finds an older lesson's links and report here. */
export function LessonList({ adminToken, version, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const [offset, setOffset] = useState(0);
  const load = useCallback(
    () => listLessons(adminToken, PAGE_SIZE, offset),
    // `version` is not read: it changing is the reason to load again.
    [adminToken, offset, version],
  );
  const { data, error, busy, refresh } = useApiCall(adminToken === '' ? null : load);
  if (adminToken === '') return null;
  const lessons = data?.lessons ?? [];
  const total = data?.total ?? 0;

  return (
    <section className="card" data-testid="lesson-list">
      <div className="card__header">
        <h2>{t('admin.lessons')}</h2>
        <button type="button" className="button" disabled={busy} onClick={() => void refresh()}>{t('admin.refresh')}</button>
      </div>
      <ErrorBox error={error} testId="lesson-list-error" />
      {data && lessons.length === 0 ? <p>{t('admin.noLessons')}</p> : null}
      {lessons.length > 0 ? (
        <table className="status-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.lessonTitle')}</th>
              <th scope="col">{t('admin.createdAt')}</th>
              <th scope="col">{t('admin.classrooms')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {lessons.map((lesson) => (
              <tr key={lesson.id} data-testid={`lesson-row-${lesson.id}`}>
                <th scope="row">
                  {lesson.title} <PhaseBadge phase={lesson.phase} testId={`lesson-row-phase-${lesson.id}`} />
                  {lesson.teacherAwaySince ? (
                    <span className="badge badge--warn" data-testid={`lesson-row-away-${lesson.id}`}>
                      {t('admin.teacherAwaySince', { time: new Date(lesson.teacherAwaySince).toLocaleTimeString(i18n.language) })}
                    </span>
                  ) : null}
                  {lesson.endedReason ? <small className="muted"> {t(`admin.endedBy_${lesson.endedReason}`)}</small> : null}
                </th>
                <td>{new Date(lesson.createdAt).toLocaleString(i18n.language)}</td>
                <td>{lesson.classrooms}</td>
                <td>
                  <button type="button" className="button" data-testid={`open-lesson-${lesson.id}`} onClick={() => onOpen(lesson)}>
                    {t('admin.openLesson')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {total > PAGE_SIZE ? (
        <p className="pager">
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t('admin.newer')}
          </button>{' '}
          <span>{t('admin.page', { from: offset + 1, to: Math.min(offset + PAGE_SIZE, total), total })}</span>{' '}
          <button type="button" className="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            {t('admin.older')}
          </button>
        </p>
      ) : null}
    </section>
  );
}
