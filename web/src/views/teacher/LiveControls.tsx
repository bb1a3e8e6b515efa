import { useTranslation } from 'react-i18next';
import { goLive, stopLive, toggleScreen, toggleSource } from '../../services/teacher.ts';
import { selectPhase, useStore } from '../../store/view.ts';
import { useBusy } from '../components/useBusy.ts';

export function LiveControls() {
  const { t } = useTranslation();
  const phase = useStore(selectPhase);
  const connected = useStore((s) => s.connection === 'connected' && s.synced);
  const publishing = useStore((s) => s.publishing);
  const micOn = useStore((s) => s.enabled.microphone);
  const cameraOn = useStore((s) => s.enabled.camera);
  const sharing = useStore((s) => s.local.screen !== null);
  const [busy, run] = useBusy();

  const live = phase === 'live';
  const canGoLive = connected && !busy && (phase === 'scheduled' || phase === 'off-air');

  return (
    <div className="controls">
      {live ? (
        <button type="button" className="button button--danger" data-testid="stop-live" disabled={!connected || busy} onClick={() => void run(stopLive)}>
          {t('teacher.stop')}
        </button>
      ) : (
        <button type="button" className="button button--primary" data-testid="go-live" disabled={!canGoLive} onClick={() => void run(goLive)}>
          {t('teacher.goLive')}
        </button>
      )}
      <button type="button" className="button" data-testid="toggle-mic" aria-pressed={micOn} data-on={micOn} onClick={() => void toggleSource('microphone')}>
        {micOn ? t('teacher.micOn') : t('teacher.micOff')}
      </button>
      <button type="button" className="button" data-testid="toggle-camera" aria-pressed={cameraOn} data-on={cameraOn} onClick={() => void toggleSource('camera')}>
        {cameraOn ? t('teacher.cameraOn') : t('teacher.cameraOff')}
      </button>
      {/* The server refuses media before going live, so screen sharing waits for it. */}
      <button type="button" className="button" data-testid="toggle-screen" aria-pressed={sharing} data-on={sharing} disabled={!publishing && !sharing} onClick={() => void toggleScreen()}>
        {sharing ? t('teacher.stopScreen') : t('teacher.shareScreen')}
      </button>
    </div>
  );
}
