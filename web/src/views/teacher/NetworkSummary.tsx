import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { readNetworkChecks } from '../../services/networkCheck.ts';
import { tokenFromQuery } from '../../services/token.ts';
import { useApiCall } from '../components/useApiCall.ts';

/**
 * Before going live: how the lesson's classrooms' networks were at their last check ("3 of 40
 * classrooms poor"), so that the teacher knows what the far rooms will see. Ad-hoc lessons have
 * no lasting classrooms and show nothing.
 */
export function NetworkSummary({ lessonId }: { lessonId: string }) {
  const { t } = useTranslation();
  const token = tokenFromQuery() ?? '';
  const load = useCallback(() => readNetworkChecks(token, lessonId), [token, lessonId]);
  const { data } = useApiCall(load);
  const total = data?.classrooms ?? 0;
  if (!data || total === 0) return null;
  const count = (grade: string) => data.checks.filter((c) => c.grade === grade).length;
  const unchecked = total - data.checks.length;
  return (
    <p className="network-summary" data-testid="network-summary" data-poor={count('poor')} data-total={total}>
      <strong>{t('networkCheck.summaryTitle')}</strong>{' '}
      {t('networkCheck.summary', { poor: count('poor'), fair: count('fair'), total })}
      {unchecked > 0 ? ` · ${t('networkCheck.summaryUnchecked', { count: unchecked })}` : null}
    </p>
  );
}
