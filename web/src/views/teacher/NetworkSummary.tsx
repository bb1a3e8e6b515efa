import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { readNetworkChecks } from '../../services/networkCheckResults.ts';
import { tokenFromQuery } from '../../services/token.ts';
import { useApiCall } from '../components/useApiCall.ts';
import { networkSummary } from './networkSummary.ts';

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
  if (!data || !data.classrooms) return null;
  const { total, poor, fair, unchecked } = networkSummary(data.checks, data.classrooms);
  return (
    <p className="network-summary" data-testid="network-summary" data-poor={poor} data-total={total}>
      <strong>{t('networkCheck.summaryTitle')}</strong>{' '}
      {t('networkCheck.summary', { poor, fair, total })}
      {unchecked > 0 ? ` · ${t('networkCheck.summaryUnchecked', { count: unchecked })}` : null}
    </p>
  );
}
