import { ClassroomError, type ErrorCode } from '@classroom/shared';
import { setActionError, setDeviceError } from '../store/index.ts';
import type { i18n } from 'i18next';
import { deviceErrorKind } from './deviceErrors.ts';
import { translations } from './translations.ts';
import { log } from './util.ts';

/** A text for codes that mean something more precise in one action (limit_reached on invite). */
export type ExplainCode = (code: ErrorCode, i18next: i18n) => string | null;

/** Turns a failed action into a translated message on the page: a person clicked, they must know. */
export function reportActionError(error: unknown, explain?: ExplainCode): void {
  log('warn', 'action failed', { error });
  if (error instanceof DOMException) {
    setDeviceError(deviceErrorKind(error));
    return;
  }
  const code = error instanceof ClassroomError ? error.code : 'internal';
  void translations().then((i18next) => {
    const reason = explain?.(code, i18next) ?? i18next.t(`errors.${code}`);
    setActionError(i18next.t('actions.failed', { reason }));
  });
}

/** Runs a person's action, clearing the previous error and reporting a new one. True if it worked. */
export async function attempt(action: () => Promise<void>, explain?: ExplainCode): Promise<boolean> {
  setActionError(null);
  try {
    await action();
    return true;
  } catch (error) {
    reportActionError(error, explain);
    return false;
  }
}
