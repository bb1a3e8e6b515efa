import type { PublicQuestion } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { optionLetter, percentOf } from './quizText.ts';
import { useOptionText } from './useOptionText.ts';

interface Props {
  question: PublicQuestion;
  /** Per option, or null to list the options without results (a question still open). */
  counts: number[] | null;
  /** What the percentages are of (classrooms that answered, or pupils present). */
  total: number;
  /** big: read from the back of a classroom. */
  size?: 'small' | 'big';
}

/** The options, A, B, C…, each with its bar; the correct ones marked once known. */
export function ResultBars({ question, counts, total, size = 'small' }: Props) {
  const { t } = useTranslation();
  const optionText = useOptionText(question);
  const correct = question.correct ?? [];
  return (
    <ol className={`result-bars result-bars--${size}`} data-testid="result-bars">
      {question.options.map((_, index) => {
        const count = counts?.[index] ?? 0;
        const percent = percentOf(count, total);
        const right = correct.includes(index);
        return (
          <li
            key={index}
            className={`result-bar${right ? ' result-bar--correct' : ''}`}
            data-testid="result-bar"
            data-option={index}
            data-count={counts ? count : undefined}
            data-percent={counts ? percent : undefined}
            data-correct={right}
          >
            <span className="result-bar__letter" aria-hidden="true">{optionLetter(index)}</span>
            <span className="result-bar__text">
              <span className="visually-hidden">{optionLetter(index)}: </span>
              {optionText(index)}
              {right ? <span className="result-bar__mark"> ✓ <span className="visually-hidden">{t('quiz.correctOption')}</span></span> : null}
            </span>
            {counts ? (
              <>
                <span className="result-bar__track" aria-hidden="true">
                  <span className="result-bar__fill" style={{ width: `${percent}%` }} />
                </span>
                <span className="result-bar__numbers">{count} · {percent}%</span>
              </>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** What the percentages above are of, in words. */
export function ResultsTotal({ question, total }: { question: Pick<PublicQuestion, 'answerMode'>; total: number }) {
  const { t } = useTranslation();
  return (
    <p className="results-total" data-testid="results-total" data-total={total}>
      {question.answerMode === 'tally' ? t('quiz.totalPupils', { count: total }) : t('quiz.totalClassrooms', { count: total })}
    </p>
  );
}
