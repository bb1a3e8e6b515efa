import type { NextFunction, Request, Response } from 'express';
import { ClassroomError, type ErrorCode, type HttpErrorBody } from '@classroom/shared';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: string[] | undefined;
  constructor(status: number, code: string, message: string, details?: string[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The parsed input, or a 400 that says what is wrong with it (`what`: "lesson", "query"…). */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new HttpError(400, 'invalid_payload', `invalid ${what}: ${details[0]}`, details);
}

export function sendError(res: Response, status: number, code: string, message: string, details?: string[]): void {
  const body: HttpErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  res.status(status).json(body);
}

/**
 * The HTTP status of a refusal by the lesson's own rules, reached through the API. A full or
 * ended lesson is 409: the request was fine, the lesson's state does not take it (delete a
 * question, retry); so is a name in use (schools, classrooms, teachers). A lesson between servers
 * (cluster mode) is 503: the same request succeeds in a few seconds.
 */
const RULE_STATUS: Partial<Record<ErrorCode, number>> = {
  limit_reached: 409, lesson_ended: 409, name_taken: 409, unavailable: 503,
  // Refusals of a service's own checks (the network check: its probe, its pace).
  invalid_payload: 400, not_found: 404, rate_limited: 429,
};

/** Last express middleware: known errors keep their status; the rest become a logged 500. */
export function errorHandler(log: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message, error.details);
    const ruleStatus = error instanceof ClassroomError ? RULE_STATUS[error.code] : undefined;
    if (error instanceof ClassroomError && ruleStatus) return sendError(res, ruleStatus, error.code, error.message);
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
    // body-parser's own errors (bad JSON, body too large) carry a 4xx status.
    if (status && status >= 400 && status < 500) {
      const type = (error as { type?: string }).type;
      return sendError(res, status, type === 'entity.too.large' ? 'payload_too_large' : 'invalid_payload',
        type === 'entity.too.large' ? 'the request body is too large' : 'the request body is not valid JSON');
    }
    log.error({ err: error }, 'request failed');
    sendError(res, 500, 'internal', 'something went wrong on the server; try again');
  };
}
