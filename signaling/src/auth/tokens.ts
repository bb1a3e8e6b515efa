import { errors, jwtVerify, SignJWT } from 'jose';
import { ClassroomError, idSchema, roleSchema, type TokenClaims } from '@classroom/shared';
import { z } from 'zod';

const ISSUER = 'live-classroom';
const payloadSchema = z.object({
  lid: idSchema,
  role: roleSchema,
  cid: idSchema.optional(),
  // Links signed before lessons had versions carry none: they belong to the first generation.
  tv: z.number().int().min(1).default(1),
});

/** Who a token is for; the link generation defaults to the lesson's first. */
export type ClaimsToSign = Omit<TokenClaims, 'tokenVersion'> & { tokenVersion?: number };

/** A lesson's current link generation, or undefined for a lesson that does not exist (read from the records). */
export type TokenVersionOf = (lessonId: string) => Promise<number | undefined> | number | undefined;

/**
 * Signed (HS256), expiring invitation tokens: one role, one lesson, at most one classroom, one
 * generation of the lesson's links. A token without an expiry or issue time is not accepted,
 * and one of an older generation than its lesson's (links revoked) is refused with a reason.
 */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;
  readonly #versionOf: TokenVersionOf;

  constructor(secret: string, ttlSeconds: number, versionOf: TokenVersionOf = () => undefined) {
    this.#key = new TextEncoder().encode(secret);
    this.#ttlSeconds = ttlSeconds;
    this.#versionOf = versionOf;
  }

  async sign(claims: ClaimsToSign, ttlSeconds = this.#ttlSeconds): Promise<string> {
    const payload: z.input<typeof payloadSchema> = { lid: claims.lessonId, role: claims.role, tv: claims.tokenVersion ?? 1 };
    if (claims.classroomId) payload.cid = claims.classroomId;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.#key);
  }

  /** The token's claims, or a ClassroomError (`unauthenticated`, `link_revoked`) saying why it is not accepted. */
  async verify(token: unknown): Promise<TokenClaims> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) {
      throw new ClassroomError('unauthenticated', 'a lesson link token is required');
    }
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, { issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'iat'] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new ClassroomError('unauthenticated', 'this link has expired: ask for a new one');
      throw new ClassroomError('unauthenticated', 'this link is not valid');
    }
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) throw new ClassroomError('unauthenticated', 'this link is not valid');
    const { lid, role, cid, tv } = parsed.data;
    if ((role === 'teacher') !== (cid === undefined)) throw new ClassroomError('unauthenticated', 'this link is not valid');
    const current = await this.#versionOf(lid);
    if (current !== undefined && tv !== current) {
      throw new ClassroomError('link_revoked', 'this link was withdrawn by the organiser: ask for a new one');
    }
    return { lessonId: lid, role, classroomId: cid ?? null, tokenVersion: tv };
  }
}
