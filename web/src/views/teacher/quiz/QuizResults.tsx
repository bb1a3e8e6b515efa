import type { PublicQuestion } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../../store/view.ts';
import { ResultBars, ResultsTotal } from '../../components/ResultBars.tsx';
import { SubmissionTable } from '../../components/SubmissionTable.tsx';

/** Live results: totals per option, each classroom's answer, and who has not answered yet. */
export function QuizResults({ question }: { question: PublicQuestion }) {
  const { t } = useTranslation();
  const results = useStore((s) => (s.results?.questionId === question.id ? s.results : null));
  if (!results) return <p className="muted">{t('common.loading')}</p>;
  const answered = results.submissions.length;
  const classrooms = answered + results.missing.length;

  return (
    <div className="quiz-results" data-testid="quiz-results" data-answered={answered} data-total={results.total}>
      <p className="quiz-results__answered" data-testid="answered-count">{t('quiz.answered', { answered, total: classrooms })}</p>
      <ResultBars question={question} counts={results.counts} total={results.total} />
      <ResultsTotal question={question} total={results.total} />
      <SubmissionTable question={question} submissions={results.submissions} />
      {results.missing.length > 0 ? (
        <p className="quiz-results__missing" data-testid="missing-answers">
          <span className="muted">{t('quiz.notAnswered')}: </span>
          {results.missing.map((m) => m.name).join(', ')}
        </p>
      ) : (
        <p className="muted" data-testid="missing-answers">{t('quiz.everyoneAnswered')}</p>
      )}
    </div>
  );
}
