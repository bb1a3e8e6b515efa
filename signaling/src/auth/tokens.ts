import { errors, jwtVerify, SignJWT } from 'jose';
import { ClassroomError, idSchema, roleSchema, type StandingLink, type TokenClaims } from '@classroom/shared';
import { z } from 'zod';

const ISSUER = 'live-classroom';
const payloadSchema = z.object({
  lid: idSchema,
  role: roleSchema,
  cid: idSchema.optional(),
  // Links signed before lessons had versions carry none: they belong to the first generation.
  tv: z.number().int().min(1).default(1),
});

/** A permanent link names a lasting classroom or a teacher (`sub`), never a lesson. */
const standingSchema = z.object({
  typ: z.literal('standing'),
  role: roleSchema,
  sub: idSchema,
  tv: z.number().int().min(1),
});

/** A district manager's permanent link (the district view): read-only, names a district (`sub`). */
const managerSchema = z.object({
  typ: z.literal('manager'),
  sub: idSchema,
  tv: z.number().int().min(1),
});

/** Whose a manager link is, and its generation. */
export interface ManagerLinkClaims {
  districtId: string;
  tokenVersion: number;
}

/** Who a token is for; the link generation defaults to the lesson's first. */
export type ClaimsToSign = Omit<TokenClaims, 'tokenVersion'> & { tokenVersion?: number };

/** A lesson's current link generation, or undefined for a lesson that does not exist (read from the records). */
export type TokenVersionOf = (lessonId: string) => Promise<number | undefined> | number | undefined;

/** A permanent link's current generation, or undefined when its classroom or teacher does not exist. */
export type StandingVersionOf = (link: StandingLink) => Promise<number | undefined> | number | undefined;

/** Permanent links: how long they last (a school year or more), and their generations. */
export interface StandingLinkRules {
  ttlSeconds: number;
  versionOf: StandingVersionOf;
  /** A district's current manager link generation (undefined: no such district, or not known here). */
  managerVersionOf?: (districtId: string) => Promise<number | undefined> | number | undefined;
}

/** A token that was accepted: a lesson's invitation, or a permanent link (which names no lesson). */
export type VerifiedLink = { kind: 'lesson'; claims: TokenClaims } | { kind: 'standing'; link: StandingLink };

const REVOKED = 'this link was withdrawn by the organiser: ask for a new one';

