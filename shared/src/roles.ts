import { z } from 'zod';

/** Who a token speaks for. A projector and an assistant always belong to one classroom. */
export const ROLES = ['teacher', 'projector', 'assistant'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** The claims carried by a signed invitation token (one role, one lesson). */
export interface TokenClaims {
  lessonId: string;
  role: Role;
  /** Set for projector and assistant; null for the teacher. */
  classroomId: string | null;
  /**
   * The lesson's link generation when the token was signed: the admin revokes a lesson's links by
   * moving its generation on, after which older tokens are refused (`link_revoked`).
   */
  tokenVersion: number;
}

/** The roles of a lasting classroom's two permanent links. */
export const CLASSROOM_LINK_ROLES = ['projector', 'assistant'] as const;
export type ClassroomLinkRole = (typeof CLASSROOM_LINK_ROLES)[number];

/**
 * The claims of a permanent ("standing") link: it names a lasting classroom's projector or
 * assistant, or a master teacher, never a lesson. It joins a timetabled lesson that includes that
 * classroom (or is that teacher's), named when connecting. Each link has its own generation, so
 * a classroom's assistant link can be withdrawn without touching its projector.
 */
export type StandingLink =
  | { kind: 'classroom'; role: ClassroomLinkRole; classroomId: string; tokenVersion: number }
  | { kind: 'teacher'; role: 'teacher'; teacherId: string; tokenVersion: number };
