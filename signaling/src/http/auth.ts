import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ClassroomError, type StandingLink } from '@classroom/shared';
import type { ManagerLinkClaims, TokenService, VerifiedLink } from '../auth/tokens.ts';
import type { LessonStore } from '../db/LessonStore.ts';
import { HttpError } from './httpErrors.ts';

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** Constant-time comparison of two strings of any length (hashes first). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** For an endpoint with a single secret of its own (metrics): 401 unless the bearer token is it. */
export function requireBearer(req: Request, secret: string): void {
  const token = bearer(req);
  if (!token) throw new HttpError(401, 'unauthenticated', 'send "Authorization: Bearer <token>"');
  if (!sameSecret(token, secret)) throw new HttpError(401, 'unauthenticated', 'the token is not valid for this endpoint');
}

export interface Caller {
  admin: boolean;
  /** Set when the caller holds the teacher token of this lesson. */
  teacherOf: string | null;
  /** Set when the caller holds a permanent link (a lasting classroom's, a teacher's). */
  standing: StandingLink | null;
  /** Set when the caller holds a district manager's link (read-only, its district only). */
  manager: ManagerLinkClaims | null;
}

/** A district manager's link: read-only, its district only. */
export interface ManagerHolder { kind: 'manager'; manager: ManagerLinkClaims }

/**
 * The bearer token's holder: the admin (its token), or an accepted link of any kind; 401 for
 * anything else (saying so for a revoked link).
 */
export async function bearerHolder(req: Request, adminToken: string, tokens: TokenService): Promise<'admin' | VerifiedLink | ManagerHolder> {
  const token = bearer(req);
  if (!token) throw new HttpError(401, 'unauthenticated', 'send "Authorization: Bearer <token>"');
  if (sameSecret(token, adminToken)) return 'admin';
  try {
    const manager = await tokens.verifyManager(token);
    if (manager) return { kind: 'manager', manager };
    return await tokens.verifyLink(token);
  } catch (error) {
    // A revoked link says so; any other refusal is simply not a token of this API. A failure to
    // read the records is not the caller's fault: it stays an error of the server.
    if (!(error instanceof ClassroomError)) throw error;
    if (error.code === 'link_revoked') throw new HttpError(401, error.code, error.message);
  }
  throw new HttpError(401, 'unauthenticated', 'the token is not valid for this API');
}

/**
 * Who is calling: the admin (bearer admin token), a lesson's teacher (bearer teacher token), a
 * permanent link (bearer link token), or a district manager's link.
 */
export async function identify(req: Request, adminToken: string, tokens: TokenService): Promise<Caller> {
  const holder = await bearerHolder(req, adminToken, tokens);
  const nobody = { admin: false, teacherOf: null, standing: null, manager: null };
  if (holder === 'admin') return { ...nobody, admin: true };
  if (holder.kind === 'manager') return { ...nobody, manager: holder.manager };
  if (holder.kind === 'standing') return { ...nobody, standing: holder.link };
  if (holder.claims.role === 'teacher') return { ...nobody, teacherOf: holder.claims.lessonId };
  throw new HttpError(401, 'unauthenticated', 'the token is not valid for this API');
}

/** Throws unless the caller is the admin: 403 for anyone else with a valid token. */
export async function requireAdmin(req: Request, adminToken: string, tokens: TokenService, what: string): Promise<void> {
  if (!(await identify(req, adminToken, tokens)).admin) throw new HttpError(403, 'forbidden', `only the admin may ${what}`);
}

/**
 * Throws unless the caller may do what the lesson's teacher does over REST: the admin, the
 * lesson's own teacher link, or the permanent link of the teacher the lesson is timetabled for
 * (403 for anyone else, saying which).
 */
export async function requireLessonTeacher(caller: Caller, lessonId: string, lessons: Pick<LessonStore, 'teacherOf'>): Promise<void> {
  if (caller.admin || caller.teacherOf === lessonId) return;
  if (caller.standing?.kind !== 'teacher') throw new HttpError(403, 'forbidden', 'this token is for another lesson');
  if ((await lessons.teacherOf(lessonId)) !== caller.standing.teacherId) {
    throw new HttpError(403, 'forbidden', 'this lesson is not one of this teacher\'s: a permanent teacher link opens only its own lessons');
  }
}
