/**
 * Error codes a client can receive in an ack or an HTTP error body. The UI translates them;
 * internal error messages never reach a client.
 */
export const ERROR_CODES = [
  'invalid_payload',
  'unknown_command',
  'unauthenticated',
  'link_revoked',
  'forbidden',
  'not_found',
  'not_live',
  'lesson_ended',
  'lesson_locked',
  'classroom_removed',
  'not_on_stage',
  'question_closed',
  'duplicate',
  'conflict',
  'limit_reached',
  'rate_limited',
  'media_error',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a client sees when a command fails: a stable code and a human-readable English message. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/** Thrown by server handlers (and by the web client's request helper) to carry a code. */
export class ClassroomError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ClassroomError';
    this.code = code;
  }
}
