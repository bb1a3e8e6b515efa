import type { types } from 'mediasoup-client';
import type { MediaSource, ProducerInfo } from '@classroom/shared';
import { addRemoteTrack, removeRemoteTrack, classroomStore } from '../store/index.ts';
import type { MediaSession } from './media.ts';
import { Serial } from './serial.ts';
import { request } from './socket.ts';
import { log } from './util.ts';

const MAX_CONSUME_ATTEMPTS = 3;
const CONSUME_RETRY_DELAY_MS = 2_000;

/**
 * Consumes the lesson's producers on the receive transport. The server is asked for all of them
 * at once (the teacher's camera and microphone in one round trip); they are added to the
 * transport one at a time, in the order asked, as each is an SDP renegotiation. A producer is
 * consumed at most once.
 */
export class Receiver {
  readonly #media: MediaSession;
  readonly #accept: (producer: ProducerInfo) => boolean;
  /** Producers asked for and not closed since: the duplicate filter. */
  readonly #wanted = new Set<string>();
  readonly #consumers = new Map<string, types.Consumer>();
  readonly #retryTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly #serial = new Serial();
  #closed = false;

  constructor(media: MediaSession, accept: (producer: ProducerInfo) => boolean) {
    this.#media = media;
    this.#accept = accept;
  }

  get consumers(): types.Consumer[] {
    return [...this.#consumers.values()];
  }

  /** The consumer of one of the teacher's sources, for stats. */
  teacherConsumer(source: MediaSource): types.Consumer | undefined {
    return this.consumers.find((c) => c.appData['source'] === source && c.appData['ownerKind'] === 'teacher');
  }

  add(producer: ProducerInfo, attempt = 1): void {
    if (this.#closed || !this.#accept(producer) || this.#wanted.has(producer.producerId)) return;
    this.#wanted.add(producer.producerId);
    this.#consume(producer).catch((error: unknown) => this.#failed(producer, attempt, error));
  }

  closeProducer(producerId: string): void {
    this.#wanted.delete(producerId);
    for (const consumer of this.#consumers.values()) {
      if (consumer.producerId === producerId) this.#forget(consumer);
    }
  }

  /** Stops receiving every producer not in `producerIds` (closed while this page was away). */
  retain(producerIds: ReadonlySet<string>): void {
    for (const producerId of [...this.#wanted]) {
      if (!producerIds.has(producerId)) this.closeProducer(producerId);
    }
  }

  closeConsumer(consumerId: string): void {
    const consumer = this.#consumers.get(consumerId);
    if (!consumer) return;
    this.#wanted.delete(consumer.producerId);
    this.#forget(consumer);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    for (const consumer of this.#consumers.values()) this.#forget(consumer);
    this.#wanted.clear();
  }

  async #consume(producer: ProducerInfo): Promise<void> {
    if (this.#closed || !this.#wanted.has(producer.producerId)) return;
    const transport = await this.#media.transport('recv');
    // Nothing reaches a transport that has not connected yet: the server may resume the consumer
    // at once (mediasoup asks for a key frame when the link comes up), a round trip less before
    // the first frame. On a link already up, packets could beat our consumer: it waits paused.
    const resumed = transport.connectionState === 'new';
    const asked = request('media:consume', {
      producerId: producer.producerId,
      rtpCapabilities: this.#media.device.recvRtpCapabilities,
      resume: resumed,
    });
    asked.catch(() => undefined); // seen below, maybe after a consume queued before it
    const { answer: options, consumer } = await this.#serial.run(async () => {
      const answer = await asked;
      return { answer, consumer: await transport.consume({
        id: answer.consumerId,
        producerId: answer.producerId,
        kind: answer.kind,
        rtpParameters: answer.rtpParameters as types.RtpParameters,
        appData: { source: answer.source, ownerKind: answer.owner.kind },
      }) };
    });
    // The producer may have closed while we waited for the server.
    if (this.#closed || !this.#wanted.has(producer.producerId)) {
      consumer.close();
      return;
    }
    this.#consumers.set(consumer.id, consumer);
    consumer.on('transportclose', () => this.#forget(consumer));
    consumer.on('trackended', () => this.#forget(consumer));
    addRemoteTrack({
      consumerId: consumer.id,
      producerId: options.producerId,
      kind: options.kind,
      source: options.source,
      owner: options.owner,
      track: consumer.track,
    });
    // Otherwise the server made it paused, so that no packet is lost before we listen.
    if (!resumed) await request('media:resumeConsumer', { consumerId: consumer.id });
  }

  #failed(producer: ProducerInfo, attempt: number, error: unknown): void {
    // Drop a half-made consumer too (resume failed), so that a retry starts clean.
    this.closeProducer(producer.producerId);
    log('warn', 'consume failed', { producerId: producer.producerId, attempt, error });
    if (this.#closed || attempt >= MAX_CONSUME_ATTEMPTS) return;
    const timer = setTimeout(() => {
      this.#retryTimers.delete(timer);
      // Only retry what the lesson still offers.
      const current = classroomStore.getState().producers.find((p) => p.producerId === producer.producerId);
      if (current) this.add(current, attempt + 1);
    }, CONSUME_RETRY_DELAY_MS * attempt);
    this.#retryTimers.add(timer);
  }

  #forget(consumer: types.Consumer): void {
    if (!this.#consumers.delete(consumer.id)) return;
    consumer.close();
    removeRemoteTrack(consumer.id);
  }
}
