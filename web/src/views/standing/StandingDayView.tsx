import type { StandingDay, TodayLesson } from '@classroom/shared';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { standingDay } from '../../services/schoolsApi.ts';
import { tokenFromQuery } from '../../services/token.ts';
import { PhaseBadge } from '../components/Badges.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { FullScreenMessage } from '../components/FullScreenMessage.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useApiCall } from '../components/useApiCall.ts';

/** How often the day is read again: a new lesson's id comes a lesson ahead, so a minute is plenty. */
const REFRESH_MS = 60_000;

/**
 * A permanent link's page (a classroom's projector or assistant, a teacher): who it is and today's
 * lessons. For now it waits here; joining the lesson by itself is the projector's next step.
 */
export function StandingDayView() {
  const { t } = useTranslation();
  const token = tokenFromQuery() ?? '';
  const load = useCallback(() => standingDay(token), [token]);
  const { data, error, refresh } = useApiCall(load);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  if (!data) {
    return error
      ? <FullScreenMessage title={t('fatal.title')} detail={error.message} tone="error" testId="standing-day" status="fatal" languageSwitch />
      : <FullScreenMessage title={t('common.loading')} testId="standing-day" status="loading" languageSwitch />;
  }
  return (
    <main className="standing-day" data-testid="standing-day" data-status="ready">
      <div className="corner corner--top-right"><LanguageSwitch /></div>
      <h1 data-testid="standing-who">{whoIs(data, t)}</h1>
      <p className="muted">{t('standing.today', { date: data.date })}</p>
      <ErrorBox error={error} testId="standing-error" />
      {data.lessons.length === 0 ? <p data-testid="standing-no-lessons">{t('standing.noLessons')}</p> : null}
      <ol className="standing-day__lessons">
        {data.lessons.map((lesson) => <LessonLine key={`${lesson.weeklyLessonId}:${lesson.dueDate}`} lesson={lesson} timeZone={data.timeZone} />)}
      </ol>
      <p className="muted">{t('standing.keepOpen')}</p>
    </main>
  );
}

function whoIs(day: StandingDay, t: ReturnType<typeof useTranslation>['t']): string {
  return day.you.kind === 'teacher'
    ? t('standing.teacher', { name: day.you.teacher.name })
    : `${day.you.school.name} · ${day.you.classroom.name}`;
}

function LessonLine({ lesson, timeZone }: { lesson: TodayLesson; timeZone: string }) {
  const { i18n } = useTranslation();
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { timeZone, hour: '2-digit', minute: '2-digit' });
  return (
    <li data-testid={`standing-lesson-${lesson.weeklyLessonId}`} data-lesson-id={lesson.lessonId ?? ''}>
      <strong>{time(lesson.startsAt)}–{time(lesson.endsAt)}</strong> {lesson.title} · {lesson.teacherName} <PhaseBadge phase={lesson.phase} />
    </li>
  );
}
