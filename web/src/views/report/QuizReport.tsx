import type { QuizReportRow } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { ResultBars, ResultsTotal } from '../components/ResultBars.tsx';
import { SubmissionTable } from '../components/SubmissionTable.tsx';
import { QuestionFacts } from '../components/QuestionFacts.tsx';

/** Every question asked: totals per option, then each classroom's answer. */
export function QuizReport({ rows }: { rows: QuizReportRow[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="report-quizzes" aria-labelledby="quizzes-heading">
      <h2 id="quizzes-heading">{t('report.quizzes')}</h2>
      {rows.length === 0 ? <p className="muted">{t('report.noQuizzes')}</p> : null}
      {rows.map(({ question, results, replays }) => (
        <article key={question.id} className="report-question" data-testid="report-question" data-question-id={question.id}>
          <h3>{t('quiz.questionNumber', { number: question.position + 1 })}: {question.prompt}</h3>
          <QuestionFacts question={question} />
          <ResultBars question={question} counts={results.counts} total={results.total} />
          <ResultsTotal question={question} total={results.total} />
          <SubmissionTable question={question} submissions={results.submissions} replays={replays} />
          {results.missing.length > 0 ? (
            <p className="muted">{t('quiz.notAnswered')}: {results.missing.map((m) => m.name).join(', ')}</p>
          ) : null}
        </article>
      ))}
    </section>
  );
}
