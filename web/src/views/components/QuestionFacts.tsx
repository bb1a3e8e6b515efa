import type { PublicQuestion } from '@classroom/shared';
import { useTranslation } from 'react-i18next';

/** A question's settings in a line of badges: type, how classrooms answer, time limit, state. */
export function QuestionFacts({ question }: { question: PublicQuestion }) {
  const { t } = useTranslation();
  return (
    <p className="question-facts">
      <span className={`badge badge--question-${question.state}`} data-testid="question-state" data-state={question.state}>{t(`quiz.state.${question.state}`)}</span>
      <span className="badge">{t(`quiz.kind.${question.kind}`)}</span>
      <span className="badge">{t(`quiz.modeShort.${question.answerMode}`)}</span>
      {question.timeLimitSeconds !== null ? <span className="badge">{t('quiz.seconds', { count: question.timeLimitSeconds })}</span> : null}
    </p>
  );
}
