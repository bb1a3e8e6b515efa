import type { TokenClaims } from '@classroom/shared';

/**
 * The invitation link a connection speaks for: lesson, role and classroom. Anyone holding a link
 * can open as many connections as they like, so limits count per link, not per connection.
 */
export function linkOf(claims: TokenClaims): string {
  return `${claims.lessonId}/${claims.role}/${claims.classroomId ?? ''}`;
}

/**
 * The connections each link holds, counted from the moment the handshake admits them: Socket.IO
 * fires `connection` a tick after the middleware, and the token check before it is asynchronous,
 * so a count of joined connections could let overlapping handshakes all pass the cap.
 */
export class LinkSeats {
  readonly #held = new Map<string, Set<string>>();

  /** Takes a seat for the connection if the link holds fewer than `max`; false otherwise. */
  take(link: string, connectionId: string, max: number): boolean {
    const seats = this.#held.get(link) ?? new Set<string>();
    if (seats.size >= max) return false;
    seats.add(connectionId);
    this.#held.set(link, seats);
    return true;
  }

  /** Frees the connection's seat (safe to call twice, or for a connection that had none). */
  release(link: string, connectionId: string): void {
    const seats = this.#held.get(link);
    if (!seats?.delete(connectionId)) return;
    if (seats.size === 0) this.#held.delete(link);
  }
}
