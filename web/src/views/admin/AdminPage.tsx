import type { CreatedLesson } from '@classroom/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.tsx';
import { TokenField, useHashToken } from '../components/TokenField.tsx';
import { CreateLessonForm } from './CreateLessonForm.tsx';
import { LessonLinks } from './LessonLinks.tsx';
import { LessonStatus } from './LessonStatus.tsx';

export function AdminPage() {
  const { t } = useTranslation();
  const [adminToken, setAdminToken] = useHashToken('classroom.adminToken');
  const [lesson, setLesson] = useState<CreatedLesson | null>(null);

  return (
    <div className="admin">
      <PageHeader title={t('admin.title')} />
      <main className="admin__main">
        <TokenField label={t('admin.token')} hint={t('admin.tokenHint')} testId="admin-token" value={adminToken} onChange={setAdminToken} />
        <CreateLessonForm adminToken={adminToken} onCreated={setLesson} />
        {lesson ? (
          <>
            <LessonLinks lesson={lesson} adminToken={adminToken.trim()} />
            <LessonStatus key={lesson.id} adminToken={adminToken.trim()} lessonId={lesson.id} />
          </>
        ) : null}
      </main>
    </div>
  );
}
