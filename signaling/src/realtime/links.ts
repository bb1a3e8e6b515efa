import type { TokenClaims } from '@classroom/shared';

/**
 * The invitation link a connection speaks for: lesson, role and classroom. Anyone holding a link
 * can open as many connections as they like, so limits count per link, not per connection.
 */
export function linkOf(claims: TokenClaims): string {
  return `${claims.lessonId}/${claims.role}/${claims.classroomId ?? ''}`;
}
