import type { ClassroomStatus } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { setAudioOnly, setWallPictureOff } from '../../services/interaction.ts';
import { isStandingToken, tokenFromQuery } from '../../services/token.ts';
import { selectOwnClassroom, selectPhase, useStore } from '../../store/view.ts';
import { ActionToast } from '../components/ActionToast.tsx';
import { LinkBadge, OnlineBadge, PhaseBadge } from '../components/Badges.tsx';
import { ConnectionGate } from '../components/ConnectionGate.tsx';
import { HandToggle } from '../components/HandToggle.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { QualityBadge } from '../components/QualityBadge.tsx';
import { useBusy } from '../components/useBusy.ts';
import { NetworkCheckCard } from '../network/NetworkCheckCard.tsx';
import { AssistantMessages } from './AssistantMessages.tsx';
import { DataSaver } from './DataSaver.tsx';
import { projectorShows } from './projectorShows.ts';
import { QuizCard } from './QuizCard.tsx';
import { StageCard } from './StageCard.tsx';

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
  // The assistant sees only its own classroom.
  const classroom = useStore(selectOwnClassroom);
  const token = tokenFromQuery();
  const standingToken = token && isStandingToken(token) ? token : null;

  return (
    <div className="assistant" data-testid="assistant-panel">
      <PageHeader title={t('assistant.title')} />
      <main className="assistant__main">
        <h2 className="assistant__classroom" data-testid="classroom-name">{classroomName}</h2>
        {/* First: an invitation waits for an answer, and the stage needs its controls at hand. */}
        {classroom ? <StageCard classroom={classroom} /> : null}
        {/* Then the question on the projector: it may close any second. */}
        <QuizCard />
        <LessonFacts classroom={classroom} />
        {classroom ? <ClassroomControls classroom={classroom} /> : null}
        <AssistantMessages />
        {/* A classroom's permanent link may check its network (an invitation link names no lasting classroom). */}
        {standingToken ? <NetworkCheckCard token={standingToken} /> : null}
      </main>
      <ActionToast />
    </div>
  );
}

function LessonFacts({ classroom }: { classroom: ClassroomStatus | null }) {
  const { t } = useTranslation();
  const lessonTitle = useStore((s) => s.lesson?.title ?? '');
  const phase = useStore(selectPhase);
  const teacherConnected = useStore((s) => s.teacherConnected);
  const shows = projectorShows(classroom, phase, teacherConnected);

  return (
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
        <dt>{t('assistant.projectorShows')}</dt>
        <dd><span className={`badge badge--shows-${shows}`} data-testid="projector-shows" data-state={shows}>{t(`assistant.shows.${shows}`)}</span></dd>
      </div>
      <div className="facts__row">
        <dt>{t('assistant.projector')}</dt>
        <dd><OnlineBadge online={classroom?.projectorOnline ?? false} testId="projector-online" /></dd>
      </div>
      <div className="facts__row">
        <dt>{t('assistant.mediaLink')}</dt>
        <dd><LinkBadge state={classroom?.media ?? 'none'} testId="media-link" /></dd>
      </div>
      <div className="facts__row">
        <dt>{t('assistant.quality')}</dt>
        <dd><QualityBadge classroom={classroom ?? { projectorOnline: false, quality: null }} /></dd>
      </div>
    </dl>
  );
}

/** The room's own switches: its hand, and sound only or a smaller picture for a projector on a weak link. */
function ClassroomControls({ classroom }: { classroom: ClassroomStatus }) {
  const { t } = useTranslation();
  const [busy, run] = useBusy();
  return (
    <section className="assistant__controls" data-testid="assistant-controls">
      {classroom.stage === 'none' ? <HandToggle raised={classroom.hand !== null} className="button button--big hand-toggle" /> : null}
      <button
        type="button"
        role="switch"
        className="switch"
        data-testid="audio-only"
        aria-checked={classroom.audioOnly}
        disabled={busy}
        onClick={() => void run(() => setAudioOnly(!classroom.audioOnly))}
      >
        <span className="switch__track" aria-hidden="true"><span className="switch__thumb" /></span>
        <span className="switch__text">
          <span>{t('assistant.audioOnly')}</span>
          <small className="muted">{t('assistant.audioOnlyHint')}</small>
        </span>
      </button>
      <DataSaver cap={classroom.videoCap} />
      <button
        type="button"
        role="switch"
        className="switch"
        data-testid="wall-picture"
        aria-checked={!classroom.wallPictureOff}
        disabled={busy}
        onClick={() => void run(() => setWallPictureOff(!classroom.wallPictureOff))}
      >
        <span className="switch__track" aria-hidden="true"><span className="switch__thumb" /></span>
        <span className="switch__text">
          <span>{t('wall.assistantSwitch')}</span>
          <small className="muted" data-testid="wall-picture-state">
            {classroom.wallPictureOff ? t('wall.offByAssistant') : classroom.wallView !== 'none' ? t('wall.watched') : t('wall.assistantHint')}
          </small>
        </span>
      </button>
    </section>
  );
}
