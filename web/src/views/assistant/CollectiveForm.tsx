import type { PublicQuestion, Submission } from '@classroom/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { optionLetter } from '../components/quizText.ts';
import { useOptionText } from '../components/useOptionText.ts';
import { AnswerProblemText } from './AnswerProblemText.tsx';
import { useAnswerSubmit, type SubmitAnswer } from './useAnswerSubmit.ts';

/** The class agrees on its answer: tap it (or them), then send. */
export function CollectiveForm({ question, own, submit }: { question: PublicQuestion; own: Submission | null; submit?: SubmitAnswer }) {
  const { t } = useTranslation();
  const optionText = useOptionText(question);
  const [choices, setChoices] = useState<number[]>(own?.answer.mode === 'collective' ? own.answer.choices : []);
  const { busy, problem, setProblem, send } = useAnswerSubmit(question.id, submit);
  const several = question.kind === 'multiple';

  const toggle = (index: number) => {
    setProblem(null);
    if (!several) return setChoices([index]);
    setChoices(choices.includes(index) ? choices.filter((c) => c !== index) : [...choices, index].sort((a, b) => a - b));
  };

  return (
    <div className="answer-form" data-testid="answer-form" data-mode="collective">
      <p className="muted">{several ? t('quiz.chooseSome') : t('quiz.chooseOne')}</p>
      <div className="answer-options" role="group">
        {question.options.map((_, index) => (
          <button
            key={index}
            type="button"
            className="answer-option"
            data-testid={`answer-option-${index}`}
            aria-pressed={choices.includes(index)}
            onClick={() => toggle(index)}
          >
            <span className="answer-option__letter">{optionLetter(index)}</span>
            <span>{optionText(index)}</span>
          </button>
        ))}
      </div>
      <AnswerProblemText problem={problem} />
      <button
        type="button"
        className="button button--primary button--big answer-form__submit"
        data-testid="submit-answer"
        disabled={busy || choices.length === 0}
        onClick={() => void send({ mode: 'collective', choices })}
      >
        {own ? t('quiz.change') : t('quiz.submit')}
      </button>
    </div>
  );
}
