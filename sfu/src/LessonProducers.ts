import type { types } from 'mediasoup';
import { MediaRequestError } from './errors.ts';
import type { PublishedMedia } from './types.ts';

/**
 * Where the lesson on an edge node gets the producers of its origin node (the cross-node
 * cascade): a producer a local peer asks for is produced on `router` (the home router) as a
 * stand-in under the same id, fed through a pipe from the origin.
 */
export interface RemoteSource {
  pull(producerId: string, router: types.Router): Promise<{ producer: types.Producer; media: PublishedMedia }>;
}

/** Where an adopted producer really is (another node): its pause and close act there. */
export interface RemoteProducer {
  setPaused(paused: boolean): Promise<void>;
  close(): void;
}

interface Entry {
  producer: types.Producer;
  media: PublishedMedia;
  /** Pulled from the origin for local consumers: known only here, never announced. */
  pulled?: true;
  /** Adopted from an edge node: the real producer is there. */
  remote?: RemoteProducer;
}

/** What the registry tells its lesson: the changes every client of the lesson hears about. */
export interface ProducerAnnouncer {
  added(media: PublishedMedia): void;
  /** `media`: what it was (a classroom's wall picture is told of to fewer clients). */
  closed(producerId: string, media: PublishedMedia): void;
  paused(producerId: string, paused: boolean, media: PublishedMedia): void;
}

export interface LessonProducersOptions {
  announce: ProducerAnnouncer;
  /** The home router (every producer of the lesson is there): where stand-ins are produced. */
  homeRouter(): Promise<types.Router>;
  /** Edge node: the origin's producers, pulled when a local peer first asks for one. */
  remote: RemoteSource | undefined;
  isClosed(): boolean;
  /** Every producer the lesson has here (published, adopted or pulled), once, as it comes. */
  added(producer: types.Producer, media: PublishedMedia): void;
}

/**
 * The producers of one lesson: published by its peers, adopted from an edge node (a classroom
 * on stage there), or pulled from the origin node (on an edge). The first two are the lesson's
 * publications; pulled ones serve local consumers only and are never announced (the origin
 * announces them to every node's clients).
 */
export class LessonProducers {
  readonly #entries = new Map<string, Entry>();
  readonly #pulling = new Map<string, Promise<Entry>>();
  readonly #options: LessonProducersOptions;

  constructor(options: LessonProducersOptions) {
    this.#options = options;
  }

  /** Every producer on the home router (a new router of the lesson receives them all). */
  ids(): Iterable<string> {
    return this.#entries.keys();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A producer published here (`remote` unset) or adopted from another node, announced to all. */
  register(producer: types.Producer, media: PublishedMedia, remote?: RemoteProducer): void {
    this.#entries.set(producer.id, { producer, media, remote });
    producer.observer.once('close', () => this.#forget(producer.id));
    producer.observer.on('pause', () => this.#setPaused(producer.id, true));
    producer.observer.on('resume', () => this.#setPaused(producer.id, false));
    this.#options.added(producer, media);
    this.#options.announce.added({ ...media });
  }

  has(producerId: string): boolean {
    return this.#entries.has(producerId);
  }

  /** A producer to consume here: known, or (on an edge) pulled from the origin now. */
  async toConsume(producerId: string): Promise<PublishedMedia> {
    return (this.#entries.get(producerId) ?? await this.#pull(producerId)).media;
  }

  /** A producer published or adopted here (what another node may pull), by id. */
  source(producerId: string): { producer: types.Producer; media: PublishedMedia } | undefined {
    const entry = this.#entries.get(producerId);
    return entry && !entry.pulled && !entry.producer.closed ? { producer: entry.producer, media: { ...entry.media } } : undefined;
  }

  published(): PublishedMedia[] {
    return [...this.#entries.values()].filter((entry) => !entry.pulled).map(({ media }) => ({ ...media }));
  }

  async setPausedOf(publisherId: string, label: string, paused: boolean): Promise<void> {
    for (const { producer, media, pulled, remote } of [...this.#entries.values()]) {
      if (pulled || media.publisherId !== publisherId || media.label !== label || producer.closed) continue;
      // An adopted stand-in follows its real producer (on its node): pausing both here would
      // race with that node's report of an earlier change, and echo it.
      if (remote) await remote.setPaused(paused);
      else if (paused) await producer.pause();
      else await producer.resume();
    }
  }

  /** Only those with one of `labels`, if given. */
  closeProducersOf(publisherId: string, labels?: readonly string[]): number {
    let closed = 0;
    for (const { producer, media, pulled, remote } of [...this.#entries.values()]) {
      if (pulled || media.publisherId !== publisherId || (labels && !labels.includes(media.label))) continue;
      producer.close();
      this.#forget(producer.id);
      remote?.close();
      closed += 1;
    }
    return closed;
  }

  /** Edge node: the origin stopped feeding the lesson; its stand-ins close (local consumers hear it). */
  dropPulled(): void {
    for (const [producerId, entry] of [...this.#entries]) {
      if (!entry.pulled) continue;
      this.#entries.delete(producerId);
      entry.producer.close();
    }
  }

  /** Forgets every producer without a word (they went with their router, or the lesson closed). */
  clear(): void {
    this.#entries.clear();
  }

  /** Edge node: an origin's producer, made a stand-in on the home router once (concurrent asks share it). */
  #pull(producerId: string): Promise<Entry> {
    const { remote, homeRouter, isClosed } = this.#options;
    if (!remote) return Promise.reject(new MediaRequestError('not_found', 'that media is not published (any more)'));
    let pending = this.#pulling.get(producerId);
    if (!pending) {
      pending = (async () => {
        const { producer, media } = await remote.pull(producerId, await homeRouter());
        if (isClosed() || producer.closed) throw new MediaRequestError('not_found', 'that media is not published (any more)');
        const entry: Entry = { producer, media: { ...media, paused: producer.paused }, pulled: true };
        this.#entries.set(producer.id, entry);
        // Mirrored for the local peers' sake only: the origin announces it, this node does not.
        producer.observer.once('close', () => {
          if (this.#entries.get(producerId) === entry) this.#entries.delete(producerId);
        });
        producer.observer.on('pause', () => { entry.media.paused = true; });
        producer.observer.on('resume', () => { entry.media.paused = false; });
        this.#options.added(producer, entry.media);
        return entry;
      })().finally(() => this.#pulling.delete(producerId));
      this.#pulling.set(producerId, pending);
    }
    return pending;
  }

  #forget(producerId: string): void {
    const entry = this.#entries.get(producerId);
    if (entry && this.#entries.delete(producerId)) this.#options.announce.closed(producerId, { ...entry.media });
  }

  #setPaused(producerId: string, paused: boolean): void {
    const entry = this.#entries.get(producerId);
    if (!entry || entry.media.paused === paused) return;
    entry.media.paused = paused;
    this.#options.announce.paused(producerId, paused, { ...entry.media });
  }
}
