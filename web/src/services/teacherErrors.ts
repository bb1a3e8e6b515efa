import { ClassroomError } from '@classroom/shared';
import { setActionError, setDeviceError } from '../store/index.ts';
import { i18next } from '../i18n/index.ts';
import { deviceErrorKind } from './deviceErrors.ts';
import { log } from './util.ts';

/** Turns a failed teacher action into a translated message on the console. */
export function reportTeacherError(error: unknown): void {
  log('warn', 'teacher action failed', { error });
  if (error instanceof ClassroomError) {
    setActionError(i18next.t('teacher.actionFailed', { reason: i18next.t(`errors.${error.code}`) }));
  } else if (error instanceof DOMException) {
    setDeviceError(deviceErrorKind(error));
  } else {
    setActionError(i18next.t('teacher.actionFailed', { reason: i18next.t('errors.internal') }));
  }
}
