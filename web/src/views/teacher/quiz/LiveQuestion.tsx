import type { PublicQuestion } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { closeQuestion, revealResults } from '../../../services/quiz.ts';
import { selectCurrentQuestion, useStore } from '../../../store/view.ts';
import { Countdown } from '../../components/Countdown.tsx';
import { useBusy } from '../../components/useBusy.ts';
import { QuestionFacts } from '../../components/QuestionFacts.tsx';
import { QuizResults } from './QuizResults.tsx';

/** The question on the projectors: its countdown, closing and revealing, and its live results. */
export function LiveQuestion() {
  const { t } = useTranslation();
  const question = useStore(selectCurrentQuestion);
  if (!question) return null;

  return (
    <section className="live-question" data-testid="live-question" data-question-id={question.id} data-state={question.state} aria-labelledby="live-question-heading">
      <div className="live-question__header">
        <h3 id="live-question-heading">{t('quiz.onProjectors', { number: question.position + 1 })}</h3>
        {question.state === 'open' && question.closesAt !== null ? <Countdown closesAt={question.closesAt} /> : null}
        <LiveButtons question={question} />
      </div>
      <p className="live-question__prompt" data-testid="live-prompt">{question.prompt}</p>
      <QuestionFacts question={question} />
      <QuizResults question={question} />
    </section>
  );
}

function LiveButtons({ question }: { question: PublicQuestion }) {
  const { t } = useTranslation();
  const [busy, run] = useBusy();
  if (question.state === 'open') {
    return (
      <button type="button" className="button button--danger button--small" data-testid="close-question" disabled={busy} onClick={() => void run(() => closeQuestion(question.id))}>
        {t('quiz.close')}
      </button>
    );
  }
  if (question.state === 'closed') {
    return (
      <button type="button" className="button button--primary button--small" data-testid="reveal-results" disabled={busy} onClick={() => void run(() => revealResults(question.id))}>
        {t('quiz.reveal')}
      </button>
    );
  }
  return null;
}
