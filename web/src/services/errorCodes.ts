import { ERROR_CODES, type ErrorCode } from '@classroom/shared';

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
