import type { Teacher } from '@classroom/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createTeacher, listTeachers, revokeTeacherLink, teacherLink } from '../../../services/schoolsApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useApiCall } from '../../components/useApiCall.ts';
import { NameForm } from './NameForm.tsx';
import { PermanentLink } from './PermanentLink.tsx';

/** The master teachers, each with one permanent link to their day. */
export function TeachersTab({ adminToken }: { adminToken: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => listTeachers(adminToken), [adminToken]);
  const { data, error, busy, refresh } = useApiCall(load);

  return (
    <section className="card" data-testid="teachers">
      <div className="card__header">
        <h2>{t('records.teachers')}</h2>
        <button type="button" className="button" disabled={busy} onClick={() => void refresh()}>{t('admin.refresh')}</button>
      </div>
      <ErrorBox error={error} testId="teachers-error" />
      <NameForm
        label={t('records.teacherName')}
        submitLabel={t('records.addTeacher')}
        testId="new-teacher"
        onSubmit={async (name) => {
          await createTeacher(adminToken, name);
          await refresh();
        }}
      />
      {data && data.teachers.length === 0 ? <p className="muted">{t('records.noTeachers')}</p> : null}
      <ul className="record-list">
        {data?.teachers.map((teacher) => <TeacherRow key={teacher.id} teacher={teacher} adminToken={adminToken} />)}
      </ul>
    </section>
  );
}

function TeacherRow({ teacher, adminToken }: { teacher: Teacher; adminToken: string }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => teacherLink(adminToken, teacher.id), [adminToken, teacher.id]);
  const { data, error } = useApiCall(open ? load : null);
  const shown = url ?? data?.teacherUrl;

  return (
    <li className="record__row" data-testid={`teacher-${teacher.id}`} data-name={teacher.name}>
      <span>{teacher.name}</span>{' '}
      <button type="button" className="button button--small" aria-expanded={open} data-testid={`teacher-links-${teacher.id}`} onClick={() => setOpen(!open)}>
        {open ? t('records.hideLinks') : t('records.showLinks')}
      </button>
      <ErrorBox error={open ? error : null} testId={`teacher-link-error-${teacher.id}`} />
      {open && shown ? (
        <PermanentLink
          label={t('records.teacherLink')}
          url={shown}
          testId={`standing-teacher-${teacher.id}`}
          revokeLabel={t('records.revokeTeacher')}
          onRevoke={async () => setUrl((await revokeTeacherLink(adminToken, teacher.id)).teacherUrl)}
        />
      ) : null}
    </li>
  );
}
