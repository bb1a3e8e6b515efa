import { errors, jwtVerify, SignJWT } from 'jose';
import { ClassroomError, idSchema, roleSchema, type TokenClaims } from '@classroom/shared';
import { z } from 'zod';

const ISSUER = 'live-classroom';
const payloadSchema = z.object({ lid: idSchema, role: roleSchema, cid: idSchema.optional() });

/** Signed (HS256), expiring invitation tokens: one role, one lesson, at most one classroom. */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;

  constructor(secret: string, ttlSeconds: number) {
    this.#key = new TextEncoder().encode(secret);
    this.#ttlSeconds = ttlSeconds;
  }

  async sign(claims: TokenClaims, ttlSeconds = this.#ttlSeconds): Promise<string> {
    const payload: z.infer<typeof payloadSchema> = { lid: claims.lessonId, role: claims.role };
    if (claims.classroomId) payload.cid = claims.classroomId;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.#key);
  }

  /** The token's claims, or a ClassroomError('unauthenticated') saying why it is not accepted. */
  async verify(token: unknown): Promise<TokenClaims> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) {
      throw new ClassroomError('unauthenticated', 'a lesson link token is required');
    }
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, { issuer: ISSUER, algorithms: ['HS256'] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new ClassroomError('unauthenticated', 'this link has expired: ask for a new one');
      throw new ClassroomError('unauthenticated', 'this link is not valid');
    }
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) throw new ClassroomError('unauthenticated', 'this link is not valid');
    const { lid, role, cid } = parsed.data;
    if ((role === 'teacher') !== (cid === undefined)) throw new ClassroomError('unauthenticated', 'this link is not valid');
    return { lessonId: lid, role, classroomId: cid ?? null };
  }
}
