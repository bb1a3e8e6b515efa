import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ensureLocalMedia } from '../../services/localMedia.ts';
import { selectPhase, useStore } from '../../store/view.ts';
import { ActionToast } from '../components/ActionToast.tsx';
import { PhaseBadge } from '../components/Badges.tsx';
import { ConnectionGate } from '../components/ConnectionGate.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { SoundGate } from '../components/SoundGate.tsx';
import { StageTiles, useStageSound } from '../components/StageTiles.tsx';
import { ClassroomList } from './ClassroomList.tsx';
import { HandQueue } from './HandQueue.tsx';
import { LessonControls } from './LessonControls.tsx';
import { LiveControls } from './LiveControls.tsx';
import { LocalPreview } from './LocalPreview.tsx';
import { NetworkSummary } from './NetworkSummary.tsx';
import { QuizPanel } from './quiz/QuizPanel.tsx';
import { ReportLink } from './ReportLink.tsx';
import { TeacherAlerts } from './TeacherAlerts.tsx';
import { TeacherMessages } from './TeacherMessages.tsx';
import { ClassroomWall } from './wall/ClassroomWall.tsx';

/** `onBackToDay`: on a teacher's permanent link, back to the day's lessons (while not on air). */
export function TeacherConsole({ onBackToDay }: { onBackToDay?: (() => void) | undefined }) {
  return (
    <ConnectionGate>
      <TeacherLayout onBackToDay={onBackToDay} />
    </ConnectionGate>
  );
}

function TeacherLayout({ onBackToDay }: { onBackToDay: (() => void) | undefined }) {
  const { t } = useTranslation();
  const title = useStore((s) => s.lesson?.title ?? '');
  const phase = useStore(selectPhase);
  const stageSound = useStageSound();
  const lessonId = useStore((s) => s.lesson?.id ?? null);

  useEffect(() => {
    // The preview shows before going live, so that the teacher can frame the shot.
    void ensureLocalMedia();
  }, []);

  return (
    <div className="teacher">
      <PageHeader title={t('teacher.title')}>
        {onBackToDay ? (
          <button type="button" className="button button--small" data-testid="back-to-day" onClick={onBackToDay}>{t('teacherDay.backToDay')}</button>
        ) : null}
        <span className="teacher__lesson" data-testid="lesson-title">{title}</span>
        <PhaseBadge phase={phase} />
        <ReportLink />
        <LessonControls />
      </PageHeader>
      <SoundGate tracks={stageSound} prompt={t('teacher.enableSound')} variant="banner" />
      <main className="teacher__main">
        <section className="teacher__stage">
          <LocalPreview />
          <StageTiles className="teacher__on-stage" />
          {lessonId && phase !== 'live' ? <NetworkSummary lessonId={lessonId} /> : null}
          <TeacherAlerts />
          <LiveControls />
          <ClassroomWall />
          <QuizPanel />
          <TeacherMessages />
        </section>
        <aside className="teacher__side">
          <HandQueue />
          <ClassroomList />
        </aside>
      </main>
      <ActionToast />
    </div>
  );
}
