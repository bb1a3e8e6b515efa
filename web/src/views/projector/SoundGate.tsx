import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Plays the teacher's microphone. Browsers may refuse sound until someone interacts with the
 * page; then one big prompt asks for a click or key press, after which sound is allowed for the
 * rest of the page's life.
 */
export function SoundGate({ track }: { track: MediaStreamTrack | null }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLAudioElement>(null);
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = track ? new MediaStream([track]) : null;
    if (!track) return;
    audio.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError') setBlocked(true);
    });
  }, [track]);

  useEffect(() => {
    if (!blocked) return;
    const unlock = () => {
      setBlocked(false);
      ref.current?.play().catch(() => undefined);
    };
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, [blocked]);

  return (
    <>
      <audio ref={ref} data-testid="teacher-audio" autoPlay />
      {blocked ? (
        <button type="button" className="enable-sound" data-testid="enable-sound" autoFocus>
          {t('projector.enableSound')}
        </button>
      ) : null}
    </>
  );
}
