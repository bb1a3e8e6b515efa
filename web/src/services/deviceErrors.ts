/**
 * Why the browser refused a camera, microphone or screen. The names follow the DOMException
 * names that getUserMedia/getDisplayMedia reject with, grouped into what the teacher can act on.
 */
export type DeviceErrorKind =
  | 'permission_denied'
  | 'not_found'
  | 'in_use'
  | 'insecure_context'
  | 'unknown';

export function deviceErrorKind(error: unknown): DeviceErrorKind {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError': // older Chromium name
    case 'SecurityError':
      return 'permission_denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not_found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in_use';
    default:
      return 'unknown';
  }
}

/** getUserMedia only exists on secure origins (https or localhost). */
export function mediaDevicesAvailable(): boolean {
  return typeof navigator.mediaDevices?.getUserMedia === 'function';
}
