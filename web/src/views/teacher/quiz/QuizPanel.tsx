import type { Question } from '@classroom/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LiveQuestion } from './LiveQuestion.tsx';
import { QuestionEditor } from './QuestionEditor.tsx';
import { QuestionList } from './QuestionList.tsx';

/** What the editor shows: nothing, a new question, or a prepared one being edited. */
type Editing = { kind: 'closed' } | { kind: 'new' } | { kind: 'edit'; question: Question };

/** The teacher's quiz: the question on the projectors with its results, then the prepared ones. */
export function QuizPanel() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Editing>({ kind: 'closed' });
  const close = () => setEditing({ kind: 'closed' });

  return (
    <section className="panel quiz-panel" data-testid="quiz-panel" aria-labelledby="quiz-heading">
      <div className="panel__header">
        <h2 id="quiz-heading">{t('quiz.title')}</h2>
        {editing.kind === 'closed' ? (
          <button type="button" className="button button--small" data-testid="new-question" onClick={() => setEditing({ kind: 'new' })}>
            + {t('quiz.newQuestion')}
          </button>
        ) : null}
      </div>
      <LiveQuestion />
      {editing.kind !== 'closed' ? (
        <QuestionEditor
          key={editing.kind === 'edit' ? editing.question.id : 'new'}
          question={editing.kind === 'edit' ? editing.question : null}
          onDone={close}
        />
      ) : null}
      <QuestionList onEdit={(question) => setEditing({ kind: 'edit', question })} />
    </section>
  );
}
