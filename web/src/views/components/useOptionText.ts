import type { PublicQuestion } from '@classroom/shared';
import { useTranslation } from 'react-i18next';

/** An option's words: the teacher's own, or True/False in the reader's language. */
export function useOptionText(question: Pick<PublicQuestion, 'kind' | 'options'>): (index: number) => string {
  const { t } = useTranslation();
  return (index) => {
    if (question.kind === 'true_false') return index === 0 ? t('quiz.true') : t('quiz.false');
    return question.options[index] ?? '';
  };
}
