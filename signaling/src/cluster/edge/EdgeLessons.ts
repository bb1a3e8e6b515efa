import { type Ack, ClassroomError, type StandingLink, type TokenClaims } from '@classroom/shared';
import type { LessonMedia, MediaPeer, ParkLimits } from '@classroom/sfu';
import { publisherOf } from '../../lessons/publisher.ts';
import { VIDEO_CAP_LAYER } from '../../lessons/stage.ts';
import type { Logger } from '../../logger.ts';
import { runCommand, type Dispatch, type Sender } from '../../realtime/bindCommands.ts';
import type { EdgeAdmission } from '../../realtime/createRealtime.ts';
import { isMediaCommand, type ClassroomSocket, type EdgeSession, type MediaCommandHandlers, type MediaLessonView } from '../../realtime/types.ts';
import { NodeNotListeningError } from '../NodeRequests.ts';
import { receivingSchema, toEdgeSchema, type MediaEvent, type Receiving, type ToOwner } from './protocol.ts';

/** What an edge node needs of the rest of the server. */
export interface EdgeDeps {
  /** Sends a request to the node running a lesson (Cluster.request). */
  toOwner(ownerNodeId: string, lessonId: string, action: ToOwner): Promise<unknown>;
  /** This node's media of a lesson run on `ownerNodeId`, fed from there (cluster/MediaCascade). */
  openMedia(lessonId: string, ownerNodeId: string): LessonMedia;
  /** Its last classroom here left: the media and its pipes close. */
  closeMedia(lessonId: string): void;
  mediaHandlers: MediaCommandHandlers;
  keptMedia: ParkLimits;
  log: Logger;
}

/** One lesson as an edge node holds it: its connections here and its media here. */
interface EdgeLesson {
  readonly lessonId: string;
  readonly ownerNodeId: string;
  readonly media: LessonMedia;
  readonly view: MediaLessonView;
  readonly sessions: Map<string, { session: EdgeSession; socket?: ClassroomSocket }>;
  /** Per classroom, as its node last said. */
  readonly receiving: Map<string, Receiving>;
}

/**
 * The edge side of the cascade: this node keeps a classroom's connection (projector or
 * assistant) for a lesson another node runs. Its media commands run here, on this node's routers,
 * which receive the lesson's media from its node over pipes; every other command, its join and
 * its leave go to that node (RemoteClassrooms there), which answers as if the connection were
 * its own. Broadcasts reach it through the Socket.IO adapter like any other connection.
 *
 * When the lesson's node is gone or no longer runs the lesson, the connections here are closed:
 * their pages reconnect (here first) and the handshake finds where the lesson runs now.
 */
export class EdgeLessons implements EdgeAdmission {
  readonly #deps: EdgeDeps;
  readonly #lessons = new Map<string, EdgeLesson>();

  constructor(deps: EdgeDeps) {
    this.#deps = deps;
  }

  /** Classrooms only: the teacher publishes where the lesson runs. */
  admits(claims: TokenClaims): boolean {
    return claims.role === 'projector' || claims.role === 'assistant';
  }

  async admit(connectionId: string, claims: TokenClaims, ownerNodeId: string, standing: StandingLink | undefined): Promise<EdgeSession> {
    const { lessonId } = claims;
    const answer = await this.#ask(ownerNodeId, lessonId, { kind: 'edge:join', connectionId, claims });
    const receiving = receivingSchema.parse(answer);
    let lesson = this.#lessons.get(lessonId);
    if (lesson && lesson.ownerNodeId !== ownerNodeId) {
      // It moved: what is still here belongs to its old node.
      this.#moved(lesson, 'the lesson moved to another server');
      lesson = undefined;
    }
    lesson ??= this.#open(lessonId, ownerNodeId);
    lesson.receiving.set(claims.classroomId!, receiving);
    const session: EdgeSession = {
      claims, connectionId, lessonId, standing, media: lesson.view, mediaPeer: undefined,
      log: this.#deps.log.child({ lessonId, role: claims.role, classroomId: claims.classroomId, connectionId, edgeOf: ownerNodeId }),
    };
    lesson.sessions.set(connectionId, { session });
    return session;
  }

