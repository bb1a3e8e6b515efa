import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readNetworkChecks } from '../../../services/networkCheckResults.ts';
import { createSchool, listSchools } from '../../../services/schoolsApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useApiCall } from '../../components/useApiCall.ts';
import { CsvImport } from './CsvImport.tsx';
import { NameForm } from './NameForm.tsx';
import { SchoolCard } from './SchoolCard.tsx';

/** The schools and their classrooms, made once (here or from a CSV file), with each classroom's permanent links. */
export function SchoolsTab({ adminToken }: { adminToken: string }) {
  const { t } = useTranslation();
  const [timeZone, setTimeZone] = useState('');
  // The schools and each classroom's last network check, read together (refresh reads both again).
  const load = useCallback(async () => {
    const [list, network] = await Promise.all([listSchools(adminToken), readNetworkChecks(adminToken)]);
    return { schools: list.schools, checks: new Map(network.checks.map((c) => [c.classroomId, c])) };
  }, [adminToken]);
  const { data, error, busy, refresh } = useApiCall(load);

  return (
    <>
      <section className="card" data-testid="schools">
        <div className="card__header">
          <h2>{t('records.schools')}</h2>
          <button type="button" className="button" disabled={busy} onClick={() => void refresh()}>{t('admin.refresh')}</button>
        </div>
        <ErrorBox error={error} testId="schools-error" />
        <NameForm
          label={t('records.schoolName')}
          submitLabel={t('records.addSchool')}
          testId="new-school"
          onSubmit={async (name) => {
            await createSchool(adminToken, name, timeZone.trim() || undefined);
            await refresh();
          }}
        >
          <label className="form__field">
            <span>{t('records.timeZone')}</span>
            <input data-testid="new-school-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} placeholder="Asia/Shanghai" />
          </label>
        </NameForm>
        {data && data.schools.length === 0 ? <p className="muted">{t('records.noSchools')}</p> : null}
        <ul className="record-list">
          {data?.schools.map((school) => <SchoolCard key={school.id} school={school} checks={data.checks} adminToken={adminToken} onChanged={refresh} />)}
        </ul>
      </section>
      <CsvImport adminToken={adminToken} onImported={refresh} />
    </>
  );
}
