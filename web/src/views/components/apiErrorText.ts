import type { TFunction } from 'i18next';
import { isErrorCode } from '../../services/errorCodes.ts';
import { ApiError } from '../../services/api.ts';

export interface ErrorText {
  message: string;
  details: string[];
}

export function apiErrorText(t: TFunction, error: unknown): ErrorText {
  if (error instanceof ApiError) {
    const message = isErrorCode(error.code) ? t(`errors.${error.code}`) : t('admin.httpError', { status: error.status });
    return { message, details: error.details };
  }
  return { message: t('admin.networkError'), details: [] };
}
