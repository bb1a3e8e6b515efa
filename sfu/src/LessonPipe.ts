import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { MediaRequestError } from './errors.ts';
import type { LessonMedia } from './LessonMedia.ts';
import { NodePipe, type PipedProducer, type PipeEndpoint, type PipeListen } from './NodePipe.ts';
import type { PublishedMedia } from './types.ts';

/** A producer as it crosses between nodes, with what the lesson knows of it. */
export interface PipedMedia extends PipedProducer {
  media: PublishedMedia;
}

/** What one end tells the other about a producer it sends: the other end's stand-in follows. */
export type PipeNotice =
  | { op: 'paused'; producerId: string; paused: boolean }
  | { op: 'closed'; producerId: string };

interface LessonPipeEvents {
  /** The pipe is gone (closed here, or with the lesson's home router). */
  closed: [];
}

/**
 * One lesson's end of the media pipe between this node and one other (a {@link NodePipe} on the
 * lesson's home router). Each end sends and receives: the origin sends the teacher's media to
 * an edge, the edge sends its on-stage classroom's media to the origin. What one end must tell
 * the other (pause, close of what it sends) goes out through `notify`; the signalling layer
 * carries it and hands it to the other end's {@link notice}.
 */
export class LessonPipe extends EventEmitter<LessonPipeEvents> {
  readonly #pipe: NodePipe;
  readonly #media: LessonMedia;
  /** Notices for stand-ins still being produced: a pause or close must not slip past them. */
  readonly #latest = new Map<string, PipeNotice>();

  private constructor(pipe: NodePipe, media: LessonMedia, notify: (notice: PipeNotice) => void) {
    super();
    this.#pipe = pipe;
    this.#media = media;
    pipe.on('producerPaused', (producerId, paused) => notify({ op: 'paused', producerId, paused }));
    pipe.on('producerClosed', (producerId) => notify({ op: 'closed', producerId }));
    pipe.once('closed', () => this.emit('closed'));
  }

  /** Opens this node's end on the lesson's home router; hand {@link local} to the other node. */
  static async open(media: LessonMedia, listen: PipeListen, notify: (notice: PipeNotice) => void): Promise<LessonPipe> {
    const pipe = await NodePipe.open(await media.homeRouter(), listen);
    return new LessonPipe(pipe, media, notify);
  }

  get local(): PipeEndpoint {
    return this.#pipe.local;
  }

  get closed(): boolean {
    return this.#pipe.closed;
  }

  connect(remote: PipeEndpoint): Promise<void> {
    return this.#pipe.connect(remote);
  }

  /**
   * Sends a producer of the lesson (published or adopted here) to the other node. Never back to
   * the node it came from: the same id would meet its own source there.
   */
  async send(producerId: string): Promise<PipedMedia> {
    if (this.#pipe.receivedIds().includes(producerId)) throw new MediaRequestError('conflict', 'that media comes from the asking node');
    const source = this.#media.source(producerId);
    if (!source) throw new MediaRequestError('not_found', 'that media is not published (any more)');
    const piped = await this.#pipe.send(source.producer);
    return { ...piped, media: { ...source.media, paused: piped.paused } };
  }

  /** Whether a producer crosses to the other node now. */
  sends(producerId: string): boolean {
    return this.#pipe.sends(producerId);
  }

  /** Produces what the other node sends as a stand-in here (once; asking again gives the same). */
  async receive(piped: PipedMedia): Promise<types.Producer> {
    const producer = await this.#pipe.receive(piped);
    // A notice that came while it was being produced is applied now.
    const latest = this.#latest.get(piped.producerId);
    this.#latest.delete(piped.producerId);
    if (latest) await this.notice(latest);
    return producer;
  }

  /** The other end's notice about what it sends: the stand-in here follows. */
  async notice(notice: PipeNotice): Promise<void> {
    if (!this.#pipe.receivedIds().includes(notice.producerId)) {
      this.#latest.set(notice.producerId, notice);
      return;
    }
    if (notice.op === 'closed') this.#pipe.stopReceiving(notice.producerId);
    else await this.#pipe.setPaused(notice.producerId, notice.paused);
  }

  /** The stand-ins produced here. */
  receivedIds(): string[] {
    return this.#pipe.receivedIds();
  }

  /** Closes this end: what it sends and the stand-ins it produced. Safe to call twice. */
  close(): void {
    this.#latest.clear();
    this.#pipe.close();
  }
}
