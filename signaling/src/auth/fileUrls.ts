import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A recording's file is loaded by a <video> or <audio> element, which sends no Authorization
 * header: its URL carries an expiry and an HMAC of the path and expiry instead, made with a key
 * derived from the server's token secret (the same on every node of a cluster), so any node
 * checks what another signed. Long enough for a lesson played with its pauses, short enough
 * that a URL passed on soon stops working.
 */
export const FILE_URL_TTL_SECONDS = 4 * 60 * 60;

export class FileUrlSigner {
  readonly #key: Buffer;

  constructor(secret: string) {
    // Its own key: a file signature is never a valid token signature, nor the other way round.
    this.#key = createHmac('sha256', secret).update('recording file urls').digest();
  }

  /** `path?exp=…&sig=…`, valid until now + ttl. */
  sign(path: string, ttlSeconds = FILE_URL_TTL_SECONDS, now = Date.now()): string {
    const exp = Math.floor(now / 1000) + ttlSeconds;
    return `${path}?exp=${exp}&sig=${this.#mac(path, exp)}`;
  }

  /** Why the signature is refused, or undefined when it is good for this path now. */
  refusal(path: string, exp: unknown, sig: unknown, now = Date.now()): string | undefined {
    if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp)) return 'this file link is not signed';
    const expected = Buffer.from(this.#mac(path, Number(exp)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'this file link is not valid';
    if (Number(exp) * 1000 < now) return 'this file link has expired: load the recording again';
    return undefined;
  }

  #mac(path: string, exp: number): string {
    return createHmac('sha256', this.#key).update(`${path}\n${exp}`).digest('base64url');
  }
}
