import type { Namespace } from 'socket.io';
import { SessionAwareAdapter, type Adapter, type Session as RecoveredSession } from 'socket.io-adapter';
import type { TokenClaims } from '@classroom/shared';
import type { ClassroomSocket, SocketData } from './types.ts';

/** What a recovered connection brought back: the claims it had and the events it missed. */
interface Recovered {
  claims: TokenClaims | undefined;
  missed: unknown[][];
}

const RECOVERED = Symbol('recovered');

/**
 * Connection state recovery gives a reconnecting client its old socket id, its rooms and the
 * events it missed on the strength of its private session id alone, before any middleware runs:
 * a client presenting another link (a removed classroom holding a link of another lesson) would
 * keep the old session's rooms and receive its events. The adapters made by this function hand
 * the socket neither: rooms always come from the new link's claims (on connection), and the
 * missed events are held on the socket's data until the handshake has found the new link to be
 * the same link ({@link takeRecovered}, {@link sameLink}).
 *
 * Only the claims of a dropped connection are kept, not its live Session (a Lesson, a logger):
 * the Redis adapter serialises what it keeps, and the in-memory one need not pin a lesson.
 * Works on any adapter (a class or, like the Redis streams adapter, a factory).
 */
export function withCheckedRecovery(create: (nsp: Namespace) => Adapter): (nsp: Namespace) => Adapter {
  // Socket.IO calls it with `new`: a function, not an arrow.
  return function checkedAdapter(nsp: Namespace): Adapter {
    const adapter = create(nsp);
    const persist = adapter.persistSession.bind(adapter);
    const restore = adapter.restoreSession.bind(adapter);
    adapter.persistSession = (session) => persist({ ...session, data: { claims: (session.data as Partial<SocketData> | undefined)?.session?.claims } });
    adapter.restoreSession = async (pid, offset) => {
      // Typed as always a Session; the in-memory adapter answers null when it has none.
      const session = await restore(pid, offset) as RecoveredSession | null;
      if (!session) return null as unknown as RecoveredSession;
      const recovered: Recovered = { claims: (session.data as { claims?: TokenClaims } | undefined)?.claims, missed: session.missedPackets };
      return { ...session, rooms: [], missedPackets: [], data: { [RECOVERED]: recovered } };
    };
    return adapter;
  };
}

/** The in-memory adapter of one server, with checked recovery. */
export const CheckedRecoveryAdapter = withCheckedRecovery((nsp) => new SessionAwareAdapter(nsp));

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
