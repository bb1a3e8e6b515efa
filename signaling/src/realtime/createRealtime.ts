import type { Server as HttpServer } from 'node:http';
import { isAllowedOrigin } from '../http/originCheck.ts';
import { Server, type ServerOptions } from 'socket.io';
import {
  ClassroomError, NETWORK_LOSS_REASONS, type ClientToServerEvents, type ErrorBody, type ServerToClientEvents,
  type StandingLink, type TokenClaims,
} from '@classroom/shared';
import type { TokenService } from '../auth/tokens.ts';
import { WrongNodeError } from '../cluster/Cluster.ts';
import type { LessonRegistry } from '../lessons/LessonRegistry.ts';
import type { ParkLimits } from '@classroom/sfu';
import type { Logger } from '../logger.ts';
import { bindCommands, type Dispatch } from './bindCommands.ts';
import { toErrorBody } from './errors.ts';
import { pushFirstAnswers } from './firstAnswers.ts';
import { LinkSeats, linkOf } from './links.ts';
import { clientAddress, createCommandLimiter, createHandshakeLimiter } from './rateLimit.ts';
import { CheckedRecoveryAdapter, replayMissed, sameLink, takeRecovered } from './recovery.ts';
import { lessonDispatch, type AllHandlers } from './lessonDispatch.ts';
import { rooms, roomsOf } from './rooms.ts';
import { claimsOf, type ClassroomSocket, type EdgeSession, type Session, type SocketData } from './types.ts';

export type ClassroomIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  registry: LessonRegistry;
  tokens: TokenService;
  handlers: AllHandlers;
  log: Logger;
  /** Origins whose pages may open sockets (read at each handshake: in a cluster, every node's). */
  allowedOrigins: () => readonly string[];
  /** Cluster mode: reads the live nodes again before an unknown origin is refused. */
  refreshOrigins?: () => Promise<unknown>;
  limits: RealtimeLimits;
  /** How long media outlives a connection lost to the network (see LessonMedia.parkPeer). */
  keptMedia: ParkLimits;
  /** Cluster mode: Socket.IO's adapter across nodes (else the in-memory one). */
  adapter?: ServerOptions['adapter'];
  /**
   * Cluster mode: whether the lesson may run on this node, asked before it is admitted. Throws
   * `wrong_node` (another node runs it) or `unavailable`; the claim's `assertHeld` is the
   * fencing check before acting.
   */
  claimLesson?: (lessonId: string) => Promise<{ assertHeld(): void }>;
  /**
   * The claims of a permanent link in the lesson it names (`auth.lessonId`): as if it were that
   * lesson's own link for its role and classroom. Throws when the lesson is not one of its own.
   */
  standingClaims: (link: StandingLink, lessonId: unknown) => Promise<TokenClaims>;
  /** Cluster mode with the cascade: classrooms of lessons run on other nodes are served here. */
  edge?: EdgeAdmission;
}

/** An edge node's part of the realtime layer (cluster/edge/EdgeLessons.ts). */
export interface EdgeAdmission {
  /** Whether this connection may stay here while its lesson runs on `ownerNodeId` (a classroom's projector or assistant). */
  admits(claims: TokenClaims): boolean;
  /** Joins it to the lesson on its node (which checks it as its own handshake would). */
  admit(connectionId: string, claims: TokenClaims, ownerNodeId: string, standing: StandingLink | undefined): Promise<EdgeSession>;
  /** Its commands: media here, the rest on the lesson's node. */
  dispatch(socket: ClassroomSocket, session: EdgeSession): Dispatch;
  /** Its connection closed (`keepMedia`: lost to the network, its media waits for media:resume). */
  left(session: EdgeSession, keepMedia: boolean): void;
}

export interface RealtimeLimits {
  /** Commands per second of one invitation link, over all its connections. */
  socketCommandsPerSecond: number;
  /** Socket handshakes per minute from one client address. */
  handshakesPerMinute: number;
  /** Connections one classroom's assistant link may hold at once. */
  assistantsPerClassroom: number;
}

