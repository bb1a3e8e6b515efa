import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiErrorText, type ErrorText } from './apiErrorText.ts';

export interface Action {
  busy: boolean;
  /** Why the last run failed, translated; null once one succeeds. */
  error: ErrorText | null;
  setError: (error: ErrorText | null) => void;
  /** Runs the action (one at a time: `busy` disables its button); true when it succeeded. */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}

/** An API call a form or button makes: busy while it runs, its failure kept to show beside it. */
export function useAction(): Action {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorText | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(apiErrorText(t, failure));
      return false;
    } finally {
      setBusy(false);
    }
  }, [t]);
  return { busy, error, setError, run };
}
