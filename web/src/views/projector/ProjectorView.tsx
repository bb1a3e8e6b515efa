import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  selectCurrentQuestion, selectOwnClassroom, selectPhase, selectStageToShow, selectTeacherSourcePaused, selectTeacherTrack, useStore,
} from '../../store/view.ts';
import { pictureClasses, teacherPictures } from '../../services/projectorPictures.ts';
import { ActionToast } from '../components/ActionToast.tsx';
import { HandToggle } from '../components/HandToggle.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { QualityBadge } from '../components/QualityBadge.tsx';
import { RecordingMark } from '../components/RecordingMark.tsx';
import { SoundGate } from '../components/SoundGate.tsx';
import { StageTiles, useStageSound } from '../components/StageTiles.tsx';
import { useFatalMessage } from '../components/useFatalMessage.ts';
import { OwnStatus, SelfPreview, WallNotice } from './OwnStatus.tsx';
import { PictureSlot } from './PictureSlot.tsx';
import { ProjectorQuiz } from './ProjectorQuiz.tsx';
import { projectorStatus, type ProjectorStatus } from './projectorStatus.ts';
import { useHandKey } from './useHandKey.ts';
import { useQuizShown } from './useQuizShown.ts';

export function ProjectorView() {
  const { t } = useTranslation();
  const camera = useStore(selectTeacherTrack('camera'));
  const screen = useStore(selectTeacherTrack('screen'));
  const microphone = useStore(selectTeacherTrack('microphone'));
  const classroomName = useStore((s) => s.you?.classroomName ?? '');
  const own = useStore(selectOwnClassroom);
  const status = useProjectorStatus(camera !== null, screen !== null, own?.audioOnly ?? false, own?.weakLink ?? false);
  const stageShown = useStore((s) => selectStageToShow(s).length > 0);
  const stageSound = useStageSound();
  const question = useStore(selectCurrentQuestion);
  const quizShown = useQuizShown(question);
  const [soundBlocked, setSoundBlocked] = useState(false);
  useScreenWakeLock();

  const inLesson = own !== null && status !== 'ended' && status !== 'removed' && status !== 'fatal';
  const onStage = own?.stage === 'on-stage';
  // Sound only: the side tiles would freeze like the main picture, so the overlay covers all.
  const withSide = inLesson && (stageShown || onStage) && status !== 'audio-only';
  const withQuiz = inLesson && quizShown;
  const canRaiseHand = inLesson && own.stage === 'none';
  const raised = own?.hand != null;
  // The key that lets sound play must not also raise the hand.
  useHandKey(canRaiseHand && !soundBlocked, raised, '.projector__hand');

  const sound = useMemo(
    () => [...(microphone ? [{ track: microphone.track, testId: 'teacher-audio' }] : []), ...stageSound],
    [microphone, stageSound],
  );

  const pictures = teacherPictures();
  const classes = pictureClasses(screen !== null);
  const className = ['projector', screen ? 'projector--screen' : '', withSide ? 'projector--with-side' : '', withQuiz ? 'projector--with-quiz' : '']
    .filter(Boolean).join(' ');
  return (
    <div className={className} data-testid="projector" data-status={status} data-hand={raised} data-stage={own?.stage ?? 'none'}>
      <PictureSlot picture={pictures.screen} className={classes.screen} />
      <PictureSlot picture={pictures.camera} className={classes.camera} />
      {withSide ? (
        <aside className="projector__side">
          <StageTiles className="projector__stage" />
          {onStage ? <SelfPreview /> : null}
        </aside>
      ) : null}
      {status !== 'playing' ? <StatusOverlay status={status} /> : null}
      {withQuiz && question ? <ProjectorQuiz question={question} /> : null}
      <SoundGate tracks={sound} prompt={t('projector.enableSound')} variant="overlay" onBlockedChange={setSoundBlocked} />
      {inLesson ? <div className="corner corner--top-left projector__own"><OwnStatus classroom={own} /><WallNotice classroom={own} /></div> : null}
      {canRaiseHand ? (
        <HandToggle
          raised={raised}
          className={`projector__hand${raised ? ' projector__hand--raised' : ''}`}
          hint={<kbd className="projector__key">{t('projector.keyHint')}</kbd>}
        />
      ) : null}
      <ActionToast />
      <div className="corner corner--bottom-left projector__footer">
        {classroomName ? <span className="projector__classroom" data-testid="classroom-name">{classroomName}</span> : null}
        {/* Small and dim: for whoever troubleshoots the room, not for the pupils. */}
        {inLesson ? <QualityBadge classroom={own} testId="projector-quality" className="projector__quality" /> : null}
      </div>
      <div className="corner corner--top-right projector__lang"><RecordingMark /><LanguageSwitch /></div>
    </div>
  );
}

function useProjectorStatus(hasCamera: boolean, hasScreen: boolean, audioOnly: boolean, weakLink: boolean): ProjectorStatus {
  const connection = useStore((s) => s.connection);
  const fatal = useStore((s) => s.fatal);
  const refusal = useStore((s) => s.refusal);
  const synced = useStore((s) => s.synced);
  const serverRestarting = useStore((s) => s.serverRestarting);
  const phase = useStore(selectPhase);
  const teacherConnected = useStore((s) => s.teacherConnected);
  const cameraPaused = useStore(selectTeacherSourcePaused('camera'));
  return projectorStatus({
    connection, fatal, refusal, synced, serverRestarting, phase, teacherConnected, hasCamera, hasScreen, cameraPaused, audioOnly, weakLink,
  });
}

function StatusOverlay({ status }: { status: Exclude<ProjectorStatus, 'playing'> }) {
  const { t } = useTranslation();
  const fatal = useStore((s) => s.fatal);
  const fatalMessage = useFatalMessage(fatal);
  const text: Record<typeof status, string> = {
    connecting: t('connection.connecting'),
    reconnecting: t('connection.reconnecting'),
    restarting: t('connection.restarting'),
    locked: t('projector.locked'),
    waiting: t('projector.waiting'),
    'teacher-reconnecting': t('projector.teacherReconnecting'),
    'camera-off': t('projector.cameraOff'),
    'audio-only': t('projector.audioOnly'),
    'weak-link': t('projector.weakLink'),
    ended: t('projector.ended'),
    removed: t('projector.removed'),
    fatal: fatalMessage?.detail ?? t('fatal.title'),
  };
  const detail = status === 'audio-only' ? t('projector.audioOnlyDetail') : status === 'weak-link' ? t('projector.weakLinkDetail') : null;
  return (
    <div className={`projector__overlay projector__overlay--${status}`} data-testid="projector-status" data-status={status} role="status">
      <p>{text[status]}</p>
      {detail ? <p className="projector__overlay-detail">{detail}</p> : null}
    </div>
  );
}

/** A projector left on for a whole lesson must not dim or sleep. */
function useScreenWakeLock(): void {
  useEffect(() => {
    let lock: WakeLockSentinel | null = null;
    let cancelled = false;
    const acquire = () => {
      if (document.visibilityState !== 'visible' || !('wakeLock' in navigator)) return;
      navigator.wakeLock.request('screen').then((sentinel) => {
        if (cancelled) void sentinel.release();
        else lock = sentinel;
      }, () => undefined);
    };
    acquire();
    // The browser releases the lock when the tab is hidden; take it again on return.
    document.addEventListener('visibilitychange', acquire);
    return () => {
      cancelled = true;
      document.removeEventListener('visibilitychange', acquire);
      void lock?.release();
    };
  }, []);
}
