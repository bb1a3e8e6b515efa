/** The slice of a structured logger (pino's shape) that the media layer writes to. */
export interface MediaLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(bindings: object): MediaLogger;
}
