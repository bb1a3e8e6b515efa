import { useTranslation } from 'react-i18next';
import { PageHeader } from './components/PageHeader.tsx';

export function Home() {
  const { t } = useTranslation();
  return (
    <div className="home">
      <PageHeader title={t('home.title')} />
      <main className="home__main">
        <p>{t('home.body')}</p>
        <p><a className="button button--primary" href="/admin" data-testid="admin-link">{t('home.adminLink')}</a></p>
      </main>
    </div>
  );
}
