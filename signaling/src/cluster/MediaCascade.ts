import { ClassroomError } from '@classroom/shared';
import { MediaRequestError, type LessonMedia, type PipeListen, type TransportSettings, type WorkerPool } from '@classroom/sfu';
import type { Logger } from '../logger.ts';
import { isCascadeRequest, parseCascadeOp, type CascadeOp, type CascadeRequest } from './cascadeMessages.ts';
import { EdgeFeed } from './EdgeFeed.ts';
import { OriginFeed, type CascadeContext } from './OriginFeed.ts';

export { isCascadeRequest };

// A pipe opens in two worker calls and a round trip; a pull is one more. Generous for a loaded node.
const CASCADE_ANSWER_TIMEOUT_MS = 5_000;

export interface MediaCascadeOptions {
  nodeId: string;
  /** Sends a request body to another node and resolves with its answer (Cluster's request channel). */
  request(nodeId: string, body: CascadeRequest, timeoutMs: number): Promise<unknown>;
  pool: WorkerPool;
  /** The lesson media settings of this node (an edge's lesson media uses them like a local one). */
  settings: TransportSettings;
  /** Where this node's pipe transports listen: its RTC listen address, announced as in the registry. */
  listen: PipeListen;
  log: Logger;
}

/**
 * The media of lessons across nodes. A lesson runs on one node, its origin; a classroom connected
 * to another node (an edge) receives from that node's own router, which the origin feeds through
 * one pair of pipe transports per (lesson, edge node): SRTP and RTX on, each node listening on
 * its own RTC address. Only what an edge's classrooms consume crosses, once per edge, every
 * simulcast layer of it; each classroom still gets its own layer from its own consumer there.
 * A classroom on stage on an edge publishes there; the origin adopts a stand-in of it into the
 * lesson, so the teacher, the origin's classrooms and the other edges receive it as usual.
 *
 * The messages (open, pull, offer, notice, control, close; see cascadeMessages.ts) travel over
 * the nodes' request channel (NodeRequests); the media objects stay in `sfu/` (LessonPipe).
 */
export class MediaCascade {
  readonly #nodeId: string;
  readonly #context: CascadeContext;
  readonly #log: Logger;
  /** Origin side: the lessons that run here, with their pipes to edges. */
  readonly #served = new Map<string, OriginFeed>();
  /** Edge side: the lessons of other nodes that classrooms here receive. */
  readonly #edges = new Map<string, EdgeFeed>();

  constructor(options: MediaCascadeOptions) {
    this.#nodeId = options.nodeId;
    this.#log = options.log.child({ component: 'cascade' });
    this.#context = {
      ask: (nodeId, op) => options.request(nodeId, { cascade: op }, CASCADE_ANSWER_TIMEOUT_MS),
      pool: options.pool, settings: options.settings, listen: options.listen, log: this.#log,
    };
  }

  /** Origin side: this lesson runs here; edges may pull its producers. Call when the lesson is loaded. */
  serveLesson(lessonId: string, media: LessonMedia): void {
    this.stopServing(lessonId);
    this.#served.set(lessonId, new OriginFeed(lessonId, media, this.#context));
  }

  /** Origin side: the lesson stops here (ended, lease lost): every pipe of it closes, edges are told. */
  stopServing(lessonId: string): void {
    this.#served.get(lessonId)?.close();
    this.#served.delete(lessonId);
  }

  /**
   * Edge side: the LessonMedia of a lesson that runs on `originNodeId`, created on first call
   * (its pipe pair with the origin is set up then). Local peers use it like any LessonMedia;
   * the origin's producers are pulled when a local peer consumes them, what is published here
   * goes to the origin. Another origin than before (the lesson moved) replaces it.
   */
  edgeMedia(lessonId: string, originNodeId: string): LessonMedia {
    if (originNodeId === this.#nodeId) throw new Error(`lesson ${lessonId} runs on this node: it has no edge media here`);
    const existing = this.#edges.get(lessonId);
    if (existing && existing.originNodeId === originNodeId && !existing.media.closed) return existing.media;
    this.closeEdge(lessonId);
    const feed = new EdgeFeed(lessonId, originNodeId, this.#context);
    this.#edges.set(lessonId, feed);
    return feed.media;
  }

  /** Edge side: closes this lesson's edge media and its pipes, both ends (last local classroom left, lesson ended, origin moved). */
  closeEdge(lessonId: string): void {
    this.#edges.get(lessonId)?.close();
    this.#edges.delete(lessonId);
  }

  /** A node left the registry (killed): pipes to and from it close; edge media whose origin it was emit `reset`. */
  nodeGone(nodeId: string): void {
    for (const feed of this.#served.values()) feed.closeEdge(nodeId);
    for (const feed of this.#edges.values()) {
      if (feed.originNodeId === nodeId) feed.lose('the lesson\'s server stopped');
    }
  }

  /** Requests of the cascade from other nodes (Cluster routes every `{ cascade }` body here). */
  async handle(fromNodeId: string, body: unknown): Promise<unknown> {
    const op = isCascadeRequest(body) ? parseCascadeOp(body) : undefined;
    if (!op) throw new ClassroomError('invalid_payload', 'not a cascade message');
    try {
      return await this.#dispatch(fromNodeId, op);
    } catch (error) {
      // Answered to the other node with a code rather than as an internal failure.
      if (error instanceof MediaRequestError) throw new ClassroomError(error.reason === 'invalid' ? 'invalid_payload' : error.reason, error.message);
      throw error;
    }
  }

  /** Stops everything: served lessons' pipes, edge media. */
  close(): void {
    for (const lessonId of [...this.#served.keys()]) this.stopServing(lessonId);
    for (const lessonId of [...this.#edges.keys()]) this.closeEdge(lessonId);
  }

  /** For tests and metrics: lessons served with their edge nodes, and the lessons received here. */
  snapshot(): { served: Record<string, string[]>; edges: Record<string, string> } {
    return {
      served: Object.fromEntries([...this.#served].map(([lessonId, feed]) => [lessonId, feed.edgeNodeIds])),
      edges: Object.fromEntries([...this.#edges].map(([lessonId, feed]) => [lessonId, feed.originNodeId])),
    };
  }

  async #dispatch(from: string, op: CascadeOp): Promise<unknown> {
    if (op.op === 'control' || ((op.op === 'notice' || op.op === 'close') && op.to === 'edge')) {
      const feed = this.#edges.get(op.lessonId);
      // Only the lesson's origin speaks for it (a late message of an old origin is dropped).
      if (!feed || feed.originNodeId !== from) return undefined;
      if (op.op === 'notice') await feed.notice(op.notice);
      else if (op.op === 'control') await feed.control(op.producerId, op.action);
      else feed.lose('the lesson stopped on its server');
      return undefined;
    }
    const feed = this.#served.get(op.lessonId);
    if (op.op === 'close') {
      feed?.closeEdge(from);
      return undefined;
    }
    if (op.op === 'notice') {
      await feed?.notice(from, op.notice);
      return undefined;
    }
    if (!feed) throw new ClassroomError('wrong_node', 'this lesson does not run on this server');
    switch (op.op) {
      case 'open': return feed.open(from, op.endpoint);
      case 'pull': return feed.pull(from, op.producerId);
      case 'offer': return feed.offer(from, op.piped);
      default: {
        const unhandled: never = op;
        throw new Error(`unhandled cascade message ${JSON.stringify(unhandled)}`);
      }
    }
  }
}
