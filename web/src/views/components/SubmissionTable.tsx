import type { Answer, PublicQuestion, Submission } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { TableHead } from './TableHead.tsx';
import { markAnswer, optionLetter, type AnswerMark } from './quizText.ts';

/** Each classroom's answer to one question, with how it compares with the correct options. */
export function SubmissionTable({ question, submissions }: { question: PublicQuestion; submissions: Submission[] }) {
  const { t } = useTranslation();
  if (submissions.length === 0) return <p className="muted" data-testid="no-submissions">{t('quiz.noAnswers')}</p>;
  const tally = question.answerMode === 'tally';
  return (
    <table className="data-table" data-testid="submissions">
      <TableHead
        columns={[t('quiz.classroom'), t('quiz.answer'), ...(tally ? [t('quiz.present')] : []), t('quiz.revisions'), t('quiz.result')]}
      />
      <tbody>
        {submissions.map((s) => {
          const mark = markAnswer(question.kind, question.correct, s.answer);
          return (
            <tr key={s.classroomId} data-testid="submission-row" data-classroom-id={s.classroomId} data-mark={mark.kind}>
              <th scope="row">{s.classroomName}</th>
              <td data-testid="submission-answer">{answerText(s.answer)}</td>
              {tally ? <td>{s.answer.mode === 'tally' ? s.answer.present : ''}</td> : null}
              <td>{s.revisions}</td>
              <td><MarkText mark={mark} /></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Letters only: the bars above the table give each letter its words. */
export function answerText(answer: Answer): string {
  if (answer.mode === 'collective') return answer.choices.map(optionLetter).join(', ');
  return answer.counts.map((n, i) => `${optionLetter(i)} ${n}`).join(' · ');
}

function MarkText({ mark }: { mark: AnswerMark }) {
  const { t } = useTranslation();
  switch (mark.kind) {
    case 'correct':
      return <span className="mark mark--correct">✓ {t('quiz.marks.correct')}</span>;
    case 'incorrect':
      return <span className="mark mark--incorrect">✗ {t('quiz.marks.incorrect')}</span>;
    case 'pupils':
      return <span className="mark">{t('quiz.marks.pupils', { correct: mark.correct, present: mark.present })}</span>;
    case 'none':
      return <span className="muted">–</span>;
    default: {
      const unknownMark: never = mark;
      throw new Error(`unknown mark ${JSON.stringify(unknownMark)}`);
    }
  }
}
