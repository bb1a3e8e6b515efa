import type { PublicQuestion, Submission } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { selectCurrentQuestion, useStore } from '../../store/view.ts';
import { Countdown } from '../components/Countdown.tsx';
import { ResultBars, ResultsTotal } from '../components/ResultBars.tsx';
import { answerText } from '../components/SubmissionTable.tsx';
import { CollectiveForm } from './CollectiveForm.tsx';
import { TallyForm } from './TallyForm.tsx';

/** The question on the projector, from the assistant's side: answer it for the class, see the outcome. */
export function QuizCard() {
  const { t } = useTranslation();
  const question = useStore(selectCurrentQuestion);
  const own = useStore((s) => s.ownAnswer);
  if (!question || question.state === 'draft') return null;
  const open = question.state === 'open';

  return (
    <section className={`card quiz-card quiz-card--${question.state}`} data-testid="quiz-card" data-state={question.state} aria-labelledby="quiz-card-heading">
      <div className="quiz-card__header">
        <h3 id="quiz-card-heading">{t('quiz.questionNumber', { number: question.position + 1 })}</h3>
        {open && question.closesAt !== null ? <Countdown closesAt={question.closesAt} /> : null}
        {open ? null : <span className="badge" data-testid="quiz-card-state">{t(`quiz.state.${question.state}`)}</span>}
      </div>
      <p className="quiz-card__prompt">{question.prompt}</p>
      {own ? <RecordedAnswer own={own} /> : null}
      {/* Keyed by question: a new question starts with an empty form. */}
      {open && question.answerMode === 'collective' ? <CollectiveForm key={question.id} question={question} own={own} /> : null}
      {open && question.answerMode === 'tally' ? <TallyForm key={question.id} question={question} own={own} /> : null}
      {!open && !own ? <p className="muted" data-testid="not-answered">{t('quiz.closedUnanswered')}</p> : null}
      {question.state === 'revealed' ? <RevealedResults question={question} /> : null}
    </section>
  );
}

function RecordedAnswer({ own }: { own: Submission }) {
  const { t } = useTranslation();
  return (
    <p className="recorded-answer" data-testid="own-answer" data-revisions={own.revisions} role="status">
      ✓ {t('quiz.recorded', { answer: answerText(own.answer) })}
      {own.answer.mode === 'tally' ? ` · ${t('quiz.presentCount', { count: own.answer.present })}` : ''}
      {own.revisions > 0 ? <span className="muted"> · {t('quiz.changedTimes', { count: own.revisions })}</span> : null}
    </p>
  );
}

function RevealedResults({ question }: { question: PublicQuestion }) {
  const results = useStore((s) => (s.results?.questionId === question.id ? s.results : null));
  if (!results) return null;
  return (
    <>
      <ResultBars question={question} counts={results.counts} total={results.total} />
      <ResultsTotal question={question} total={results.total} />
    </>
  );
}
