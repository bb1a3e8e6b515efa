import { SessionAwareAdapter, type Session as RecoveredSession } from 'socket.io-adapter';
import type { TokenClaims } from '@classroom/shared';
import type { ClassroomSocket } from './types.ts';

/** What a recovered connection brought back: the claims it had and the events it missed. */
interface Recovered {
  claims: TokenClaims | undefined;
  missed: unknown[][];
}

const RECOVERED = Symbol('recovered');

// A mixin's base must have a constructor taking any[] (TS2545).
type AdapterClass = new (...args: any[]) => { restoreSession(pid: string, offset: string): Promise<RecoveredSession | null> | RecoveredSession | null };

/**
 * Connection state recovery gives a reconnecting client its old socket id, its rooms and the
 * events it missed on the strength of its private session id alone, before any middleware runs:
 * a client presenting another link (a removed classroom holding a link of another lesson) would
 * keep the old session's rooms and receive its events. This adapter hands the socket neither:
 * rooms always come from the new link's claims (on connection), and the missed events are held
 * on the socket's data until the handshake has found the new link to be the same link
 * ({@link takeRecovered}, {@link sameLink}).
 */
export function withCheckedRecovery<A extends AdapterClass>(Base: A): A {
  return class extends Base {
    override async restoreSession(pid: string, offset: string): Promise<RecoveredSession | null> {
      const session = await super.restoreSession(pid, offset);
      if (!session) return null;
      const recovered: Recovered = { claims: (session.data as { session?: { claims?: TokenClaims } } | undefined)?.session?.claims, missed: session.missedPackets };
      return { ...session, rooms: [], missedPackets: [], data: { [RECOVERED]: recovered } };
    }
  };
}

/** The in-memory adapter of one server, with checked recovery. */
export const CheckedRecoveryAdapter = withCheckedRecovery(SessionAwareAdapter);

/** What the socket brought back from its previous connection (once), if it was recovered. */
export function takeRecovered(socket: ClassroomSocket): Recovered | undefined {
  const data = socket.data as unknown as Record<symbol, Recovered | undefined>;
  const recovered = data[RECOVERED];
  delete data[RECOVERED];
  return recovered;
}

/** The same link: lesson, role, classroom and generation of links. */
export function sameLink(a: TokenClaims, b: TokenClaims): boolean {
  return a.lessonId === b.lessonId && a.role === b.role && a.classroomId === b.classroomId && a.tokenVersion === b.tokenVersion;
}

/** Sends the held events of a recovered connection (each still ends with its offset, as recovery sends them). */
export function replayMissed(socket: ClassroomSocket, missed: unknown[][]): void {
  const emit = socket.emit.bind(socket) as unknown as (...args: unknown[]) => boolean;
  // socket.emit stores the event for recovery and appends a new offset: drop the old one.
  for (const packet of missed) emit(...packet.slice(0, -1));
}
