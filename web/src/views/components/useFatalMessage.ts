import { useTranslation } from 'react-i18next';
import type { FatalReason } from '../../store/view.ts';

export interface FatalMessage {
  title: string;
  detail: string;
}

/** What a page says when it stopped for good: an ending is news, not a failure to join. */
export function useFatalMessage(fatal: FatalReason | null): FatalMessage | null {
  const { t } = useTranslation();
  switch (fatal) {
    case null:
      return null;
    case 'lesson_ended':
      return { title: t('fatal.endedTitle'), detail: t('fatal.endedDetail') };
    case 'classroom_removed':
      return { title: t('fatal.removedTitle'), detail: t('fatal.removedDetail') };
    case 'replaced':
      return { title: t('fatal.replacedTitle'), detail: t('fatal.replacedDetail') };
    case 'missing_token':
      return { title: t('fatal.title'), detail: t('fatal.missingToken') };
    default:
      return { title: t('fatal.title'), detail: t(`errors.${fatal}`) };
  }
}