/**
 * Signed (HS256), expiring tokens. An invitation: one role, one lesson, at most one classroom, one
 * generation of the lesson's links. A permanent link: the projector or assistant of a lasting
 * classroom, or a teacher, one generation of that link. A token without an expiry or issue time
 * is not accepted, and one of an older generation (links revoked) is refused with a reason.
 */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;
  readonly #versionOf: TokenVersionOf;
  readonly #standing: StandingLinkRules;

  constructor(secret: string, ttlSeconds: number, versionOf: TokenVersionOf = () => undefined, standing?: StandingLinkRules) {
    this.#key = new TextEncoder().encode(secret);
    this.#ttlSeconds = ttlSeconds;
    this.#versionOf = versionOf;
    // Without a way to read their generations, permanent links are refused (see verifyLink).
    this.#standing = standing ?? { ttlSeconds, versionOf: () => undefined };
  }

  async sign(claims: ClaimsToSign, ttlSeconds = this.#ttlSeconds): Promise<string> {
    const payload: z.input<typeof payloadSchema> = { lid: claims.lessonId, role: claims.role, tv: claims.tokenVersion ?? 1 };
    if (claims.classroomId) payload.cid = claims.classroomId;
    return this.#sign(payload, ttlSeconds);
  }

  /** A permanent link's token, of the given generation. */
  signStanding(link: StandingLink, ttlSeconds = this.#standing.ttlSeconds): Promise<string> {
    const payload: z.input<typeof standingSchema> = {
      typ: 'standing', role: link.role, sub: link.kind === 'teacher' ? link.teacherId : link.classroomId, tv: link.tokenVersion,
    };
    return this.#sign(payload, ttlSeconds);
  }

  /** A district manager's link, of the given generation; it lasts as long as the other permanent links. */
  signManager(link: ManagerLinkClaims, ttlSeconds = this.#standing.ttlSeconds): Promise<string> {
    const payload: z.input<typeof managerSchema> = { typ: 'manager', sub: link.districtId, tv: link.tokenVersion };
    return this.#sign(payload, ttlSeconds);
  }

  /**
   * A manager link's claims; undefined for a valid token of another kind. A bad token, or a
   * manager link withdrawn or of a district that is gone, is refused with a ClassroomError.
   */
  async verifyManager(token: unknown): Promise<ManagerLinkClaims | undefined> {
    const manager = managerSchema.safeParse(await this.#decode(token));
    if (!manager.success) return undefined;
    const { sub, tv } = manager.data;
    const current = await this.#standing.managerVersionOf?.(sub);
    if (current === undefined) throw new ClassroomError('unauthenticated', 'this link is not valid: its district does not exist');
    if (tv !== current) throw new ClassroomError('link_revoked', 'this district manager link was withdrawn by the admin: ask for the new one');
    return { districtId: sub, tokenVersion: tv };
  }

  /** An invitation's claims; a permanent link or a bad token is refused with a ClassroomError saying why. */
  async verify(token: unknown): Promise<TokenClaims> {
    const verified = await this.verifyLink(token);
    if (verified.kind === 'standing') throw new ClassroomError('unauthenticated', 'a permanent link names no lesson: it cannot be used here');
    return verified.claims;
  }

  /**
   * The token's claims, whichever kind of link it is, or a ClassroomError (`unauthenticated`,
   * `link_revoked`) saying why it is not accepted.
   */
  async verifyLink(token: unknown): Promise<VerifiedLink> {
    const payload = await this.#decode(token);
    const standing = standingSchema.safeParse(payload);
    if (standing.success) return { kind: 'standing', link: await this.#checkStanding(standing.data) };
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) throw new ClassroomError('unauthenticated', 'this link is not valid');
    const { lid, role, cid, tv } = parsed.data;
    if ((role === 'teacher') !== (cid === undefined)) throw new ClassroomError('unauthenticated', 'this link is not valid');
    const current = await this.#versionOf(lid);
    if (current !== undefined && tv !== current) throw new ClassroomError('link_revoked', REVOKED);
    return { kind: 'lesson', claims: { lessonId: lid, role, classroomId: cid ?? null, tokenVersion: tv } };
  }

  async #checkStanding({ role, sub, tv }: z.output<typeof standingSchema>): Promise<StandingLink> {
    const link: StandingLink = role === 'teacher'
      ? { kind: 'teacher', role, teacherId: sub, tokenVersion: tv }
      : { kind: 'classroom', role, classroomId: sub, tokenVersion: tv };
    const current = await this.#standing.versionOf(link);
    if (current === undefined) throw new ClassroomError('unauthenticated', 'this link is not valid: its classroom or teacher does not exist');
    if (tv !== current) {
      throw new ClassroomError('link_revoked', link.kind === 'teacher'
        ? 'this permanent teacher link was withdrawn by the admin: ask for the new one'
        : `this classroom's permanent ${role} link was withdrawn by the admin: ask for the new one`);
    }
    return link;
  }

  async #decode(token: unknown): Promise<unknown> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) {
      throw new ClassroomError('unauthenticated', 'a lesson link token is required');
    }
    try {
      return (await jwtVerify(token, this.#key, { issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'iat'] })).payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new ClassroomError('unauthenticated', 'this link has expired: ask for a new one');
      throw new ClassroomError('unauthenticated', 'this link is not valid');
    }
  }

  #sign(payload: Record<string, unknown>, ttlSeconds: number): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.#key);
  }
}
