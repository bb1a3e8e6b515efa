import type { PublicQuestion, Submission } from '@classroom/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/view.ts';
import { optionLetter } from '../components/quizText.ts';
import { useOptionText } from '../components/useOptionText.ts';
import { AnswerProblemText } from './AnswerProblemText.tsx';
import { Stepper } from './Stepper.tsx';
import { tallyProblem } from './tallyCheck.ts';
import { useAnswerSubmit, type SubmitAnswer } from './useAnswerSubmit.ts';

/** The assistant counts the hands for each option, out of the pupils present, then sends. */
export function TallyForm({ question, own, submit }: { question: PublicQuestion; own: Submission | null; submit?: SubmitAnswer }) {
  const { t } = useTranslation();
  const optionText = useOptionText(question);
  const lastPresent = useStore((s) => s.lastPresent);
  const previous = own?.answer.mode === 'tally' ? own.answer : null;
  const [counts, setCounts] = useState<number[]>(() => previous?.counts ?? question.options.map(() => 0));
  // The room rarely changes between questions: start from the last count of pupils.
  const [present, setPresent] = useState(previous?.present ?? lastPresent ?? 0);
  const { busy, problem, setProblem, send } = useAnswerSubmit(question.id, submit);
  const counted = counts.reduce((sum, n) => sum + n, 0);

  const check = () => {
    const local = tallyProblem(question.kind, counts, present);
    if (local) return setProblem(local);
    void send({ mode: 'tally', counts, present });
  };

  return (
    <div className="answer-form" data-testid="answer-form" data-mode="tally">
      <p className="muted">{t('quiz.tallyHint')}</p>
      <Stepper label={t('quiz.pupilsPresent')} value={present} testId="tally-present" onChange={(value) => { setProblem(null); setPresent(value); }} />
      <div className="tally-options">
        {question.options.map((_, index) => (
          <Stepper
            key={index}
            label={`${optionLetter(index)} · ${optionText(index)}`}
            value={counts[index] ?? 0}
            testId={`tally-count-${index}`}
            onChange={(value) => {
              setProblem(null);
              setCounts(counts.map((n, i) => (i === index ? value : n)));
            }}
          />
        ))}
      </div>
      <p className="muted" data-testid="tally-counted">{t('quiz.counted', { counted, present })}</p>
      <AnswerProblemText problem={problem} />
      <button type="button" className="button button--primary button--big answer-form__submit" data-testid="submit-answer" disabled={busy} onClick={check}>
        {own ? t('quiz.change') : t('quiz.submit')}
      </button>
    </div>
  );
}
