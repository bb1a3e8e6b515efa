import type { StandingDay, TodayLesson } from '@classroom/shared';
import { lazy, Suspense, useCallback, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { standingDay } from '../../services/schoolsApi.ts';
import { tokenFromQuery } from '../../services/token.ts';
import { NetworkCheckCard } from '../network/NetworkCheckCard.tsx';
import type { ErrorText } from '../components/apiErrorText.ts';
import { PhaseBadge } from '../components/Badges.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { FullScreenMessage } from '../components/FullScreenMessage.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useApiCall } from '../components/useApiCall.ts';

// The replay card: its own chunk, with the replay's socket, forms and player styles.
const AssistantReplay = lazy(() => import('../replay/AssistantReplay.tsx'));

/** How often the day is read again: a new lesson's id comes a lesson ahead, so a minute is plenty. */
const REFRESH_MS = 60_000;

/**
 * A permanent link's page (a classroom's assistant): who it is and today's lessons. (The
 * projector's and the teacher's pages run their day by themselves: ProjectorDayView, TeacherDayView.)
 */
export function StandingDayView() {
  const token = tokenFromQuery() ?? '';
  const load = useCallback(() => standingDay(token), [token]);
  const { data, error, refresh } = useApiCall(load);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return (
    <DayScreen day={data} error={error}>
      {/* The assistant checks its classroom's network before class. */}
      {data?.you.kind === 'classroom' ? <NetworkCheckCard token={token} /> : null}
      {/* Between lessons, it plays a recorded lesson on the classroom's projector (issue #18). */}
      {data?.you.kind === 'classroom' ? <Suspense fallback={null}><AssistantReplay token={token} /></Suspense> : null}
    </DayScreen>
  );
}

interface DayScreenProps {
  day: StandingDay | null;
  error: ErrorText | null;
  /** The lesson this page is in, marked in the list. */
  joined?: string | null;
  /** What comes next (a projector's countdown), under the list. */
  children?: ReactNode;
}

/** Who the link is and today's lessons; a loading or failure message until the day is read. */
export function DayScreen({ day, error, joined = null, children }: DayScreenProps) {
  const { t } = useTranslation();
  if (!day) {
    return error
      ? <FullScreenMessage title={t('fatal.title')} detail={error.message} tone="error" testId="standing-day" status="fatal" languageSwitch />
      : <FullScreenMessage title={t('common.loading')} testId="standing-day" status="loading" languageSwitch />;
  }
  return (
    <main className="standing-day" data-testid="standing-day" data-status="ready" data-joined={joined ?? ''}>
      <div className="corner corner--top-right"><LanguageSwitch /></div>
      <h1 data-testid="standing-who">{whoIs(day, t)}</h1>
      <p className="muted">{t('standing.today', { date: day.date })}</p>
      <ErrorBox error={error} testId="standing-error" />
      {day.lessons.length === 0 ? <p data-testid="standing-no-lessons">{t('standing.noLessons')}</p> : null}
      <ol className="standing-day__lessons">
        {day.lessons.map((lesson) => (
          <LessonLine key={`${lesson.weeklyLessonId}:${lesson.dueDate}`} lesson={lesson} timeZone={day.timeZone} joined={lesson.lessonId !== null && lesson.lessonId === joined} />
        ))}
      </ol>
      {children}
      <p className="muted">{t('standing.keepOpen')}</p>
    </main>
  );
}

function whoIs(day: StandingDay, t: ReturnType<typeof useTranslation>['t']): string {
  return day.you.kind === 'teacher'
    ? t('standing.teacher', { name: day.you.teacher.name })
    : `${day.you.school.name} · ${day.you.classroom.name}`;
}

function LessonLine({ lesson, timeZone, joined }: { lesson: TodayLesson; timeZone: string; joined: boolean }) {
  const { i18n } = useTranslation();
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { timeZone, hour: '2-digit', minute: '2-digit' });
  return (
    <li data-testid={`standing-lesson-${lesson.weeklyLessonId}`} data-lesson-id={lesson.lessonId ?? ''} data-joined={joined} className={joined ? 'standing-day__joined' : undefined}>
      <strong>{time(lesson.startsAt)}–{time(lesson.endsAt)}</strong> {lesson.title} · {lesson.teacherName} <PhaseBadge phase={lesson.phase} />
    </li>
  );
}
