import { setDeviceError, setEnabled, setLocalTrack, useStore, type ToggleableSource } from '../store/index.ts';
import { deviceErrorKind, mediaDevicesAvailable } from './deviceErrors.ts';

// 720p30 is the top simulcast layer; lower layers are scaled down from it by the encoder.
const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
};
const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

let acquiring: Promise<void> | null = null;

/**
 * Opens the teacher's camera and microphone once per page (the preview shows before going
 * live). Asks for both together (one permission prompt); if that fails, tries each alone so
 * that a missing webcam does not also silence the microphone.
 */
export function ensureLocalMedia(): Promise<void> {
  acquiring ??= acquire();
  return acquiring;
}

async function acquire(): Promise<void> {
  if (!mediaDevicesAvailable()) {
    setDeviceError('insecure_context');
    return;
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: CAMERA_CONSTRAINTS, audio: MICROPHONE_CONSTRAINTS });
    adopt('camera', stream.getVideoTracks()[0] ?? null);
    adopt('microphone', stream.getAudioTracks()[0] ?? null);
    setDeviceError(null);
    return;
  } catch (error) {
    setDeviceError(deviceErrorKind(error));
  }
  const [camera, microphone] = await Promise.allSettled([
    navigator.mediaDevices.getUserMedia({ video: CAMERA_CONSTRAINTS }),
    navigator.mediaDevices.getUserMedia({ audio: MICROPHONE_CONSTRAINTS }),
  ]);
  if (camera.status === 'fulfilled') adopt('camera', camera.value.getVideoTracks()[0] ?? null);
  if (microphone.status === 'fulfilled') adopt('microphone', microphone.value.getAudioTracks()[0] ?? null);
}

function adopt(source: ToggleableSource, track: MediaStreamTrack | null): void {
  if (!track) return;
  track.enabled = useStore.getState().enabled[source];
  // An unplugged device ends its track; say so instead of sending frozen video.
  track.addEventListener('ended', () => {
    if (useStore.getState().local[source] !== track) return;
    setLocalTrack(source, null);
    setDeviceError('not_found');
  });
  setLocalTrack(source, track);
}

/** Before going live there is no producer: switching a source off disables its track. */
export function setLocalEnabled(source: ToggleableSource, enabled: boolean): void {
  setEnabled(source, enabled);
  const track = useStore.getState().local[source];
  if (track) track.enabled = enabled;
}

export async function captureScreen(): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { max: 5 } }, audio: false });
  const track = stream.getVideoTracks()[0];
  if (!track) throw new DOMException('no screen track', 'NotFoundError');
  // Slides and code: keep text sharp and drop frames rather than resolution.
  track.contentHint = 'detail';
  return track;
}
