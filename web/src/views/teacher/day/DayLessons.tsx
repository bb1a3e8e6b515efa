import type { StandingDay, TodayLesson } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { selectPhase, useStore } from '../../../store/view.ts';
import { useNow } from '../../components/useNow.ts';
import { dayLessonState } from './dayLessonState.ts';

/** The teacher's computer's own zone: times of a school elsewhere say whose clock they are. */
const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Today's lessons in order: time (the school's clock), title, classrooms, and how it stands. */
export function DayLessons({ day, joined }: { day: StandingDay; joined: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="panel teacher-day__lessons" aria-labelledby="day-lessons-heading">
      <h2 id="day-lessons-heading">{t('teacherDay.lessons')}</h2>
      {day.lessons.length === 0 ? <p data-testid="standing-no-lessons">{t('standing.noLessons')}</p> : null}
      <ol className="teacher-day__list">
        {day.lessons.map((lesson) => (
          <DayLesson key={`${lesson.weeklyLessonId}:${lesson.dueDate}`} lesson={lesson} atHand={lesson.lessonId !== null && lesson.lessonId === joined} offsetMs={day.serverTime - Date.now()} />
        ))}
      </ol>
    </section>
  );
}

function DayLesson({ lesson, atHand, offsetMs }: { lesson: TodayLesson; atHand: boolean; offsetMs: number }) {
  const { t, i18n } = useTranslation();
  // The lesson this page is in: its phase as it changes, not as last read.
  const livePhase = useStore(selectPhase);
  const now = useNow(10_000) + offsetMs;
  const state = dayLessonState(lesson, now, atHand && livePhase ? livePhase : lesson.phase);
  // 24-hour, as the timetable says it.
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { timeZone: lesson.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (
    <li
      className={`teacher-day__lesson${atHand ? ' teacher-day__lesson--at-hand' : ''}`}
      data-testid={`day-lesson-${lesson.weeklyLessonId}`}
      data-lesson-id={lesson.lessonId ?? ''}
      data-state={state}
      data-at-hand={atHand}
    >
      <span className="teacher-day__time">
        {time(lesson.startsAt)}–{time(lesson.endsAt)}
        {lesson.timeZone !== LOCAL_ZONE ? <small className="muted"> {t('teacherDay.zone', { zone: lesson.timeZone })}</small> : null}
      </span>
      <strong className="teacher-day__title">{lesson.title}</strong>
      <span className="muted">{t('timetable.classroomCount', { count: lesson.classrooms })}</span>
      <span className={`badge badge--day-${state}`} data-testid="day-lesson-state" data-state={state}>{t(`teacherDay.state.${state}`)}</span>
    </li>
  );
}
