import { useTranslation } from 'react-i18next';
import { tokenFromQuery } from '../../services/token.ts';
import { useStore } from '../../store/view.ts';
import { reportUrl } from '../components/reportUrl.ts';

/** The lesson's report in a new tab, readable with the teacher's own link token. */
export function ReportLink() {
  const { t } = useTranslation();
  const lessonId = useStore((s) => s.lesson?.id ?? null);
  const token = tokenFromQuery();
  if (!lessonId || !token) return null;
  return (
    <a className="button button--small" href={reportUrl(lessonId, token)} target="_blank" rel="noreferrer" data-testid="report-link">
      {t('report.open')}
    </a>
  );
}
