import { ClassroomError } from '@classroom/shared';
import { LessonPipe, type LessonMedia, type PipedMedia, type PipeEndpoint, type PipeListen, type PipeNotice, type TransportSettings, type WorkerPool } from '@classroom/sfu';
import type { Logger } from '../logger.ts';
import type { CascadeOp } from './cascadeMessages.ts';

/** What both ends of the cascade need from their node. */
export interface CascadeContext {
  /** Sends a cascade message to another node and resolves with its answer. */
  ask(nodeId: string, op: CascadeOp): Promise<unknown>;
  pool: WorkerPool;
  settings: TransportSettings;
  /** Where this node's pipe transports listen (its own RTC address). */
  listen: PipeListen;
  log: Logger;
}

/**
 * One lesson on its origin node, as the edges see it: one pipe end per edge node, into which the
 * lesson's producers are sent when that edge pulls them, and through which the edge's own
 * producers (a classroom on stage there) arrive and are adopted into the lesson.
 */
export class OriginFeed {
  readonly lessonId: string;
  readonly #media: LessonMedia;
  readonly #context: CascadeContext;
  readonly #pipes = new Map<string, Promise<LessonPipe>>();

  constructor(lessonId: string, media: LessonMedia, context: CascadeContext) {
    this.lessonId = lessonId;
    this.#media = media;
    this.#context = { ...context, log: context.log.child({ lessonId }) };
  }

  get edgeNodeIds(): string[] {
    return [...this.#pipes.keys()];
  }

  /** An edge opens its pipe (again: an end it had before is closed first). Answers this end. */
  async open(edgeNodeId: string, endpoint: PipeEndpoint): Promise<{ endpoint: PipeEndpoint }> {
    this.closeEdge(edgeNodeId);
    const tell = (notice: PipeNotice) => void this.#tell(edgeNodeId, { op: 'notice', lessonId: this.lessonId, to: 'edge', notice });
    const opening = LessonPipe.open(this.#media, this.#context.listen, tell);
    this.#pipes.set(edgeNodeId, opening);
    opening.catch(() => { if (this.#pipes.get(edgeNodeId) === opening) this.#pipes.delete(edgeNodeId); });
    const pipe = await opening;
    pipe.once('closed', () => {
      if (this.#pipes.get(edgeNodeId) !== opening) return; // closed on purpose
      // Lost with the lesson's router (its worker died; the lesson resets): the edge opens anew.
      this.#pipes.delete(edgeNodeId);
      void this.#tell(edgeNodeId, { op: 'close', lessonId: this.lessonId, to: 'edge' });
    });
    if (this.#pipes.get(edgeNodeId) !== opening) {
      pipe.close();
      throw new ClassroomError('conflict', 'the pipe was closed while it opened');
    }
    await pipe.connect(endpoint);
    this.#context.log.info({ edgeNodeId, endpoint: `${pipe.local.ip}:${pipe.local.port}` }, 'pipe to an edge node open');
    return { endpoint: pipe.local };
  }

  /** An edge asks for a producer of the lesson: it goes into that edge's pipe (once). */
  async pull(edgeNodeId: string, producerId: string): Promise<PipedMedia> {
    return (await this.#pipe(edgeNodeId)).send(producerId);
  }

  /**
   * An edge sends a producer published there: its stand-in here joins the lesson (announced to
   * everyone as usual); the lesson's pause and close of it act on the real one at the edge.
   */
  async offer(edgeNodeId: string, piped: PipedMedia): Promise<void> {
    const standIn = await (await this.#pipe(edgeNodeId)).receive(piped);
    if (standIn.closed) return;
    const control = (action: 'pause' | 'resume' | 'close') => this.#tell(edgeNodeId, { op: 'control', lessonId: this.lessonId, producerId: standIn.id, action });
    this.#media.adopt(standIn, piped.media, {
      setPaused: (paused) => control(paused ? 'pause' : 'resume'),
      close: () => void control('close'),
    });
    this.#context.log.info({ edgeNodeId, producerId: standIn.id, label: piped.media.label }, 'adopted a producer of an edge node');
  }

  async notice(edgeNodeId: string, notice: PipeNotice): Promise<void> {
    await (await this.#pipes.get(edgeNodeId)?.catch(() => undefined))?.notice(notice);
  }

  /** Closes this lesson's pipe end toward one edge (its stand-ins leave the lesson with it). */
  closeEdge(edgeNodeId: string): void {
    const pipe = this.#pipes.get(edgeNodeId);
    this.#pipes.delete(edgeNodeId);
    void pipe?.then((open) => open.close(), () => undefined);
  }

  /** The lesson stops here: every pipe closes and every edge is told. */
  close(): void {
    for (const edgeNodeId of this.edgeNodeIds) {
      this.closeEdge(edgeNodeId);
      void this.#tell(edgeNodeId, { op: 'close', lessonId: this.lessonId, to: 'edge' });
    }
  }

  async #pipe(edgeNodeId: string): Promise<LessonPipe> {
    const pipe = await this.#pipes.get(edgeNodeId);
    if (!pipe || pipe.closed) throw new ClassroomError('not_found', 'no pipe of this lesson to that node: open it first');
    return pipe;
  }

  async #tell(edgeNodeId: string, op: CascadeOp): Promise<void> {
    try {
      await this.#context.ask(edgeNodeId, op);
    } catch (error) {
      this.#context.log.debug({ edgeNodeId, op: op.op, err: (error as Error).message }, 'an edge node was not told');
    }
  }
}
