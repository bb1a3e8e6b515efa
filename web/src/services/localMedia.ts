import { setDeviceError, setEnabled, setLocalTrack, classroomStore, type ToggleableSource } from '../store/index.ts';
import { deviceErrorKind, mediaDevicesAvailable } from './deviceErrors.ts';

/** Who captures: the teacher's console, or a classroom's projector while on stage. */
export type CaptureProfile = 'teacher' | 'stage';

const CAMERA_CONSTRAINTS: Record<CaptureProfile, MediaTrackConstraints> = {
  // 720p30 is the top simulcast layer; lower layers are scaled down from it by the encoder.
  teacher: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
  // A classroom sends one small layer over a rural school's uplink, from an often old PC.
  stage: { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 20 } },
};
const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = {
  // Also what keeps a projector on stage from sending the teacher's voice back from its speakers.
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

let acquiring: Promise<void> | null = null;
/** Bumped by release: a capture that resolves afterwards is stopped instead of adopted. */
let generation = 0;

/**
 * Opens the camera and microphone once (the teacher's preview shows before going live; a
 * projector opens them when its classroom goes on stage). Asks for both together (one
 * permission prompt); if that fails, tries each alone so that a missing webcam does not also
 * silence the microphone.
 */
export function ensureLocalMedia(profile: CaptureProfile = 'teacher'): Promise<void> {
  acquiring ??= acquire(profile, generation);
  return acquiring;
}

/** Stops the camera and microphone: the camera light goes off (stage ended, lesson over). */
export function releaseLocalMedia(): void {
  generation++;
  acquiring = null;
  const { local } = classroomStore.getState();
  for (const source of ['camera', 'microphone'] as const) {
    local[source]?.stop();
    setLocalTrack(source, null);
  }
}

async function acquire(profile: CaptureProfile, mine: number): Promise<void> {
  if (!mediaDevicesAvailable()) {
    setDeviceError('insecure_context');
    return;
  }
  const video = CAMERA_CONSTRAINTS[profile];
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video, audio: MICROPHONE_CONSTRAINTS });
    adopt('camera', stream.getVideoTracks()[0] ?? null, mine);
    adopt('microphone', stream.getAudioTracks()[0] ?? null, mine);
    setDeviceError(null);
    return;
  } catch (error) {
    setDeviceError(deviceErrorKind(error));
  }
  const [camera, microphone] = await Promise.allSettled([
    navigator.mediaDevices.getUserMedia({ video }),
    navigator.mediaDevices.getUserMedia({ audio: MICROPHONE_CONSTRAINTS }),
  ]);
  if (camera.status === 'fulfilled') adopt('camera', camera.value.getVideoTracks()[0] ?? null, mine);
  if (microphone.status === 'fulfilled') adopt('microphone', microphone.value.getAudioTracks()[0] ?? null, mine);
}

function adopt(source: ToggleableSource, track: MediaStreamTrack | null, mine: number): void {
  if (!track) return;
  if (mine !== generation) {
    track.stop();
    return;
  }
  track.enabled = classroomStore.getState().enabled[source];
  // An unplugged device ends its track; say so instead of sending frozen video.
  track.addEventListener('ended', () => {
    if (classroomStore.getState().local[source] !== track) return;
    setLocalTrack(source, null);
    setDeviceError('not_found');
  });
  setLocalTrack(source, track);
}

/** Before going live there is no producer: switching a source off disables its track. */
export function setLocalEnabled(source: ToggleableSource, enabled: boolean): void {
  setEnabled(source, enabled);
  const track = classroomStore.getState().local[source];
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
