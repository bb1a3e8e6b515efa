import type { Teacher } from '@classroom/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { createTeacher, listTeachers, revokeTeacherLink, teacherLink } from '../../../services/schoolsApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useApiCall } from '../../components/useApiCall.ts';
import { NameForm } from './NameForm.tsx';
import { OnDemandLink } from './OnDemandLink.tsx';

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
  const load = useCallback(async () => (await teacherLink(adminToken, teacher.id)).teacherUrl, [adminToken, teacher.id]);
  const revoke = useCallback(async () => (await revokeTeacherLink(adminToken, teacher.id)).teacherUrl, [adminToken, teacher.id]);
  return (
    <li className="record__row" data-testid={`teacher-${teacher.id}`} data-name={teacher.name}>
      <span>{teacher.name}</span>{' '}
      <OnDemandLink
        testIds={{ toggle: `teacher-links-${teacher.id}`, error: `teacher-link-error-${teacher.id}`, link: `standing-teacher-${teacher.id}` }}
        label={t('records.teacherLink')}
        revokeLabel={t('records.revokeTeacher')}
        load={load}
        revoke={revoke}
      />
    </li>
  );
}
