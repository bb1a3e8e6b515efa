import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { setActionError, useStore } from '../../store/view.ts';

// Long enough to read a sentence twice; an action that fails again shows it again.
const SHOW_MS = 8_000;

/** The last failed action, as a short message at the bottom of the page. */
export function ActionToast() {
  const { t } = useTranslation();
  const actionError = useStore((s) => s.actionError);

  useEffect(() => {
    if (!actionError) return;
    const timer = setTimeout(() => setActionError(null), SHOW_MS);
    return () => clearTimeout(timer);
  }, [actionError]);

  if (!actionError) return null;
  return (
    <div className="toast" role="alert" data-testid="action-error">
      <p>{actionError}</p>
      <button type="button" className="toast__close" aria-label={t('actions.dismiss')} onClick={() => setActionError(null)}>
        ×
      </button>
    </div>
  );
}
