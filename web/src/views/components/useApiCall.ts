import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useState } from 'react';
import { apiErrorText, type ErrorText } from './apiErrorText.ts';

export interface ApiCall<T> {
  data: T | null;
  error: ErrorText | null;
  busy: boolean;
  refresh: () => Promise<void>;
}

/**
 * Loads something from the REST API on mount and on `refresh`, keeping the last good answer on
 * the page while a refresh fails. `load` must be stable (useCallback) or null (nothing to load yet).
 */
export function useApiCall<T>(load: (() => Promise<T>) | null): ApiCall<T> {
  const { t } = useTranslation();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ErrorText | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    if (!load) return;
    setBusy(true);
    try {
      setData(await load());
      setError(null);
    } catch (failure) {
      setError(apiErrorText(t, failure));
    } finally {
      setBusy(false);
    }
  }, [load, t]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { data, error, busy, refresh };
}
