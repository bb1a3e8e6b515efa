import { handshakeErrorCode, httpOrigin, redirectOf } from './handshake.ts';

/** What to do after a failed connection attempt, as far as the choice of server goes. */
export type RouteStep =
  /**
   * Connect again at once, to the new target: `socket.disconnect().connect()`, which also drops
   * socket.io's reconnection backoff (grown to 5 s by then) and the connection to the old server.
   */
  | 'connect'
  /** Connect again later, with the usual backoff (the server named is not answering, or servers disagree for a moment). */
  | 'retry'
  /** Not a matter of where: the caller handles the refusal, and socket.io retries network failures by itself. */
  | 'continue';

/**
 * Failed attempts in a row before the client tries another server. socket.io retries after
 * 0.5–1.5 s, then 1–3 s later: two failures span about 1.5–4.5 s since the drop. A blip shorter
 * than that moves nobody; a killed node's clients move then, rather than after socket.io's
 * retries have grown to 5 s apart. (A move costs little: the server reached sends the client on.)
 */
export const FAILOVER_AFTER_ATTEMPTS = 2;
/**
 * A server that did not answer is not gone back to for this long. A node that has not noticed
 * another's death yet still names it (`wrong_node`) until its lease runs out
 * (CLUSTER_LEASE_SECONDS, 6 s by default): following it would only fail again. Short, because
 * the failures may have been this client's own network: then the server named is fine.
 */
export const SUSPECT_FOR_MS = 6_000;
/** Redirects followed at once; more in a row (servers disagreeing for a moment) wait like retries. */
const QUICK_REDIRECTS = 3;

/** The part of a socket.io client socket the route uses. */
export interface RoutedSocket {
  io: unknown;
}

// socket.io's documented client-side balancing: the Manager reads `uri` at each (re)connection,
// so the same socket (its link, its listeners, its recovery state) goes to another server.
interface RetargetableManager {
  uri: string;
}

/**
 * Which server the lesson's socket connects to. One server: always the page's own. In a cluster
 * each lesson runs on one node: another node refuses the handshake and names it (`wrong_node`),
 * and the socket goes there. When the server it uses stops answering (killed, cut off), the
 * socket tries the page's own server, then the other live servers it learned from the lesson's
 * snapshot, in the same order for every client; the one that answers sends it on to the lesson's
 * owner, or takes the lesson over once the dead node's lease has run out.
 *
 * No DOM: the web app's session drives it, and so do the cluster tests, with real nodes and a
 * real socket.io client.
 */
export class ServerRoute {
  readonly #socket: RoutedSocket;
  readonly #home: string;
  readonly #now: () => number;
  /** The other servers' origins, as the last snapshot listed them. */
  #servers: string[] = [];
  /** Until when each server that did not answer is avoided. */
  readonly #suspects = new Map<string, number>();
  /** Attempts in a row the current server did not answer. */
  #failures = 0;
  #redirects = 0;

  constructor(socket: RoutedSocket, home: string, now: () => number = () => performance.now()) {
    this.#socket = socket;
    this.#home = new URL(home).origin;
    this.#now = now;
  }

  /** The origin the socket connects to next. */
  get target(): string {
    return new URL(this.#manager.uri, this.#home).origin;
  }

  /** The live servers' URLs (the snapshot's `servers`); anything but http(s) is ignored. */
  learn(urls: readonly string[]): void {
    this.#servers = [...new Set(urls.map(httpOrigin).filter((origin) => origin !== null))];
  }

  /** Connected: the server answers. */
  reached(): void {
    this.#failures = 0;
    this.#redirects = 0;
    this.#suspects.delete(this.target);
  }

  /** A connection attempt failed: follows a redirect, or moves on from a server that does not answer. */
  afterConnectError(error: Error): RouteStep {
    const code = handshakeErrorCode(error);
    if (code === null) return this.#unreachable();
    // Refused: the server answers.
    this.#failures = 0;
    this.#suspects.delete(this.target);
    return code === 'wrong_node' ? this.#redirected(redirectOf(error)) : 'continue';
  }

  get #manager(): RetargetableManager {
    return this.#socket.io as RetargetableManager;
  }

  #redirected(target: string | null): RouteStep {
    this.#redirects++;
    // It names a server found dead: it has not noticed yet. Ask it again later.
    if (!target || this.#isSuspect(target)) return 'retry';
    this.#manager.uri = target;
    return this.#redirects <= QUICK_REDIRECTS ? 'connect' : 'retry';
  }

  #unreachable(): RouteStep {
    const current = this.target;
    this.#suspects.set(current, this.#now() + SUSPECT_FOR_MS);
    this.#failures++;
    if (this.#failures < FAILOVER_AFTER_ATTEMPTS) return 'continue';
    const next = this.#next(current);
    if (!next) return 'continue';
    this.#manager.uri = next;
    this.#failures = 0;
    return 'connect';
  }

  /**
   * The page's own server first (it knows where the lesson runs now), then the others in the
   * snapshot's order after the current one.
   */
  #next(current: string): string | undefined {
    if (current !== this.#home && !this.#isSuspect(this.#home)) return this.#home;
    const all = [...new Set([this.#home, ...this.#servers])];
    const from = all.indexOf(current);
    const after = [...all.slice(from + 1), ...all.slice(0, Math.max(from, 0))];
    return after.find((origin) => !this.#isSuspect(origin));
  }

  #isSuspect(origin: string): boolean {
    const until = this.#suspects.get(origin);
    if (until === undefined) return false;
    if (this.#now() < until) return true;
    this.#suspects.delete(origin);
    return false;
  }
}
