import type { CreatedLesson } from '@classroom/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.tsx';
import { saveAdminToken, takeAdminToken } from './adminToken.ts';
import { CreateLessonForm } from './CreateLessonForm.tsx';
import { LessonLinks } from './LessonLinks.tsx';
import { LessonStatus } from './LessonStatus.tsx';

export function AdminPage() {
  const { t } = useTranslation();
  const [adminToken, setAdminToken] = useState(takeAdminToken);
  const [lesson, setLesson] = useState<CreatedLesson | null>(null);

  return (
    <div className="admin">
      <PageHeader title={t('admin.title')} />
      <main className="admin__main">
        <label className="form__field">
          <span>{t('admin.token')}</span>
          <input
            type="password"
            autoComplete="off"
            data-testid="admin-token"
            value={adminToken}
            onChange={(e) => {
              setAdminToken(e.target.value);
              saveAdminToken(e.target.value);
            }}
          />
          <small className="muted">{t('admin.tokenHint')}</small>
        </label>
        <CreateLessonForm adminToken={adminToken} onCreated={setLesson} />
        {lesson ? (
          <>
            <LessonLinks lesson={lesson} />
            <LessonStatus key={lesson.id} adminToken={adminToken.trim()} lessonId={lesson.id} />
          </>
        ) : null}
      </main>
    </div>
  );
}
