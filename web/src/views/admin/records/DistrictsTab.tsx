import type { District, School } from '@classroom/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { createDistrict, listDistricts, managerLink, revokeManagerLink, setSchoolDistrict } from '../../../services/districtsApi.ts';
import { listSchools } from '../../../services/schoolsApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useAction } from '../../components/useAction.ts';
import { useApiCall } from '../../components/useApiCall.ts';
import { NameForm } from './NameForm.tsx';
import { OnDemandLink } from './OnDemandLink.tsx';

/** Districts, each with its manager's permanent read-only link, and which district each school is in. */
export function DistrictsTab({ adminToken }: { adminToken: string }) {
  const { t } = useTranslation();
  const load = useCallback(async () => {
    const [{ districts }, { schools }] = await Promise.all([listDistricts(adminToken), listSchools(adminToken)]);
    return { districts, schools };
  }, [adminToken]);
  const { data, error, busy, refresh } = useApiCall(load);

  return (
    <>
      <section className="card" data-testid="districts">
        <div className="card__header">
          <h2>{t('district.records.districts')}</h2>
          <button type="button" className="button" disabled={busy} onClick={() => void refresh()}>{t('admin.refresh')}</button>
        </div>
        <ErrorBox error={error} testId="districts-error" />
        <NameForm
          label={t('district.records.districtName')}
          submitLabel={t('district.records.addDistrict')}
          testId="new-district"
          onSubmit={async (name) => {
            await createDistrict(adminToken, name);
            await refresh();
          }}
        />
        {data && data.districts.length === 0 ? <p className="muted">{t('district.records.noDistricts')}</p> : null}
        <ul className="record-list">
          {data?.districts.map((district) => <DistrictRow key={district.id} district={district} adminToken={adminToken} />)}
        </ul>
      </section>
      {data && data.districts.length > 0 ? (
        <SchoolDistricts adminToken={adminToken} districts={data.districts} schools={data.schools} onChanged={refresh} />
      ) : null}
    </>
  );
}

function DistrictRow({ district, adminToken }: { district: District; adminToken: string }) {
  const { t } = useTranslation();
  const load = useCallback(async () => (await managerLink(adminToken, district.id)).managerUrl, [adminToken, district.id]);
  const revoke = useCallback(async () => (await revokeManagerLink(adminToken, district.id)).managerUrl, [adminToken, district.id]);
  return (
    <li className="record__row" data-testid={`district-${district.id}`} data-name={district.name}>
      <span>{district.name}</span> <span className="muted">({district.schools.map((s) => s.name).join('、') || '–'})</span>{' '}
      <OnDemandLink
        testIds={{ toggle: `district-links-${district.id}`, error: `district-link-error-${district.id}`, link: `manager-link-${district.id}` }}
        label={t('district.records.managerLink')}
        revokeLabel={t('district.records.revokeManager')}
        load={load}
        revoke={revoke}
      />
    </li>
  );
}

function SchoolDistricts({ adminToken, districts, schools, onChanged }: {
  adminToken: string;
  districts: District[];
  schools: School[];
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const move = (schoolId: string, districtId: string) => run(async () => {
    await setSchoolDistrict(adminToken, schoolId, districtId === '' ? null : districtId);
    await onChanged();
  });

  return (
    <section className="card" data-testid="school-districts">
      <h2>{t('district.records.schoolDistricts')}</h2>
      <ErrorBox error={error} testId="school-districts-error" />
      <ul className="record-list">
        {schools.map((school) => (
          <li key={school.id} className="record__row">
            <label className="form__field form--inline">
              <span>{school.name}</span>
              <select
                data-testid={`school-district-${school.id}`}
                value={school.districtId ?? ''}
                disabled={busy}
                onChange={(e) => void move(school.id, e.target.value)}
              >
                <option value="">{t('district.records.noDistrict')}</option>
                {districts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
              </select>
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
