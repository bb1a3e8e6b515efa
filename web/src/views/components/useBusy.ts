import { useCallback, useState } from 'react';

/**
 * Disables a control while its action runs, so that a double tap on a slow phone link does not
 * send the command twice.
 */
export function useBusy(): [busy: boolean, run: (action: () => Promise<unknown>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  }, []);
  return [busy, run];
}
