import { ClassroomError, type ClassroomStatus } from '@classroom/shared';
import type { Lesson } from '../../lessons/Lesson.ts';
import { lessonMediaView } from '../../lessons/lessonMediaView.ts';
import type { LessonRegistry } from '../../lessons/LessonRegistry.ts';
import type { Logger } from '../../logger.ts';
import { runInOrder } from '../../realtime/lessonDispatch.ts';
import { isMediaCommand, type CommandHandlers, type Session } from '../../realtime/types.ts';
import { toOwnerSchema, type MediaEvent, type Receiving, type ToEdge } from './protocol.ts';

export interface RemoteClassroomsDeps {
  registry: LessonRegistry;
  handlers: CommandHandlers;
  /** Sends a request to an edge node (Cluster.request with `{ edge }`). */
  toEdge(nodeId: string, request: ToEdge): Promise<unknown>;
  /** Tells an older connection of the same projector that it was replaced, and closes it (on any node). */
  replace(connectionId: string): void;
  log: Logger;
}

/** A connection held by an edge node, as the node running its lesson knows it. */
interface Remote {
  session: Session;
  nodeId: string;
}

/**
 * The lesson's side of the cascade: connections that edge nodes hold for lessons run here
 * (EdgeLessons there). Each is joined to the live lesson like a connection of this node (its
 * presence, attendance, hand and stage), its commands run in the lesson's order through the
 * same handlers, and what the media layer must know of it arrives from its edge. A change to
 * what a classroom receives (audio only, data saver) goes to the edge that holds its projector.
 */
export class RemoteClassrooms {
  readonly #deps: RemoteClassroomsDeps;
  readonly #remotes = new Map<string, Remote>();
  /** Lessons whose classroom changes are watched, with what each edge was last told per classroom. */
  readonly #told = new WeakMap<Lesson, Map<string, string>>();

  constructor(deps: RemoteClassroomsDeps) {
    this.#deps = deps;
  }

