import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { getLesson } from '../../services/api.ts';
import { LinkBadge, OnlineBadge, PhaseBadge } from '../components/Badges.tsx';
import { useApiCall } from '../components/useApiCall.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';

export function LessonStatus({ adminToken, lessonId }: { adminToken: string; lessonId: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => getLesson(adminToken, lessonId), [adminToken, lessonId]);
  const { data: detail, error, busy, refresh } = useApiCall(load);

  return (
    <section className="card" data-testid="lesson-status">
      <div className="card__header">
        <h2>{t('admin.status')}</h2>
        <button type="button" className="button" data-testid="refresh-lesson" disabled={busy} onClick={() => void refresh()}>
          {t('admin.refresh')}
        </button>
      </div>
      <ErrorBox error={error} testId="status-error" />
      {detail ? (
        <>
          <p>
            <PhaseBadge phase={detail.phase} />{' '}
            {t('admin.teacher')}:{' '}
            <OnlineBadge online={detail.teacherConnected} testId="teacher-connected" onlineText={t('admin.connected')} offlineText={t('admin.notConnected')} />
          </p>
          <table className="status-table">
            <tbody>
              {detail.classrooms.map((c) => (
                <tr key={c.id} data-testid={`status-${c.id}`}>
                  <th scope="row">{c.name}</th>
                  <td>{t('teacher.projector')} <OnlineBadge online={c.projectorOnline} /></td>
                  <td>{t('teacher.assistant')} <OnlineBadge online={c.assistantOnline} /></td>
                  <td><LinkBadge state={c.media} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
