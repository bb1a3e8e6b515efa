import { useCallback, useEffect, useRef, useState } from 'react';

export interface PlayedTrack {
  track: MediaStreamTrack;
  testId: string;
}

interface Props {
  tracks: PlayedTrack[];
  /** The words of the prompt shown when the browser blocks sound. */
  prompt: string;
  /** overlay: the whole page is the button (projector); banner: one line (teacher console). */
  variant: 'overlay' | 'banner';
  onBlockedChange?: (blocked: boolean) => void;
}

/**
 * Plays remote sound, one <audio> per track. Browsers may refuse sound until someone interacts
 * with the page; then one prompt asks for a click or key press, after which sound is allowed
 * for the rest of the page's life and every track is started again.
 */
export function SoundGate({ tracks, prompt, variant, onBlockedChange }: Props) {
  const [blocked, setBlocked] = useState(false);
  /** Bumped on unlock: every player tries again. */
  const [unlocks, setUnlocks] = useState(0);
  const block = useCallback(() => setBlocked(true), []);

  useEffect(() => onBlockedChange?.(blocked), [blocked, onBlockedChange]);

  useEffect(() => {
    if (!blocked) return;
    const unlock = () => {
      setBlocked(false);
      setUnlocks((n) => n + 1);
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
      {tracks.map(({ track, testId }) => (
        <AudioPlayer key={track.id} track={track} testId={testId} unlocks={unlocks} onBlocked={block} />
      ))}
      {blocked ? (
        <button type="button" className={`enable-sound enable-sound--${variant}`} data-testid="enable-sound" autoFocus>
          {prompt}
        </button>
      ) : null}
    </>
  );
}

function AudioPlayer({ track, testId, unlocks, onBlocked }: { track: MediaStreamTrack; testId: string; unlocks: number; onBlocked: () => void }) {
  const ref = useRef<HTMLAudioElement>(null);

  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = new MediaStream([track]);
    return () => {
      audio.srcObject = null;
    };
  }, [track]);

  useEffect(() => {
    ref.current?.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError') onBlocked();
    });
  }, [track, unlocks, onBlocked]);

  return <audio ref={ref} data-testid={testId} autoPlay />;
}
