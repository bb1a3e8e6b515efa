// The district view's words: its link here and the districts tab (loaded with this page, not before).
import '../../i18n/district/index.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withHashToken } from '../../services/hashToken.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { TokenField, useHashToken } from '../components/TokenField.tsx';
import { useSettled } from '../components/useSettled.ts';
import { AdminTabs, type AdminTab } from './AdminTabs.tsx';
import { LessonsTab } from './LessonsTab.tsx';
import { RecordingsTab } from './recordings/RecordingsTab.tsx';
import { DistrictsTab } from './records/DistrictsTab.tsx';
import { SchoolsTab } from './records/SchoolsTab.tsx';
import { TeachersTab } from './records/TeachersTab.tsx';
import { TimetableTab } from './timetable/TimetableTab.tsx';

const TYPING_PAUSE_MS = 500;

export function AdminPage() {
  const { t } = useTranslation();
  const [adminToken, setAdminToken] = useHashToken('classroom.adminToken');
  const [tab, setTab] = useState<AdminTab>('lessons');
  // Lists load by themselves: not for every keystroke of a key being typed.
  const listToken = useSettled(adminToken.trim(), TYPING_PAUSE_MS);
  const needsKey = tab !== 'lessons' && listToken === '';

  return (
    <div className="admin">
      <PageHeader title={t('admin.title')}>
        {/* The admin sees every district's dashboard, opened with this key. */}
        {listToken ? <a className="button button--small" href={withHashToken('/district', listToken)} data-testid="district-view-link">{t('district.title')}</a> : null}
      </PageHeader>
      <main className="admin__main">
        <TokenField label={t('admin.token')} hint={t('admin.tokenHint')} testId="admin-token" value={adminToken} onChange={setAdminToken} />
        <AdminTabs current={tab} onChange={setTab} />
        {needsKey ? <p className="muted">{t('admin.needToken')}</p> : null}
        {tab === 'lessons' ? <LessonsTab adminToken={adminToken} listToken={listToken} /> : null}
        {tab === 'schools' && !needsKey ? <SchoolsTab adminToken={listToken} /> : null}
        {tab === 'teachers' && !needsKey ? <TeachersTab adminToken={listToken} /> : null}
        {tab === 'timetable' && !needsKey ? <TimetableTab adminToken={listToken} /> : null}
        {tab === 'recordings' && !needsKey ? <RecordingsTab adminToken={listToken} /> : null}
        {tab === 'districts' && !needsKey ? <DistrictsTab adminToken={listToken} /> : null}
      </main>
    </div>
  );
}
