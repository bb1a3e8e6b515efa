import type { Question } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { deleteQuestion, launchQuestion, reorderQuestions } from '../../../services/quiz.ts';
import { selectOpenQuestion, useStore } from '../../../store/view.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { useBusy } from '../../components/useBusy.ts';
import { QuestionFacts } from '../../components/QuestionFacts.tsx';

/** The lesson's questions in order: drafts can be moved, edited, deleted and asked. */
export function QuestionList({ onEdit }: { onEdit: (question: Question) => void }) {
  const { t } = useTranslation();
  const questions = useStore((s) => s.questions);
  const anotherOpen = useStore((s) => selectOpenQuestion(s) !== null);
  const [busy, run] = useBusy();

  // The server wants every question named once; swapping two neighbours keeps the rest in place.
  const move = (index: number, by: -1 | 1) => {
    const order = questions.map((q) => q.id);
    const other = index + by;
    if (other < 0 || other >= order.length) return;
    [order[index], order[other]] = [order[other]!, order[index]!];
    void run(() => reorderQuestions(order));
  };

  if (questions.length === 0) return <p className="muted" data-testid="no-questions">{t('quiz.noQuestions')}</p>;
  return (
    <ol className="question-list" data-testid="question-list">
      {questions.map((question, index) => (
        <li key={question.id} className={`question-item question-item--${question.state}`} data-testid="question-item" data-question-id={question.id} data-state={question.state}>
          {/* The number the projectors show (the server's position), so that "question 3" means one thing. */}
          <span className="question-item__number">{question.position + 1}</span>
          <div className="question-item__body">
            <p className="question-item__prompt">{question.prompt}</p>
            <QuestionFacts question={question} />
          </div>
          {question.state === 'draft' ? (
            <div className="question-item__actions">
              <button
                type="button"
                className="button button--primary button--small"
                data-testid="launch-question"
                disabled={busy || anotherOpen}
                title={anotherOpen ? t('quiz.closeFirst') : undefined}
                onClick={() => void run(() => launchQuestion(question.id))}
              >
                {t('quiz.launch')}
              </button>
              <button type="button" className="button button--small" data-testid="edit-question" disabled={busy} onClick={() => onEdit(question)}>
                {t('quiz.edit')}
              </button>
              <button type="button" className="button button--small" data-testid="move-up" aria-label={t('quiz.moveUp')} disabled={busy || index === 0} onClick={() => move(index, -1)}>↑</button>
              <button type="button" className="button button--small" data-testid="move-down" aria-label={t('quiz.moveDown')} disabled={busy || index === questions.length - 1} onClick={() => move(index, 1)}>↓</button>
              <ConfirmButton
                className="button button--small button--quiet-danger"
                testId="delete-question"
                disabled={busy}
                question={t('quiz.confirmDelete', { prompt: question.prompt })}
                confirmLabel={t('quiz.confirmDeleteOk')}
                onConfirm={() => void run(() => deleteQuestion(question.id))}
              >
                {t('quiz.delete')}
              </ConfirmButton>
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
