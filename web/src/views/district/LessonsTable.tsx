import type { DashboardExportQuery, LessonRow } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { OnlineBadge } from '../components/Badges.tsx';
import { reportUrl } from '../components/reportUrl.ts';
import { TableHead } from '../components/TableHead.tsx';
import { formatNumber, formatRate } from './figures.ts';
import { TableCard } from './TableCard.tsx';

/** A classroom's lessons, newest first; each held one opens its lesson report with the same key. */
export function LessonsTable({ token, query, lessons }: { token: string; query: DashboardExportQuery; lessons: LessonRow[] }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const yes = (value: boolean) => (value ? t('district.yes') : t('district.no'));
  const ratio = (part: number, whole: number) => formatRate(whole === 0 ? null : part / whole, i18n.language);
  return (
    <TableCard title={t('district.tables.lessons')} table="lessons" token={token} query={query}>
      <table className="data-table dashboard-lessons">
        <TableHead columns={[
          t('district.columns.date'), t('district.columns.lesson'), t('district.columns.teacher'), t('district.columns.attended'),
          t('district.figures.minutesPresent'), t('district.columns.lateJoin'), t('district.columns.earlyLeave'), t('district.figures.handsRaised'),
          t('district.figures.stageTurns'), t('district.figures.quizAnswerRate'), t('district.figures.quizCorrectRate'), t('district.columns.districtCorrectRate'),
          t('district.figures.linkGoodMinutes'), t('district.figures.linkFairMinutes'), t('district.figures.linkPoorMinutes'),
          t('district.figures.soundOnlyMinutes'), t('district.figures.reconnects'), t('district.figures.replaysTaken'), t('district.columns.report'),
        ]} />
        <tbody>
          {lessons.map((lesson) => (
            <tr key={`${lesson.lessonId ?? lesson.weeklyLessonId}:${lesson.date}`} data-testid="lesson-row" data-lesson-id={lesson.lessonId ?? ''} data-attended={lesson.attended}>
              <td>{lesson.date}</td>
              <th scope="row">
                {lesson.title}{lesson.subject ? ` · ${lesson.subject}` : ''}
                {lesson.removed ? <span className="badge">{t('district.removed')}</span> : null}
              </th>
              <td>{lesson.teacherName}</td>
              <td>
                <OnlineBadge online={lesson.attended} onlineText={t('district.yes')} offlineText={lesson.lessonId ? t('district.no') : t('district.notHeld')} />
              </td>
              <td className="num">{n(lesson.minutesPresent)}</td>
              <td>{yes(lesson.lateJoin)}</td>
              <td>{yes(lesson.earlyLeave)}</td>
              <td className="num">{n(lesson.handsRaised)}</td>
              <td className="num">{n(lesson.stageTurns)}</td>
              <td className="num">{ratio(lesson.quizAnswered, lesson.quizAsked)}</td>
              <td className="num">{ratio(lesson.quizCorrect, lesson.quizJudged)}</td>
              <td className="num" data-testid="lesson-district-correct">{formatRate(lesson.districtCorrectRate, i18n.language)}</td>
              <td className="num">{n(lesson.linkGoodMinutes)}</td>
              <td className="num">{n(lesson.linkFairMinutes)}</td>
              <td className="num">{n(lesson.linkPoorMinutes)}</td>
              <td className="num">{n(lesson.soundOnlyMinutes)}</td>
              <td className="num">{n(lesson.reconnects)}</td>
              <td className="num">{n(lesson.replaysTaken)}</td>
              <td>
                {lesson.reportUrl && lesson.lessonId ? (
                  <a href={reportUrl(lesson.lessonId, token, 'district')} data-testid={`open-report-${lesson.lessonId}`}>{t('district.openReport')}</a>
                ) : '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableCard>
  );
}
