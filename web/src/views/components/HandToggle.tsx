import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { lowerHand, raiseHand } from '../../services/interaction.ts';
import { HandIcon } from './HandIcon.tsx';
import { useBusy } from './useBusy.ts';

/** One button that raises this classroom's hand, or lowers it when raised. */
export function HandToggle({ raised, className, hint }: { raised: boolean; className: string; hint?: ReactNode }) {
  const { t } = useTranslation();
  const [busy, run] = useBusy();
  return (
    <button
      type="button"
      className={className}
      data-testid={raised ? 'lower-hand' : 'raise-hand'}
      data-raised={raised}
      disabled={busy}
      onClick={() => void run(raised ? () => lowerHand() : raiseHand)}
    >
      <HandIcon /> {raised ? t('hand.lower') : t('hand.raise')}
      {hint}
    </button>
  );
}
