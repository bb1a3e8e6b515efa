import type { CreatedLesson, LessonSummary } from '@classroom/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getLessonLinks } from '../../services/api.ts';
import { apiErrorText, type ErrorText } from '../components/apiErrorText.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { CreateLessonForm } from './CreateLessonForm.tsx';
import { LessonActions } from './LessonActions.tsx';
import { LessonLinks } from './LessonLinks.tsx';
import { LessonList } from './LessonList.tsx';
import { LessonStatus } from './LessonStatus.tsx';

/** Ad-hoc lessons: made here with links of their own, then found again in the server's list. */
export function LessonsTab({ adminToken, listToken }: { adminToken: string; listToken: string }) {
  const { t } = useTranslation();
  const [lesson, setLesson] = useState<{ links: CreatedLesson; justCreated: boolean; linksRevoked?: boolean } | null>(null);
  /** Bumped when the admin changed the open lesson: its status loads again. */
  const [statusVersion, setStatusVersion] = useState(0);
  const [listVersion, setListVersion] = useState(0);
  const [openError, setOpenError] = useState<ErrorText | null>(null);
  const token = adminToken.trim();

  const created = (links: CreatedLesson) => {
    setLesson({ links, justCreated: true });
    setListVersion((v) => v + 1);
  };
  const open = async (summary: LessonSummary) => {
    setOpenError(null);
    try {
      setLesson({ links: await getLessonLinks(token, summary.id), justCreated: false });
    } catch (failure) {
      setOpenError(apiErrorText(t, failure));
    }
  };

  return (
    <>
      <CreateLessonForm adminToken={adminToken} onCreated={created} />
      <ErrorBox error={openError} testId="open-lesson-error" />
      {lesson ? (
        <>
          {lesson.linksRevoked ? <p className="alert alert--info" role="status" data-testid="links-revoked">{t('admin.linksRevoked')}</p> : null}
          <LessonLinks lesson={lesson.links} justCreated={lesson.justCreated} adminToken={token} />
          <LessonActions
            adminToken={token}
            lessonId={lesson.links.id}
            onChanged={() => {
              setStatusVersion((v) => v + 1);
              setListVersion((v) => v + 1);
            }}
            onNewLinks={(links) => setLesson({ links, justCreated: false, linksRevoked: true })}
          />
          <LessonStatus key={`${lesson.links.id}:${statusVersion}`} adminToken={token} lessonId={lesson.links.id} />
        </>
      ) : null}
      <LessonList adminToken={listToken} version={listVersion} onOpen={(summary) => void open(summary)} />
    </>
  );
}
