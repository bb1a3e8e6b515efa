import type { ClassroomStatus } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { endStage, respondToStage, setClassroomCamera, setClassroomMic } from '../../services/interaction.ts';
import { useBusy } from '../components/useBusy.ts';

/** The stage, from the assistant's side: answer an invitation, then run the classroom's mic and camera. */
export function StageCard({ classroom }: { classroom: ClassroomStatus }) {
  const { t } = useTranslation();
  const [busy, run] = useBusy();

  if (classroom.stage === 'invited') {
    return (
      <section className="card stage-card stage-card--invited" data-testid="stage-card" data-state="invited" role="alert">
        <h3>{t('assistant.invitedTitle')}</h3>
        <p className="muted">{t('assistant.invitedDetail')}</p>
        <div className="big-buttons">
          <button type="button" className="button button--primary button--big" data-testid="accept-stage" disabled={busy} onClick={() => void run(() => respondToStage(true))}>
            {t('assistant.accept')}
          </button>
          <button type="button" className="button button--big" data-testid="decline-stage" disabled={busy} onClick={() => void run(() => respondToStage(false))}>
            {t('assistant.decline')}
          </button>
        </div>
      </section>
    );
  }
  if (classroom.stage !== 'on-stage') return null;
  const micOn = !classroom.micMuted;
  const cameraOn = !classroom.cameraOff;
  return (
    <section className="card stage-card stage-card--on-stage" data-testid="stage-card" data-state="on-stage">
      <h3><span className="own-status__dot" aria-hidden="true" /> {t('assistant.onStageTitle')}</h3>
      <div className="big-buttons">
        <button type="button" className="button button--big" data-testid="classroom-mic" aria-pressed={micOn} data-on={micOn} disabled={busy} onClick={() => void run(() => setClassroomMic(micOn))}>
          {micOn ? t('assistant.micOn') : t('assistant.micOff')}
        </button>
        <button type="button" className="button button--big" data-testid="classroom-camera" aria-pressed={cameraOn} data-on={cameraOn} disabled={busy} onClick={() => void run(() => setClassroomCamera(cameraOn))}>
          {cameraOn ? t('assistant.cameraOn') : t('assistant.cameraOff')}
        </button>
        <button type="button" className="button button--danger button--big" data-testid="end-stage" disabled={busy} onClick={() => void run(() => endStage())}>
          {t('assistant.endStage')}
        </button>
      </div>
    </section>
  );
}
