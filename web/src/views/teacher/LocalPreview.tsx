import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/view.ts';
import { TrackVideo } from '../components/TrackVideo.tsx';

export function LocalPreview() {
  const { t } = useTranslation();
  const camera = useStore((s) => s.local.camera);
  const screen = useStore((s) => s.local.screen);
  const cameraOn = useStore((s) => s.enabled.camera);

  return (
    <div className="preview">
      <figure className="preview__camera">
        {/* Mirrored like a mirror, which is what people expect of their own image. */}
        <TrackVideo track={camera} testId="local-preview" className="preview__video" mirrored />
        {!camera || !cameraOn ? <div className="preview__placeholder">{camera ? t('teacher.cameraOff') : t('teacher.noCamera')}</div> : null}
        <figcaption>{t('teacher.preview')}</figcaption>
      </figure>
      {screen ? (
        <figure className="preview__screen">
          <TrackVideo track={screen} testId="local-screen-preview" className="preview__video" />
          <figcaption>{t('teacher.screenPreview')}</figcaption>
        </figure>
      ) : null}
    </div>
  );
}
