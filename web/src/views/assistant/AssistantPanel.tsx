import { useTranslation } from 'react-i18next';
import { selectPhase, useStore } from '../../store/index.ts';
import { LinkBadge, OnlineBadge, PhaseBadge } from '../components/Badges.tsx';
import { ConnectionGate } from '../components/ConnectionGate.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

export function AssistantPanel() {
  return (
    <ConnectionGate>
      <AssistantLayout />
    </ConnectionGate>
  );
}

function AssistantLayout() {
  const { t } = useTranslation();
  const classroomName = useStore((s) => s.you?.classroomName ?? '');
  const lessonTitle = useStore((s) => s.lesson?.title ?? '');
  const phase = useStore(selectPhase);
  const teacherConnected = useStore((s) => s.teacherConnected);
  // The assistant sees only its own classroom.
  const classroom = useStore((s) => s.classrooms.find((c) => c.id === s.you?.classroomId) ?? null);

  return (
    <div className="assistant" data-testid="assistant-panel">
      <PageHeader title={t('assistant.title')} />
      <main className="assistant__main">
        <h2 className="assistant__classroom" data-testid="classroom-name">{classroomName}</h2>
        <dl className="facts">
          <div className="facts__row">
            <dt>{t('assistant.lesson')}</dt>
            <dd><span data-testid="lesson-title">{lessonTitle}</span> <PhaseBadge phase={phase} /></dd>
          </div>
          <div className="facts__row">
            <dt>{t('assistant.teacher')}</dt>
            <dd>
              <OnlineBadge
                online={teacherConnected}
                testId="teacher-status"
                onlineText={t('assistant.teacherConnected')}
                offlineText={t('assistant.teacherDisconnected')}
              />
            </dd>
          </div>
          <div className="facts__row">
            <dt>{t('assistant.projector')}</dt>
            <dd><OnlineBadge online={classroom?.projectorOnline ?? false} testId="projector-online" /></dd>
          </div>
          <div className="facts__row">
            <dt>{t('assistant.mediaLink')}</dt>
            <dd><LinkBadge state={classroom?.media ?? 'none'} testId="media-link" /></dd>
          </div>
        </dl>
        {/* Hand raising, quiz and moderation controls go here. */}
        <section className="assistant__controls" data-testid="assistant-controls">
          <p className="muted">{t('assistant.moreSoon')}</p>
        </section>
      </main>
    </div>
  );
}
