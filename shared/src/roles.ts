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
