import { ClassroomError, type ErrorBody, type ErrorCode } from '@classroom/shared';
import { MediaRequestError } from '@classroom/sfu';
import type { Logger } from '../logger.ts';

const MEDIA_REASONS: Record<MediaRequestError['reason'], ErrorCode> = {
  not_found: 'not_found',
  conflict: 'conflict',
  limit_reached: 'limit_reached',
  invalid: 'invalid_payload',
};

/**
 * What a client is told about a failure. Expected failures keep their code and message;
 * mediasoup's parameter checks become invalid_payload; anything else is logged and reported
 * as 'internal' without its details.
 */
export function toErrorBody(error: unknown, log: Logger): ErrorBody {
  if (error instanceof ClassroomError) return { code: error.code, message: error.message };
  if (error instanceof MediaRequestError) return { code: MEDIA_REASONS[error.reason], message: error.message };
  if (error instanceof TypeError) {
    // mediasoup throws TypeError for RTP/DTLS parameters it cannot accept.
    log.warn({ err: error.message }, 'media parameters rejected');
    return { code: 'invalid_payload', message: 'the media parameters were not accepted' };
  }
  log.error({ err: error }, 'command failed');
  return { code: 'internal', message: 'something went wrong on the server; try again' };
}
