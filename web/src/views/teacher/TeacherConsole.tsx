import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ensureLocalMedia } from '../../services/localMedia.ts';
import { selectPhase, useStore } from '../../store/index.ts';
import { PhaseBadge } from '../components/Badges.tsx';
import { ConnectionGate } from '../components/ConnectionGate.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ClassroomList } from './ClassroomList.tsx';
import { LiveControls } from './LiveControls.tsx';
import { LocalPreview } from './LocalPreview.tsx';
import { TeacherAlerts } from './TeacherAlerts.tsx';

export function TeacherConsole() {
  return (
    <ConnectionGate>
      <TeacherLayout />
    </ConnectionGate>
  );
}

function TeacherLayout() {
  const { t } = useTranslation();
  const title = useStore((s) => s.lesson?.title ?? '');
  const phase = useStore(selectPhase);

  useEffect(() => {
    // The preview shows before going live, so that the teacher can frame the shot.
    void ensureLocalMedia();
  }, []);

  return (
    <div className="teacher">
      <PageHeader title={t('teacher.title')}>
        <span className="teacher__lesson" data-testid="lesson-title">{title}</span>
        <PhaseBadge phase={phase} />
      </PageHeader>
      <main className="teacher__main">
        <section className="teacher__stage">
          <LocalPreview />
          <TeacherAlerts />
          <LiveControls />
        </section>
        <ClassroomList />
      </main>
    </div>
  );
}
