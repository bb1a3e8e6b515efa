import type { PublicQuestion } from '@classroom/shared';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/view.ts';
import { Countdown } from '../components/Countdown.tsx';
import { ResultBars, ResultsTotal } from '../components/ResultBars.tsx';
import { useOptionText } from '../components/useOptionText.ts';
import { quizPanelScale } from './quizPanelScale.ts';

/**
 * The question, large enough for the back row: options A, B, C…, a countdown while open, and
 * once revealed the correct options and the totals of all classrooms. A side panel: the teacher
 * stays on the wall next to it.
 */
export function ProjectorQuiz({ question }: { question: PublicQuestion }) {
  const { t } = useTranslation();
  const results = useStore((s) => (s.results?.questionId === question.id ? s.results : null));
  const answered = useStore((s) => s.ownAnswer !== null);
  const revealed = question.state === 'revealed' && results !== null;
  const optionText = useOptionText(question);
  const scale = quizPanelScale(question.prompt, question.options.map((_, i) => optionText(i)), revealed);

  return (
    <aside
      className={`projector-quiz projector-quiz--${question.state}`}
      data-testid="projector-quiz"
      data-state={question.state}
      data-question-id={question.id}
      style={{ '--quiz-scale': scale } as CSSProperties}
    >
      <div className="projector-quiz__status">
        <span>{t('quiz.questionNumber', { number: question.position + 1 })}</span>
        <QuizStatus question={question} />
      </div>
      <p className="projector-quiz__prompt" data-testid="projector-prompt">{question.prompt}</p>
      <ResultBars question={question} counts={revealed ? results.counts : null} total={results?.total ?? 0} size="big" />
      {revealed ? <ResultsTotal question={question} total={results.total} /> : null}
      {question.state === 'open' ? (
        <p className="projector-quiz__hint" data-testid="projector-answered" data-answered={answered}>
          {answered ? `✓ ${t('quiz.projectorAnswered')}` : t('quiz.projectorHint')}
        </p>
      ) : null}
    </aside>
  );
}

function QuizStatus({ question }: { question: PublicQuestion }) {
  const { t } = useTranslation();
  if (question.state === 'open') {
    return question.closesAt !== null ? <Countdown closesAt={question.closesAt} className="projector-quiz__countdown" /> : null;
  }
  return (
    <span className="projector-quiz__state" data-testid="projector-quiz-state">
      {question.state === 'revealed' ? t('quiz.state.revealed') : t('quiz.state.closed')}
    </span>
  );
}
