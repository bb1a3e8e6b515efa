import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runNetworkCheck } from '../../services/networkCheck.ts';
import { readNetworkChecks } from '../../services/networkCheckResults.ts';
import { apiErrorText, type ErrorText } from '../components/apiErrorText.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useApiCall } from '../components/useApiCall.ts';
import { NetworkCheckDetails } from './NetworkCheckResult.tsx';

/** The assistant's view of its classroom's network: the last check, and a button to check now. */
export function NetworkCheckCard({ token }: { token: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => readNetworkChecks(token), [token]);
  const { data, error, refresh } = useApiCall(load);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<ErrorText | null>(null);
  const last = data?.checks[0] ?? null;

  const check = async () => {
    setRunning(true);
    setFailure(null);
    try {
      await runNetworkCheck(token, 'assistant');
    } catch (e) {
      setFailure(apiErrorText(t, e));
    } finally {
      setRunning(false);
      await refresh();
    }
  };

  return (
    <section className="card network-check-card" data-testid="network-check">
      <h3>{t('networkCheck.title')}</h3>
      {last ? <NetworkCheckDetails result={last} /> : <p className="muted">{t('networkCheck.never')}</p>}
      <ErrorBox error={failure ?? error} testId="network-check-error" />
      <button type="button" className="button" data-testid="network-check-run" disabled={running} onClick={() => void check()}>
        {running ? t('networkCheck.running') : t('networkCheck.run')}
      </button>
    </section>
  );
}
