import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; every line of a lesson carries its lessonId. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'classroom' },
    // Tokens travel in handshakes and URLs: never let one reach a log line.
    redact: { paths: ['token', '*.token', 'auth.token', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
  });
}
