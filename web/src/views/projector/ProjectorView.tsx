import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { selectPhase, selectTeacherSourcePaused, selectTeacherTrack, useStore } from '../../store/index.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { TrackVideo } from '../components/TrackVideo.tsx';
import { useFatalText } from '../components/useFatalText.ts';
import { projectorStatus, type ProjectorStatus } from './projectorStatus.ts';
import { SoundGate } from './SoundGate.tsx';

export function ProjectorView() {
  const camera = useStore(selectTeacherTrack('camera'));
  const screen = useStore(selectTeacherTrack('screen'));
  const microphone = useStore(selectTeacherTrack('microphone'));
  const classroomName = useStore((s) => s.you?.classroomName ?? '');
  const status = useProjectorStatus(camera !== null, screen !== null);
  useScreenWakeLock();

  return (
    <div className={`projector${screen ? ' projector--screen' : ''}`} data-testid="projector" data-status={status}>
      {/* The screen share is the main picture when present; the camera becomes a tile. */}
      <TrackVideo track={screen?.track ?? null} testId="screen-video" className={screen ? 'projector__main' : 'projector__hidden'} />
      <TrackVideo track={camera?.track ?? null} testId="teacher-video" className={screen ? 'projector__tile' : 'projector__main'} />
      {status !== 'playing' ? <StatusOverlay status={status} /> : null}
      <SoundGate track={microphone?.track ?? null} />
      <div className="corner corner--bottom-left projector__classroom" data-testid="classroom-name">{classroomName}</div>
      <div className="corner corner--top-right projector__lang"><LanguageSwitch /></div>
    </div>
  );
}

function useProjectorStatus(hasCamera: boolean, hasScreen: boolean): ProjectorStatus {
  const connection = useStore((s) => s.connection);
  const fatal = useStore((s) => s.fatal);
  const synced = useStore((s) => s.synced);
  const serverRestarting = useStore((s) => s.serverRestarting);
  const phase = useStore(selectPhase);
  const teacherConnected = useStore((s) => s.teacherConnected);
  const cameraPaused = useStore(selectTeacherSourcePaused('camera'));
  return projectorStatus({
    connection, fatal, synced, serverRestarting, phase, teacherConnected, hasCamera, hasScreen, cameraPaused,
  });
}

function StatusOverlay({ status }: { status: Exclude<ProjectorStatus, 'playing'> }) {
  const { t } = useTranslation();
  const fatal = useStore((s) => s.fatal);
  const fatalText = useFatalText(fatal);
  const text: Record<typeof status, string> = {
    connecting: t('connection.connecting'),
    reconnecting: t('connection.reconnecting'),
    restarting: t('connection.restarting'),
    waiting: t('projector.waiting'),
    'teacher-reconnecting': t('projector.teacherReconnecting'),
    'camera-off': t('projector.cameraOff'),
    ended: t('projector.ended'),
    fatal: fatalText ?? t('fatal.title'),
  };
  return (
    <div className={`projector__overlay projector__overlay--${status}`} data-testid="projector-status" data-status={status} role="status">
      <p>{text[status]}</p>
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
