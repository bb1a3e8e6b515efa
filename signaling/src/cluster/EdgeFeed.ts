import { ClassroomError } from '@classroom/shared';
import { LessonMedia, LessonPipe, MediaRequestError, type PipedMedia, type PipeNotice } from '@classroom/sfu';
import type { CascadeContext } from './OriginFeed.ts';

/**
 * One lesson on an edge node: a LessonMedia for the local classrooms, fed by the lesson's origin
 * node through one pipe pair. The pipe opens at once and again after it was lost (the origin's
 * router went with its worker); the origin's producers are pulled into it when a local peer
 * first consumes them, and what is published here (a classroom on stage) is offered to the
 * origin, which adopts it into the lesson.
 */
export class EdgeFeed {
  readonly media: LessonMedia;
  readonly lessonId: string;
  readonly originNodeId: string;
  readonly #context: CascadeContext;
  #pipe: Promise<LessonPipe> | undefined;
  #closed = false;

  constructor(lessonId: string, originNodeId: string, context: CascadeContext) {
    this.lessonId = lessonId;
    this.originNodeId = originNodeId;
    this.#context = { ...context, log: context.log.child({ lessonId, originNodeId }) };
    const { pool, settings, log } = this.#context;
    this.media = new LessonMedia(lessonId, pool, settings, log, { pull: (producerId) => this.#pull(producerId) });
    this.media.on('producerAdded', ({ producerId }) => void this.#offer(producerId));
    void this.#connected().catch(() => undefined); // logged in #open; the first pull tries again
  }

  /** The origin's notice about a producer it sends: the stand-in here follows. */
  async notice(notice: PipeNotice): Promise<void> {
    await (await this.#pipe?.catch(() => undefined))?.notice(notice);
  }

  /** The lesson (at the origin) paused, resumed or closed a producer published here: the real one follows. */
  async control(producerId: string, action: 'pause' | 'resume' | 'close'): Promise<void> {
    const producer = this.media.source(producerId)?.producer;
    if (!producer) return;
    if (action === 'close') producer.close();
    else if (action === 'pause') await producer.pause();
    else await producer.resume();
  }

  /** The origin stopped feeding this lesson (left, or stopped it): stand-ins close, clients set up anew. */
  lose(reason: string): void {
    const pipe = this.#pipe;
    this.#pipe = undefined;
    void pipe?.then((open) => open.close(), () => undefined);
    this.#context.log.warn({ reason }, 'the lesson\'s origin stopped feeding this node');
    this.media.originLost(reason);
  }

  /** Closes the lesson here and both ends of its pipe. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pipe = undefined;
    // This end closes with the media's routers; the origin closes its own when told.
    void this.#tell({ op: 'close', lessonId: this.lessonId, to: 'origin' });
    this.media.close();
  }

  #connected(): Promise<LessonPipe> {
    if (this.#closed) return Promise.reject(new MediaRequestError('not_found', 'the lesson media is closed'));
    if (!this.#pipe) {
      const opening = this.#open();
      this.#pipe = opening;
      opening.then((pipe) => pipe.once('closed', () => {
        if (this.#pipe !== opening) return; // closed on purpose
        // Lost with this node's router (its worker died): the origin closes its end, the next pull opens anew.
        this.#pipe = undefined;
        void this.#tell({ op: 'close', lessonId: this.lessonId, to: 'origin' });
      }), () => { if (this.#pipe === opening) this.#pipe = undefined; });
    }
    return this.#pipe;
  }

  async #open(): Promise<LessonPipe> {
    const { listen, ask, log } = this.#context;
    const pipe = await LessonPipe.open(this.media, listen, (notice) => void this.#tell({ op: 'notice', lessonId: this.lessonId, to: 'origin', notice }));
    try {
      const answer = await ask(this.originNodeId, { op: 'open', lessonId: this.lessonId, endpoint: pipe.local }) as { endpoint: LessonPipe['local'] };
      await pipe.connect(answer.endpoint);
      if (this.#closed) throw new MediaRequestError('not_found', 'the lesson media is closed');
    } catch (error) {
      pipe.close();
      log.warn({ err: (error as Error).message }, 'could not open the pipe from the lesson\'s origin');
      throw error;
    }
    log.info({ endpoint: `${pipe.local.ip}:${pipe.local.port}` }, 'pipe from the lesson\'s origin open');
    // Opened again (the last pipe was lost): what is published here goes to the origin again.
    for (const { producerId } of this.media.published()) void this.#offer(producerId);
    return pipe;
  }

  async #pull(producerId: string) {
    const pipe = await this.#connected();
    let piped: PipedMedia;
    try {
      piped = await this.#context.ask(this.originNodeId, { op: 'pull', lessonId: this.lessonId, producerId }) as PipedMedia;
    } catch (error) {
      if (error instanceof ClassroomError && error.code === 'not_found') throw new MediaRequestError('not_found', error.message);
      throw error;
    }
    return { producer: await pipe.receive(piped), media: piped.media };
  }

  async #offer(producerId: string): Promise<void> {
    try {
      const piped = await (await this.#connected()).send(producerId);
      await this.#context.ask(this.originNodeId, { op: 'offer', lessonId: this.lessonId, piped });
    } catch (error) {
      this.#context.log.warn({ producerId, err: (error as Error).message }, 'could not send a producer to the lesson\'s origin');
    }
  }

  async #tell(op: Parameters<CascadeContext['ask']>[1]): Promise<void> {
    try {
      await this.#context.ask(this.originNodeId, op);
    } catch (error) {
      this.#context.log.debug({ op: op.op, err: (error as Error).message }, 'the lesson\'s origin was not told');
    }
  }
}
