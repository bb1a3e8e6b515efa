import type { Answer, PublicQuestion, ReplayAnswerRow, Submission } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { TableHead } from './TableHead.tsx';
import { markAnswer, optionLetter, type AnswerMark } from './quizText.ts';

/**
 * Each classroom's answer to one question, with how it compares with the correct options. With
 * `replays` (the report), the answers given later on a replay follow the live ones, and a column
 * says which is which: "took it live" / "took it on replay, <date>".
 */
export function SubmissionTable({ question, submissions, replays }: { question: PublicQuestion; submissions: Submission[]; replays?: ReplayAnswerRow[] }) {
  const { t, i18n } = useTranslation();
  if (submissions.length === 0 && !replays?.length) return <p className="muted" data-testid="no-submissions">{t('quiz.noAnswers')}</p>;
  const tally = question.answerMode === 'tally';
  const rows = [
    ...submissions.map((s) => ({ key: `live:${s.classroomId}`, s, taken: 'live' as const, when: t('replay.tookLive') })),
    ...(replays ?? []).map((r) => ({
      key: `replay:${r.replayId}`, s: r.submission, taken: 'replay' as const,
      when: t('replay.tookReplay', { date: new Date(r.replayedAt).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }) }),
    })),
  ];
  return (
    <table className="data-table" data-testid="submissions">
      <TableHead
        columns={[
          t('quiz.classroom'), t('quiz.answer'), ...(tally ? [t('quiz.present')] : []), t('quiz.revisions'), t('quiz.result'), ...(replays ? [t('replay.taken')] : []),
        ]}
      />
      <tbody>
        {rows.map(({ key, s, taken, when }) => {
          const mark = markAnswer(question.kind, question.correct, s.answer);
          return (
            <tr key={key} data-testid="submission-row" data-classroom-id={s.classroomId} data-mark={mark.kind} data-taken={taken}>
              <th scope="row">{s.classroomName}</th>
              <td data-testid="submission-answer">{answerText(s.answer)}</td>
              {tally ? <td>{s.answer.mode === 'tally' ? s.answer.present : ''}</td> : null}
              <td>{s.revisions}</td>
              <td><MarkText mark={mark} /></td>
              {replays ? <td data-testid="submission-taken">{when}</td> : null}
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
