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
  /** A school, classroom or teacher of that name exists already (names are how the admin and the CSV import find them). */
  'name_taken',
  'conflict',
  'limit_reached',
  'rate_limited',
  'media_error',
  /** Cluster mode: another server holds the lesson; the refusal carries its URL ({@link WrongNodeBody}). */
  'wrong_node',
  /** Cluster mode: the servers cannot agree where the lesson runs right now (coordination down, or its server just stopped). */
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a client sees when a command fails: a stable code and a human-readable English message. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/**
 * A handshake refused because another server runs the lesson (cluster mode): the client connects
 * to `url`, that server's public URL, with the same link.
 */
export interface WrongNodeBody extends ErrorBody {
  code: 'wrong_node';
  url: string;
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
