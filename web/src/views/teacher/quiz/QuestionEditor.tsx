import type { AnswerMode, Question, QuestionKind } from '@classroom/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createQuestion, updateQuestion } from '../../../services/quiz.ts';
import { optionLetter } from '../../components/quizText.ts';
import { useBusy } from '../../components/useBusy.ts';
import {
  addOption, changeKind, draftFromForm, emptyForm, formFromQuestion, MAX_OPTION_COUNT, optionCount, removeOption, toggleCorrect,
  type FormProblem, type QuestionForm,
} from './questionForm.ts';

// Local lists rather than shared's constants, which would pull zod into the page.
const KINDS = ['single', 'multiple', 'true_false'] as const satisfies readonly QuestionKind[];
const MODES = ['collective', 'tally'] as const satisfies readonly AnswerMode[];

/** Writes a new question, or edits a prepared one (`question`); `onDone` after saving or cancelling. */
export function QuestionEditor({ question, onDone }: { question: Question | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<QuestionForm>(() => (question ? formFromQuestion(question) : emptyForm()));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, run] = useBusy();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = draftFromForm(form);
    if ('problem' in result) return setProblem(result.problem);
    setProblem(null);
    void run(async () => {
      const saved = question ? await updateQuestion(question.id, result.draft) : await createQuestion(result.draft);
      if (saved) onDone();
    });
  };

  return (
    <form className="question-editor" data-testid="question-editor" onSubmit={submit}>
      <h3>{question ? t('quiz.editQuestion') : t('quiz.newQuestion')}</h3>
      <label className="form__field">
        <span>{t('quiz.prompt')}</span>
        <textarea data-testid="question-prompt" rows={2} maxLength={1000} value={form.prompt} onChange={(e) => setForm({ ...form, prompt: e.target.value })} />
      </label>
      <div className="question-editor__settings">
        <label className="form__field">
          <span>{t('quiz.kindLabel')}</span>
          <select data-testid="question-kind" value={form.kind} onChange={(e) => setForm(changeKind(form, e.target.value as QuestionKind))}>
            {KINDS.map((kind) => <option key={kind} value={kind}>{t(`quiz.kind.${kind}`)}</option>)}
          </select>
        </label>
        <label className="form__field">
          <span>{t('quiz.modeLabel')}</span>
          <select data-testid="question-answer-mode" value={form.answerMode} onChange={(e) => setForm({ ...form, answerMode: e.target.value as AnswerMode })}>
            {MODES.map((mode) => <option key={mode} value={mode}>{t(`quiz.mode.${mode}`)}</option>)}
          </select>
        </label>
        <label className="form__field">
          <span>{t('quiz.timeLimit')}</span>
          <input
            data-testid="question-time-limit"
            type="number"
            inputMode="numeric"
            min={5}
            max={3600}
            placeholder={t('quiz.noTimeLimit')}
            value={form.timeLimit}
            onChange={(e) => setForm({ ...form, timeLimit: e.target.value })}
          />
        </label>
      </div>
      <OptionFields form={form} onChange={setForm} />
      {problem ? <p className="form__problem" role="alert" data-testid="question-problem">{t(`quiz.problems.${problem}`)}</p> : null}
      <div className="question-editor__buttons">
        <button type="submit" className="button button--primary" data-testid="save-question" disabled={busy}>
          {question ? t('quiz.save') : t('quiz.add')}
        </button>
        <button type="button" className="button" data-testid="cancel-question" onClick={onDone}>{t('actions.cancel')}</button>
      </div>
    </form>
  );
}

/** One row per option: its letter, its words, whether it is correct, and a way to remove it. */
function OptionFields({ form, onChange }: { form: QuestionForm; onChange: (form: QuestionForm) => void }) {
  const { t } = useTranslation();
  const fixed = form.kind === 'true_false';
  const count = optionCount(form);
  return (
    <fieldset className="option-fields">
      <legend>{t('quiz.options')}</legend>
      <p className="muted option-fields__hint">{t('quiz.correctHint')}</p>
      {Array.from({ length: count }, (_, index) => {
        const letter = optionLetter(index);
        return (
          <div key={index} className="option-field" data-testid="option-field">
            <span className="option-field__letter" aria-hidden="true">{letter}</span>
            {fixed ? (
              <span className="option-field__fixed">{index === 0 ? t('quiz.true') : t('quiz.false')}</span>
            ) : (
              <input
                className="option-field__text"
                data-testid={`option-input-${index}`}
                aria-label={t('quiz.option', { letter })}
                maxLength={200}
                value={form.options[index] ?? ''}
                onChange={(e) => onChange({ ...form, options: form.options.map((o, i) => (i === index ? e.target.value : o)) })}
              />
            )}
            <label className="option-field__correct">
              <input type="checkbox" data-testid={`option-correct-${index}`} checked={form.correct.includes(index)} onChange={() => onChange(toggleCorrect(form, index))} />
              {t('quiz.correct')}
            </label>
            {fixed ? null : (
              <button
                type="button"
                className="button button--small button--quiet-danger"
                data-testid={`remove-option-${index}`}
                aria-label={t('quiz.removeOption', { letter })}
                disabled={count <= 2}
                onClick={() => onChange(removeOption(form, index))}
              >
                ×
              </button>
            )}
          </div>
        );
      })}
      {fixed ? null : (
        <button type="button" className="button button--small" data-testid="add-option" disabled={count >= MAX_OPTION_COUNT} onClick={() => onChange(addOption(form))}>
          + {t('quiz.addOption')}
        </button>
      )}
    </fieldset>
  );
}
