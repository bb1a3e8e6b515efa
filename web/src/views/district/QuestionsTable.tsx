import type { DashboardFilter } from '@classroom/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { questionDashboard } from '../../services/dashboardApi.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { TableHead } from '../components/TableHead.tsx';
import { useApiCall } from '../components/useApiCall.ts';
import { compareRate, formatRate } from './figures.ts';
import { TableCard } from './TableCard.tsx';

/** Each question asked: how these classrooms answered it, against their district and everyone. */
export function QuestionsTable({ token, filter }: { token: string; filter: DashboardFilter }) {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => questionDashboard(token, filter), [token, filter]);
  const { data, error } = useApiCall(load);
  const rate = (value: number | null) => formatRate(value, i18n.language);
  return (
    <TableCard title={t('district.tables.questions')} table="questions" token={token} query={filter}>
      <ErrorBox error={error} testId="questions-error" />
      {data && data.questions.length === 0 ? <p className="muted">{t('district.noQuestions')}</p> : null}
      {data && data.questions.length > 0 ? (
        <table className="data-table">
          <TableHead columns={[
            t('district.columns.date'), t('district.columns.lesson'), t('district.columns.question'), t('district.columns.asked'),
            t('district.columns.answered'), t('district.columns.correctRate'), t('district.columns.districtCorrectRate'), t('district.columns.allCorrectRate'),
          ]} />
          <tbody>
            {data.questions.map((q) => {
              const side = compareRate(q.correctRate, q.districtCorrectRate)?.side ?? 'level';
              return (
                <tr key={q.questionId} data-testid="question-row" data-question-id={q.questionId}>
                  <td>{q.date}</td>
                  <td>{q.lessonTitle}{q.subject ? ` · ${q.subject}` : ''}</td>
                  <th scope="row">{q.position + 1}. {q.prompt}</th>
                  <td className="num">{q.asked}</td>
                  <td className="num">{q.answered}</td>
                  <td className={`num rate--${side}`} data-side={side}>{rate(q.correctRate)}</td>
                  <td className="num">{rate(q.districtCorrectRate)}</td>
                  <td className="num">{rate(q.allCorrectRate)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </TableCard>
  );
}