  /** An edge's request about one of its connections to a lesson whose lease is held here. */
  async serve(lessonId: string, action: unknown, fromNodeId: string): Promise<unknown> {
    const parsed = toOwnerSchema.safeParse(action);
    if (!parsed.success) throw new ClassroomError('invalid_payload', `not an edge request: ${parsed.error.issues[0]?.message ?? ''}`);
    const request = parsed.data;
    if (request.kind === 'edge:join') {
      if (request.claims.lessonId !== lessonId) throw new ClassroomError('invalid_payload', 'the claims are of another lesson');
      return this.#join(request.connectionId, request.claims, fromNodeId);
    }
    const remote = this.#remotes.get(request.connectionId);
    // Gone already (its lesson moved, or its edge was given up for dead): the edge reconnects it.
    if (!remote || remote.nodeId !== fromNodeId || remote.session.lesson.id !== lessonId) {
      if (request.kind === 'edge:leave') return {};
      throw new ClassroomError('wrong_node', 'this connection is not known on the lesson\'s server');
    }
    switch (request.kind) {
      case 'edge:leave': return this.#leave(remote, request.mediaKept);
      case 'edge:command': {
        if (isMediaCommand(request.name)) throw new ClassroomError('invalid_payload', 'media commands run on the edge');
        const { session } = remote;
        return await runInOrder(session, this.#deps.handlers, request.name, request.payload, () => this.#remotes.get(session.connectionId) === remote)
          ?? { ok: false, error: { code: 'unavailable', message: 'this connection left the lesson' } };
      }
      case 'edge:media': return this.#media(remote.session, request.event);
      default: {
        const unknownRequest: never = request;
        throw new ClassroomError('invalid_payload', `unknown edge request ${JSON.stringify(unknownRequest)}`);
      }
    }
  }

  /** Edge nodes gone from the registry: their connections leave (a killed node told nobody). */
  nodesGone(nodeIds: string[]): void {
    for (const remote of [...this.#remotes.values()]) {
      if (nodeIds.includes(remote.nodeId)) void this.#leave(remote, false);
    }
  }

  /** A lesson stops here (its lease was lost): its edges drop their connections, which reconnect. */
  lessonStopped(lessonId: string): void {
    const nodes = new Set<string>();
    for (const [connectionId, remote] of this.#remotes) {
      if (remote.session.lesson.id !== lessonId) continue;
      this.#remotes.delete(connectionId);
      nodes.add(remote.nodeId);
    }
    for (const nodeId of nodes) void this.#deps.toEdge(nodeId, { kind: 'moved', lessonId }).catch(() => undefined);
  }

  /** Connections held by edges, for tests. */
  get count(): number {
    return this.#remotes.size;
  }

  async #join(connectionId: string, claims: Session['claims'], nodeId: string): Promise<Receiving> {
    const { registry, log } = this.#deps;
    const lesson = await registry.admit(claims);
    // Not awaited between admit and join: the lesson cannot be released in between.
    const joined = lesson.join(connectionId, claims);
    const session: Session = {
      claims, lesson, connectionId, mediaPeer: undefined,
      log: lesson.log.child({ role: claims.role, classroomId: claims.classroomId, connectionId, edge: nodeId }),
    };
    const remote: Remote = { session, nodeId };
    this.#remotes.set(connectionId, remote);
    try {
      await joined;
    } catch (error) {
      await this.#leave(remote, false);
      throw error;
    }
    const classroom = lesson.classroom(claims.classroomId!);
    if (claims.role === 'projector') this.#replaceOlder(lesson, classroom.projectors, remote);
    const receiving: Receiving = { audioOnly: classroom.audioOnly, videoCap: classroom.videoCap };
    this.#watch(lesson).set(`${nodeId}/${classroom.id}`, JSON.stringify(receiving));
    session.log.info({}, 'connected through an edge node');
    return receiving;
  }

  /**
   * One projector connection per classroom: an older one on another node is replaced (one on
   * the same edge is replaced there, where its media can be kept for the new one).
   */
  #replaceOlder(lesson: Lesson, projectors: ReadonlySet<string>, remote: Remote): void {
    for (const other of projectors) {
      if (other === remote.session.connectionId || this.#remotes.get(other)?.nodeId === remote.nodeId) continue;
      lesson.log.info({ replaced: other, by: remote.session.connectionId }, 'a projector moved to another server: its older connection is replaced');
      this.#deps.replace(other);
    }
  }

  async #leave(remote: Remote, mediaKept: boolean): Promise<object> {
    const { session } = remote;
    if (this.#remotes.get(session.connectionId) !== remote) return {};
    this.#remotes.delete(session.connectionId);
    await session.lesson.leave(session.connectionId, session.claims, mediaKept);
    session.log.info({ mediaKept }, 'disconnected (edge)');
    this.#deps.registry.releaseIfIdle(session.lesson);
    return {};
  }

  async #media(session: Session, event: MediaEvent): Promise<object> {
    const { lesson, claims } = session;
    const view = lessonMediaView(lesson);
    const classroomId = claims.classroomId!;
    switch (event.type) {
      case 'mayPublish': await lesson.serially(() => view.assertMayPublish(session, event.source)); break;
      case 'produced': await lesson.serially(() => view.classroomProduced(session, event.source)); break;
      case 'mayResume': await lesson.serially(() => view.assertMayResume(session, event.label)); break;
      case 'link': view.projectorLinkChanged(classroomId, event.state); break;
      case 'weak': view.weakLinkChanged(classroomId, event.weak); break;
      case 'score': view.mediaScoreChanged(classroomId, event.score); break;
      case 'closed': lesson.mediaClosed(claims); break;
    }
    return {};
  }

  /** Sends what a classroom receives to the edges holding its projector, when it changes. */
  #watch(lesson: Lesson): Map<string, string> {
    const watched = this.#told.get(lesson);
    if (watched) return watched;
    const told = new Map<string, string>();
    this.#told.set(lesson, told);
    lesson.on('classroomUpdated', (status: ClassroomStatus) => {
      const receiving: Receiving = { audioOnly: status.audioOnly, videoCap: status.videoCap };
      for (const remote of this.#remotes.values()) {
        const { session, nodeId } = remote;
        if (session.lesson !== lesson || session.claims.classroomId !== status.id || session.claims.role !== 'projector') continue;
        const key = `${nodeId}/${status.id}`;
        const value = JSON.stringify(receiving);
        if (told.get(key) === value) continue;
        told.set(key, value);
        void this.#deps.toEdge(nodeId, { kind: 'receiving', lessonId: lesson.id, classroomId: status.id, receiving })
          .catch((error: unknown) => session.log.warn({ err: (error as Error).message }, 'an edge was not told what its classroom receives'));
      }
    });
    return told;
  }
}