  dispatch(socket: ClassroomSocket, session: EdgeSession): Dispatch {
    const lesson = this.#lessons.get(session.lessonId);
    const held = lesson?.sessions.get(session.connectionId);
    if (held) held.socket = socket;
    const sender: Sender = { role: session.claims.role, log: session.log };
    return (name, payload) => {
      if (isMediaCommand(name)) {
        const handler = this.#deps.mediaHandlers[name] as (context: unknown, payload: unknown) => unknown;
        return runCommand(name, payload, sender, (parsed) => handler({ session, socket, lesson: session.media }, parsed));
      }
      return runCommand(name, payload, sender, async (parsed) => {
        const ack = await this.#command(session, name, parsed);
        if (!ack.ok) throw new ClassroomError(ack.error.code, ack.error.message);
        // Whether video tried again on a weak link plays is this node's business (StarvationGuard).
        if (name === 'quality:report') session.mediaPeer?.reportDelivery((parsed as { framesPerSecond: number }).framesPerSecond);
        return ack.data;
      });
    };
  }

  left(session: EdgeSession, keepMedia: boolean): void {
    const lesson = this.#lessons.get(session.lessonId);
    if (!lesson?.sessions.delete(session.connectionId)) return;
    if (keepMedia) {
      lesson.media.parkPeer(session.connectionId, this.#deps.keptMedia, () => {
        void this.#tell(lesson, session.connectionId, { type: 'closed' });
        this.#closeIfIdle(lesson);
      });
    } else {
      lesson.media.closePeer(session.connectionId);
    }
    session.mediaPeer = undefined;
    void this.#ask(lesson.ownerNodeId, lesson.lessonId, { kind: 'edge:leave', connectionId: session.connectionId, mediaKept: keepMedia })
      .catch((error: unknown) => session.log.debug({ err: (error as Error).message }, 'leave not told to the lesson\'s server (gone?)'));
    this.#closeIfIdle(lesson);
  }

  /** What the node running a lesson asks of this edge. */
  serve(fromNodeId: string, request: unknown): Promise<unknown> {
    const parsed = toEdgeSchema.safeParse(request);
    if (!parsed.success) return Promise.reject(new ClassroomError('invalid_payload', `not an edge request: ${parsed.error.issues[0]?.message ?? ''}`));
    const sent = parsed.data;
    const lesson = this.#lessons.get(sent.lessonId);
    // Only the node that runs the lesson for this edge speaks for it.
    if (!lesson || lesson.ownerNodeId !== fromNodeId) return Promise.resolve({ known: false });
    if (sent.kind === 'moved') this.#moved(lesson, 'the lesson\'s server no longer runs it');
    else void this.#applyReceiving(lesson, sent.classroomId, sent.receiving);
    return Promise.resolve({ known: true });
  }

  /** Nodes gone from the registry: the lessons they ran move (their connections here reconnect). */
  nodesGone(nodeIds: string[]): void {
    for (const lesson of [...this.#lessons.values()]) {
      if (nodeIds.includes(lesson.ownerNodeId)) this.#moved(lesson, 'the lesson\'s server stopped');
    }
  }

  /** The lessons served here as an edge, for tests and the node's load. */
  get lessonIds(): string[] {
    return [...this.#lessons.keys()];
  }

  /** The media peers of a classroom's projector here (for tests). */
  peersOf(lessonId: string, classroomId: string): MediaPeer[] {
    return this.#lessons.get(lessonId)?.media.peersOf(publisherOf({ role: 'projector', classroomId })) ?? [];
  }

  /** Closes everything (the server stops). */
  close(): void {
    for (const lesson of [...this.#lessons.values()]) this.#drop(lesson);
  }

  #open(lessonId: string, ownerNodeId: string): EdgeLesson {
    const media = this.#deps.openMedia(lessonId, ownerNodeId);
    const held = { lessonId, ownerNodeId, media, sessions: new Map(), receiving: new Map() };
    const lesson: EdgeLesson = { ...held, view: this.#view(held) };
    // This node's routers were lost with its worker: its classrooms here receive anew.
    media.on('reset', (reason) => {
      for (const { socket } of lesson.sessions.values()) socket?.emit('media:reset', { reason });
    });
    this.#lessons.set(lessonId, lesson);
    this.#deps.log.info({ lessonId, ownerNodeId }, 'serving a lesson\'s classrooms as its edge');
    return lesson;
  }

  /** What the media commands ask: this node's media, the lesson's node's decisions. */
  #view(lesson: Omit<EdgeLesson, 'view'>): MediaLessonView {
    const decide = async (connectionId: string, event: MediaEvent) => {
      await this.#ask(lesson.ownerNodeId, lesson.lessonId, { kind: 'edge:media', connectionId, event });
    };
    const connectionOf = (classroomId: string): string | undefined => {
      for (const { session } of lesson.sessions.values()) {
        if (session.claims.classroomId === classroomId && session.claims.role === 'projector') return session.connectionId;
      }
      return undefined;
    };
    const tell = (classroomId: string, event: MediaEvent) => {
      const connectionId = connectionOf(classroomId);
      if (connectionId) void this.#tell(lesson, connectionId, event);
    };
    return {
      media: lesson.media,
      assertMayPublish: ({ connectionId }, source) => decide(connectionId, { type: 'mayPublish', ...(source ? { source } : {}) }),
      classroomProduced: ({ connectionId }, source) => decide(connectionId, { type: 'produced', source }),
      // Only the teacher receives a wall picture, and the teacher is never on an edge node.
      admitConsumer: (_session, media) => {
        if (media.label === 'wall') throw new ClassroomError('forbidden', "a classroom's picture is for the teacher's wall only");
      },
      assertMayResume: ({ connectionId }, label) => decide(connectionId, { type: 'mayResume', label }),
      receivingOf: (classroomId) => lesson.receiving.get(classroomId) ?? { audioOnly: false, videoCap: 'high' },
      projectorLinkChanged: (classroomId, state) => tell(classroomId, { type: 'link', state }),
      weakLinkChanged: (classroomId, weak) => tell(classroomId, { type: 'weak', weak }),
      mediaScoreChanged: (classroomId, score) => tell(classroomId, { type: 'score', score }),
    };
  }

  /** The assistant or the teacher switched what a classroom receives: its projector here follows. */
  async #applyReceiving(lesson: EdgeLesson, classroomId: string, receiving: Receiving): Promise<void> {
    lesson.receiving.set(classroomId, receiving);
    for (const peer of lesson.media.peersOf(publisherOf({ role: 'projector', classroomId }))) {
      if (peer.videoHeld !== receiving.audioOnly) await peer.holdVideo(receiving.audioOnly);
      await peer.capVideo(VIDEO_CAP_LAYER[receiving.videoCap]);
    }
  }

  async #command(session: EdgeSession, name: string, payload: unknown): Promise<Ack<unknown>> {
    const lesson = this.#lessons.get(session.lessonId);
    if (!lesson) throw new ClassroomError('unavailable', 'this lesson is moving to another server: reconnecting');
    return await this.#ask(lesson.ownerNodeId, lesson.lessonId, {
      kind: 'edge:command', connectionId: session.connectionId, name: name as never, payload,
    }) as Ack<unknown>;
  }

  /** Tells the lesson's node about a projector's link here (nobody waits for the answer). */
  async #tell(lesson: Pick<EdgeLesson, 'ownerNodeId' | 'lessonId'>, connectionId: string, event: MediaEvent): Promise<void> {
    try {
      await this.#ask(lesson.ownerNodeId, lesson.lessonId, { kind: 'edge:media', connectionId, event });
    } catch (error) {
      this.#deps.log.debug({ lessonId: lesson.lessonId, err: (error as Error).message }, 'a projector\'s link state was not told');
    }
  }

  /**
   * Asks the lesson's node. If it is gone (nobody listens) or no longer runs the lesson, the
   * lesson's connections here close so that their pages find where it runs now.
   */
  async #ask(ownerNodeId: string, lessonId: string, action: ToOwner): Promise<unknown> {
    try {
      return await this.#deps.toOwner(ownerNodeId, lessonId, action);
    } catch (error) {
      const moved = error instanceof NodeNotListeningError || (error instanceof ClassroomError && error.code === 'wrong_node');
      if (!moved) throw error;
      const lesson = this.#lessons.get(lessonId);
      if (lesson?.ownerNodeId === ownerNodeId) this.#moved(lesson, 'the lesson\'s server is gone');
      throw new ClassroomError('unavailable', 'this lesson is moving to another server: reconnecting');
    }
  }

  /** The lesson no longer runs on the node this edge served it for. */
  #moved(lesson: EdgeLesson, why: string): void {
    this.#deps.log.info({ lessonId: lesson.lessonId, ownerNodeId: lesson.ownerNodeId, connections: lesson.sessions.size }, `${why}: its classrooms here reconnect`);
    this.#drop(lesson);
  }

  #drop(lesson: EdgeLesson): void {
    if (this.#lessons.get(lesson.lessonId) !== lesson) return;
    this.#lessons.delete(lesson.lessonId);
    const held = [...lesson.sessions.values()];
    lesson.sessions.clear();
    for (const { socket } of held) socket?.disconnect(true);
    lesson.media.closeAllParked();
    this.#deps.closeMedia(lesson.lessonId);
  }

  #closeIfIdle(lesson: EdgeLesson): void {
    if (lesson.sessions.size > 0 || lesson.media.parkedCount > 0 || this.#lessons.get(lesson.lessonId) !== lesson) return;
    this.#lessons.delete(lesson.lessonId);
    this.#deps.closeMedia(lesson.lessonId);
    this.#deps.log.info({ lessonId: lesson.lessonId }, 'last classroom of a lesson left this edge: its media closed');
  }
}
