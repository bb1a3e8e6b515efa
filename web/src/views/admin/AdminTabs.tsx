import { useTranslation } from 'react-i18next';

export const ADMIN_TABS = ['lessons', 'schools', 'teachers', 'timetable', 'districts', 'recordings'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

/** The admin page's sections: one shown at a time, so 200 schools do not push the lessons off the page. */
export function AdminTabs({ current, onChange }: { current: AdminTab; onChange: (tab: AdminTab) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="tabs" aria-label={t('records.sections')}>
      {ADMIN_TABS.map((tab) => (
        <button
          key={tab}
          type="button"
          className="button tabs__tab"
          aria-current={tab === current ? 'page' : undefined}
          data-testid={`admin-tab-${tab}`}
          onClick={() => onChange(tab)}
        >
          {t(`records.tab_${tab}`)}
        </button>
      ))}
    </nav>
  );
}
