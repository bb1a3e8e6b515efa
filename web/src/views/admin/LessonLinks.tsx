import type { CreatedLesson } from '@classroom/shared';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { reportUrl } from '../components/reportUrl.ts';
import { QrCode } from './QrCode.tsx';

export function LinkRow({ label, url, testId }: { label: string; url: string; testId: string }) {
  return (
    <p className="link-row">
      <span className="link-row__label">{label}</span>
      <a href={url} target="_blank" rel="noreferrer" data-testid={testId}>{url}</a>
    </p>
  );
}

export function LessonLinks({ lesson, justCreated, adminToken }: { lesson: CreatedLesson; justCreated: boolean; adminToken: string }) {
  const { t } = useTranslation();
  const section = useRef<HTMLElement>(null);
  // Opened from the list further down the page: bring the links into view.
  useEffect(() => {
    // Not returned: Chromium's scrollIntoView now answers a promise, which React would call as cleanup.
    void section.current?.scrollIntoView({ block: 'start' });
  }, [lesson.id]);
  return (
    <section ref={section} className="card" data-testid="created-lesson" data-lesson-id={lesson.id}>
      <h2>{justCreated ? t('admin.created') : t('admin.lesson')}: {lesson.title}</h2>
      <LinkRow label={t('admin.teacherLink')} url={lesson.teacherUrl} testId="teacher-link" />
      {/* A button rather than the address: the address carries the admin key. */}
      <p>
        <a className="button" href={reportUrl(lesson.id, adminToken)} target="_blank" rel="noreferrer" data-testid="report-link">
          {t('report.open')}
        </a>
      </p>
      <ul className="invitations">
        {lesson.classrooms.map((classroom) => (
          <li key={classroom.id} className="invitation" data-testid={`invitation-${classroom.id}`}>
            <h3>{classroom.name}</h3>
            <LinkRow label={t('admin.projectorLink')} url={classroom.projectorUrl} testId={`projector-link-${classroom.id}`} />
            <LinkRow label={t('admin.assistantLink')} url={classroom.assistantUrl} testId={`assistant-link-${classroom.id}`} />
            <QrCode value={classroom.assistantUrl} alt={t('admin.assistantQr', { name: classroom.name })} testId={`assistant-qr-${classroom.id}`} />
          </li>
        ))}
      </ul>
    </section>
  );
}
