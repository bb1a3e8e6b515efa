import { useEffect, useRef } from 'react';

interface Props {
  track: MediaStreamTrack | null;
  className?: string;
  testId?: string;
  mirrored?: boolean;
}

/**
 * A muted, inline, autoplaying video of one track. Always muted: sound goes through its own
 * <audio> element, so autoplay of the picture never depends on the browser's sound policy.
 */
export function TrackVideo({ track, className, testId, mirrored = false }: Props) {
  const ref = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = track ? new MediaStream([track]) : null;
    if (track) {
      // Muted playback is always allowed; a rejection here only means a newer srcObject won.
      video.play().catch(() => undefined);
    }
  }, [track]);

  return (
    <video
      ref={ref}
      className={`${className ?? ''}${mirrored ? ' mirrored' : ''}`}
      data-testid={testId}
      autoPlay
      playsInline
      muted
    />
  );
}