/** Largest message a client may send: RTP parameters of a simulcast producer are ~4 KB. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * The Socket.IO server. A connection is admitted only with a valid token for an existing lesson
 * and classroom, or a permanent link with the id of one of its lessons (`auth.lessonId`); the
 * refusal reason reaches the client as connect_error (message = error code).
 */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): ClassroomIo {
  const { registry, tokens, handlers, log } = deps;
  const commandLimit = createCommandLimiter(deps.limits.socketCommandsPerSecond);
  const handshakeLimit = createHandshakeLimiter(deps.limits.handshakesPerMinute);
  const seats = new LinkSeats();
  const io: ClassroomIo = new Server(httpServer, {
    // WebSocket upgrades skip CORS: the Origin of the handshake is checked here instead.
    allowRequest: (req, callback) => {
      const allowed = () => isAllowedOrigin(req.headers.origin, req.headers.host, deps.allowedOrigins());
      if (allowed() || !deps.refreshOrigins) return callback(null, allowed());
      // A cluster node that joined since the list was read may have served the page.
      deps.refreshOrigins().then(() => callback(null, allowed()), () => callback(null, false));
    },
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Detect a dead projector link in ~20 s rather than the default 45 s.
    pingInterval: 10_000,
    pingTimeout: 10_000,
    // A client back within a minute gets the events it missed. The handshake is checked again
    // (a removed classroom or an ended lesson must not slip back in), and every client also
    // re-reads the lesson's snapshot on reconnect, so nothing depends on recovery succeeding.
    connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: false },
    // Recovery keeps the missed events only for the same link, and never restores rooms.
    adapter: deps.adapter ?? CheckedRecoveryAdapter,
  });
  /** Events a recovered connection missed, sent once it is connected. */
  const missedEvents = new WeakMap<ClassroomSocket, unknown[][]>();

  // Before the token is checked: a flood of handshakes costs no signature checks.
  io.use(async (socket, next) => {
    const address = clientAddress(socket.request);
    const waitMs = await handshakeLimit(address);
    if (waitMs === 0) return next();
    log.warn({ address }, 'handshake refused: too many from this address');
    next(refusal({ code: 'rate_limited', message: `too many connections from this network: try again in ${Math.ceil(waitMs / 1000)} s` }));
  });

  io.use(async (socket, next) => {
    const recovered = takeRecovered(socket);
    try {
      const auth = socket.handshake.auth as { token?: unknown; lessonId?: unknown } | undefined;
      const link = await tokens.verifyLink(auth?.token);
      const claims = link.kind === 'lesson' ? link.claims : await deps.standingClaims(link.link, auth?.lessonId);
      if (recovered) {
        if (recovered.claims && sameLink(recovered.claims, claims)) missedEvents.set(socket, recovered.missed);
        else log.warn({ connectionId: socket.id, role: claims.role, lessonId: claims.lessonId }, 'a recovered session came back with another link: started anew');
      }
      let claim;
      try {
        claim = await deps.claimLesson?.(claims.lessonId);
      } catch (error) {
        // Another node runs the lesson: a classroom stays here and receives from this node.
        if (!(error instanceof WrongNodeError && deps.edge?.admits(claims))) throw error;
        const standing = link.kind === 'standing' ? link.link : undefined;
        socket.data.edge = await deps.edge.admit(socket.id, claims, error.nodeId, standing);
        if (claims.role === 'assistant') holdAssistantSeat(socket, linkOf(claims));
        return next();
      }
      const lesson = await registry.admit(claims);
      // Fencing: the lease may have been lost while the claim or the lesson's records were on
      // their way. Nothing awaited from here to the join at `connection`: the lesson cannot be
      // released in between.
      claim?.assertHeld();
      if (claims.role === 'assistant') holdAssistantSeat(socket, linkOf(claims));
      const session: Session = {
        claims,
        ...(link.kind === 'standing' ? { standing: link.link } : {}),
        lesson,
        connectionId: socket.id,
        log: lesson.log.child({ role: claims.role, classroomId: claims.classroomId, connectionId: socket.id }),
        mediaPeer: undefined,
      };
      socket.data.session = session;
      next();
    } catch (error) {
      next(refusal(error instanceof WrongNodeError ? error.body : toErrorBody(error, log)));
    }
  });

  /**
   * Teacher and projector have one connection each (see takeOver); a classroom's assistant link
   * may be open on a few devices, but not on sixty: each join is written down and shown to the
   * teacher. The seat is held until the connection ends, also if it ends before `connection`.
   */
  function holdAssistantSeat(socket: ClassroomSocket, link: string): void {
    const max = deps.limits.assistantsPerClassroom;
    if (!seats.take(link, socket.id, max)) {
      throw new ClassroomError('limit_reached', `this classroom's assistant link is already open on ${max} devices: close it on one of them`);
    }
    const release = () => seats.release(link, socket.id);
    socket.conn.once('close', release);
    socket.once('disconnect', release);
  }

  /** A connection of a lesson another node runs: its commands go there, its media stays here. */
  function edgeConnection(socket: ClassroomSocket, edge: EdgeAdmission, session: EdgeSession): void {
    const { claims } = session;
    void socket.join(session.standing ? [...roomsOf(claims), rooms.standing(session.standing)] : roomsOf(claims));
    const missed = missedEvents.get(socket);
    if (missed) replayMissed(socket, missed);
    const dispatch = edge.dispatch(socket, session);
    bindCommands(socket, linkOf(claims), dispatch, commandLimit);
    pushFirstAnswers(socket, dispatch);
    session.log.info({}, 'connected (edge)');
    socket.on('disconnect', (reason) => {
      const keepMedia = session.mediaPeer !== undefined && deps.keptMedia.maxMs > 0
        && (NETWORK_LOSS_REASONS.has(reason) || session.replaced === true);
      edge.left(session, keepMedia);
      session.log.info({ reason }, 'disconnected (edge)');
    });
  }

  io.on('connection', (socket: ClassroomSocket) => {
    if (socket.data.edge) return edgeConnection(socket, deps.edge!, socket.data.edge);
    const session = socket.data.session!;
    const { claims, lesson } = session;
    let joined: Promise<void>;
    try {
      joined = lesson.join(socket.id, claims);
    } catch (error) {
      socket.disconnect(true);
      session.log.warn({ err: (error as Error).message }, 'connection refused after handshake');
      registry.releaseIfIdle(lesson);
      return;
    }
    // Its attendance could not be stored: it goes (its leave below undoes the join).
    joined.catch((error: unknown) => {
      session.log.error({ err: error }, 'attendance not stored: connection closed');
      socket.disconnect(true);
    });
    void socket.join(session.standing ? [...roomsOf(claims), rooms.standing(session.standing)] : roomsOf(claims));
    const missed = missedEvents.get(socket);
    if (missed) replayMissed(socket, missed);
    takeOver(io, socket);
    const dispatch = lessonDispatch(socket, session, handlers);
    bindCommands(socket, linkOf(claims), dispatch, commandLimit);
    pushFirstAnswers(socket, dispatch);
    session.log.info({}, 'connected');

    socket.on('disconnect', (reason) => {
      // Lost to the network, or replaced by a newer connection (often the same client, back before
      // the server noticed the old one was dead): the media is kept for media:resume.
      const keepMedia = session.mediaPeer !== undefined && deps.keptMedia.maxMs > 0
        && (NETWORK_LOSS_REASONS.has(reason) || session.replaced === true);
      if (keepMedia) {
        lesson.media.parkPeer(socket.id, deps.keptMedia, () => {
          lesson.mediaClosed(claims);
          registry.releaseIfIdle(lesson);
        });
      } else {
        lesson.media.closePeer(socket.id);
      }
      session.mediaPeer = undefined;
      // Gone from the lesson at once (so it can be released now); told to the others once stored.
      void lesson.leave(socket.id, claims, keepMedia);
      session.log.info({ reason }, 'disconnected');
      registry.releaseIfIdle(lesson);
    });
  });

  return io;
}

/** A handshake refusal: its code reaches the client as connect_error's message, the body as its data. */
function refusal(body: ErrorBody): Error {
  return Object.assign(new Error(body.code), { data: body });
}

/**
 * One live connection per teacher and per classroom projector: the newest wins (a teacher who
 * reloads, or moves to another laptop, must not be locked out by a connection that is dying).
 * The older one is told why, so that its page says so instead of fighting back.
 */
function takeOver(io: ClassroomIo, socket: ClassroomSocket): void {
  const { claims, lesson } = socket.data.session!;
  if (claims.role === 'assistant') return;
  const room = claims.role === 'teacher' ? rooms.teacher(lesson.id) : rooms.classroom(lesson.id, claims.classroomId!);
  for (const id of io.sockets.adapter.rooms.get(room) ?? []) {
    const other = io.sockets.sockets.get(id);
    if (!other || other.id === socket.id || claimsOf(other)?.role !== claims.role) continue;
    other.emit('session:replaced', {});
    const replaced = other.data.session ?? other.data.edge;
    if (replaced) replaced.replaced = true;
    other.disconnect(true);
    socket.data.session!.log.info({ replaced: other.id }, 'took over from an older connection');
  }
}
