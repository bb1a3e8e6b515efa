import type { ClassroomStatus } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/view.ts';
import { HandIcon } from '../components/HandIcon.tsx';
import { TrackVideo } from '../components/TrackVideo.tsx';

/**
 * This classroom's own state, readable from the back of the room: hand up, invited on stage,
 * or on stage (and muted by someone else: the room must know why nobody hears them).
 */
export function OwnStatus({ classroom }: { classroom: ClassroomStatus }) {
  const { t } = useTranslation();
  const deviceError = useStore((s) => s.deviceError);

  if (classroom.stage === 'invited') {
    return (
      <div className="own-status own-status--invited" role="status" data-testid="stage-status" data-state="invited">
        <p>{t('projector.invited')}</p>
      </div>
    );
  }
  if (classroom.stage === 'on-stage') {
    return (
      <div className="own-status own-status--on-stage" role="status" data-testid="stage-status" data-state="on-stage">
        <p><span className="own-status__dot" aria-hidden="true" /> {t('projector.onStage')}</p>
        {classroom.micMuted ? <p className="own-status__warning" data-testid="own-mic-muted">{t('projector.micMuted')}</p> : null}
        {classroom.cameraOff ? <p className="own-status__warning" data-testid="own-camera-off">{t('projector.ownCameraOff')}</p> : null}
        {deviceError ? <p className="own-status__warning" data-testid="device-error">{t(`device.${deviceError}`)}</p> : null}
      </div>
    );
  }
  if (classroom.hand) {
    return (
      <div className="own-status own-status--hand" role="status" data-testid="hand-status">
        <p><HandIcon /> {t('projector.handRaised')}</p>
      </div>
    );
  }
  return null;
}

/**
 * Consent made visible: while the teacher's wall shows this class, the room sees it says so (the
 * camera sends only then); when its assistant turned the picture off, that it is off.
 */
export function WallNotice({ classroom }: { classroom: ClassroomStatus }) {
  const { t } = useTranslation();
  if (classroom.wallPictureOff) {
    return <span className="wall-notice wall-notice--off" role="status" data-testid="wall-notice" data-state="off">{t('wall.offByAssistant')}</span>;
  }
  if (classroom.wallView === 'none') return null;
  return (
    <span className="wall-notice" role="status" data-testid="wall-notice" data-state={classroom.wallView}>
      <span className="own-status__dot" aria-hidden="true" /> {t('wall.watched')}
    </span>
  );
}

/** What this projector sends while on stage, small, mirrored like a mirror. */
export function SelfPreview() {
  const { t } = useTranslation();
  const camera = useStore((s) => s.local.camera);
  return (
    <figure className="tile tile--self" data-testid="self-preview">
      <TrackVideo track={camera} testId="self-video" className="tile__video" mirrored />
      <figcaption className="tile__name">{t('stage.you')}</figcaption>
    </figure>
  );
}
