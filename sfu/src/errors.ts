/** Something a client asked of the media layer that cannot be done, with why. */
export class MediaRequestError extends Error {
  readonly reason: 'not_found' | 'conflict' | 'limit_reached' | 'invalid';
  constructor(reason: MediaRequestError['reason'], message: string) {
    super(message);
    this.name = 'MediaRequestError';
    this.reason = reason;
  }
}
