import { useTranslation } from 'react-i18next';
import type { FatalReason } from '../../store/index.ts';

export function useFatalText(fatal: FatalReason | null): string | undefined {
  const { t } = useTranslation();
  if (!fatal) return undefined;
  return fatal === 'missing_token' ? t('fatal.missingToken') : t(`errors.${fatal}`);
}
