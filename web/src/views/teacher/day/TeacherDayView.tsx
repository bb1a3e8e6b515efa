import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isOnAir } from '../../../services/lessonToJoin.ts';
import { useLinkDay } from '../../../services/linkDay.ts';
import { releaseLocalMedia } from '../../../services/localMedia.ts';
import { goLive } from '../../../services/teacher.ts';
import { selectPhase, useStore } from '../../../store/view.ts';
import { apiErrorText } from '../../components/apiErrorText.ts';
import { FullScreenMessage } from '../../components/FullScreenMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TeacherConsole } from '../TeacherConsole.tsx';
import { DayLessons } from './DayLessons.tsx';
import { LessonAtHand } from './LessonAtHand.tsx';

/**
 * The teacher on their permanent link: the console of the lesson at hand while it is on air (or
 * opened to prepare it), else the day — today's lessons, and the one at hand with its classrooms
 * and who is there, one press from going live. Back to the day when the lesson ends.
 */
export function TeacherDayView() {
  const { t } = useTranslation();
  const { day, error, joined } = useLinkDay();
  const phase = useStore(selectPhase);
  const [consoleFor, setConsoleFor] = useState<string | null>(null);

  if (joined !== null && (isOnAir(phase) || consoleFor === joined)) {
    const backToDay = () => {
      setConsoleFor(null);
      // Not on air: nothing is sent, and the camera's light goes off until the next press.
      releaseLocalMedia();
    };
    return <TeacherConsole key={joined} onBackToDay={isOnAir(phase) ? undefined : backToDay} />;
  }
  if (!day) {
    return error
      ? <FullScreenMessage title={t('fatal.title')} detail={apiErrorText(t, error).message} tone="error" testId="teacher-day" status="fatal" languageSwitch />
      : <FullScreenMessage title={t('common.loading')} testId="teacher-day" status="loading" languageSwitch />;
  }
  const atHand = joined === null ? null : day.lessons.find((l) => l.lessonId === joined) ?? null;
  return (
    <div className="teacher teacher-day" data-testid="teacher-day" data-status="ready" data-joined={joined ?? ''}>
      <PageHeader title={day.you.kind === 'teacher' ? t('standing.teacher', { name: day.you.teacher.name }) : ''}>
        <span className="muted">{t('standing.today', { date: day.date })}</span>
      </PageHeader>
      <main className="teacher-day__main">
        <DayLessons day={day} joined={joined} />
        {atHand && phase !== 'ended' ? (
          <LessonAtHand
            lesson={atHand}
            onOpenConsole={() => setConsoleFor(atHand.lessonId)}
            onGoLive={() => {
              // The console opens at once: the camera preview, device errors and the broadcast show there.
              setConsoleFor(atHand.lessonId);
              void goLive();
            }}
          />
        ) : <p className="panel" data-testid="nothing-at-hand">{t('teacherDay.nothingAtHand')}</p>}
      </main>
    </div>
  );
}
