import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';

/**
 * One end of a media pipe between two nodes, as the other node needs it to connect: where it
 * listens and its SRTP key. The signalling layer carries it across (mediasoup has no inter-host
 * signalling of its own; the key travels over the nodes' own authenticated channel).
 */
export interface PipeEndpoint {
  ip: string;
  port: number;
  srtpParameters: types.SrtpParameters;
}

/** A producer as it crosses a pipe: enough for the receiving node to produce it under the same id. */
export interface PipedProducer {
  producerId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
  paused: boolean;
  appData: Record<string, unknown>;
}

/** Where a pipe listens: a node's own address for media between nodes (UDP only: mediasoup's pipes are). */
export interface PipeListen {
  ip: string;
  announcedAddress?: string;
  portRange?: { min: number; max: number };
}

interface NodePipeEvents {
  /** Sending side: a producer sent over the pipe was paused or resumed at its source. */
  producerPaused: [producerId: string, paused: boolean];
  /** Sending side: a producer sent over the pipe closed at its source. */
  producerClosed: [producerId: string];
  /** The pipe is gone (closed, or its router or worker closed). */
  closed: [];
}

/**
 * One end of a media pipe between routers on two nodes: what `router.pipeToRouter()` does inside
 * one host, split in two halves that the signalling layer joins (cluster-notes §1). SRTP is on
 * (the worker accepts only AEAD_AES_256_GCM on pipes) and so is RTX: packets lost between nodes
 * are retransmitted, which a pipe inside one host does not need. Every simulcast layer crosses
 * (a pipe consumer forwards all streams), so each classroom on the receiving node still gets the
 * layer its own link carries; key frame requests from there travel back to the source.
 *
 * The sending node calls {@link send} per producer and forwards the pause/close events it emits;
 * the receiving node calls {@link receive}, {@link setPaused} and {@link stopReceiving}.
 */
export class NodePipe extends EventEmitter<NodePipeEvents> {
  readonly #transport: types.PipeTransport;
  /** Sending side: the pipe consumer of each producer (a promise: two asks share one consumer). */
  readonly #sent = new Map<string, Promise<types.Consumer>>();
  /** Receiving side: the producer standing in for each remote one, under the same id. */
  readonly #received = new Map<string, types.Producer>();
  #connected = false;

  private constructor(transport: types.PipeTransport) {
    super();
    this.#transport = transport;
    transport.observer.once('close', () => {
      this.#sent.clear();
      this.#received.clear();
      this.emit('closed');
    });
  }

  /** Opens this node's end on `router`; hand {@link local} to the other node. */
  static async open(router: types.Router, listen: PipeListen): Promise<NodePipe> {
    const transport = await router.createPipeTransport({
      listenInfo: { protocol: 'udp', ip: listen.ip, announcedAddress: listen.announcedAddress, portRange: listen.portRange },
      enableSrtp: true,
      enableRtx: true,
      enableSctp: false,
      appData: { nodePipe: true },
    });
    return new NodePipe(transport);
  }

  get id(): string {
    return this.#transport.id;
  }

  get closed(): boolean {
    return this.#transport.closed;
  }

  /** This end, for the other node's {@link connect}. */
  get local(): PipeEndpoint {
    const { localAddress, localPort } = this.#transport.tuple;
    return { ip: localAddress, port: localPort, srtpParameters: this.#transport.srtpParameters! };
  }

  /** Joins this end to the other node's (once; both ends call it with the other's endpoint). */
  async connect(remote: PipeEndpoint): Promise<void> {
    if (this.#connected) return;
    this.#connected = true;
    await this.#transport.connect({ ip: remote.ip, port: remote.port, srtpParameters: remote.srtpParameters });
  }

  /** Sending side: sends a local producer over the pipe; what the other node needs to receive it. */
  async send(producer: types.Producer): Promise<PipedProducer> {
    let pending = this.#sent.get(producer.id);
    if (!pending) {
      pending = this.#consume(producer);
      this.#sent.set(producer.id, pending);
      // A failed send is forgotten, so that asking again tries again (not a cached failure).
      pending.catch(() => this.#sent.delete(producer.id));
    }
    const consumer = await pending;
    return {
      producerId: producer.id,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: consumer.producerPaused,
      appData: { ...producer.appData },
    };
  }

  /** Sending side: whether a producer crosses this pipe now. */
  sends(producerId: string): boolean {
    return this.#sent.has(producerId);
  }

  /** Sending side: stops sending a producer (nobody on the other node receives it any more). */
  async stopSending(producerId: string): Promise<void> {
    const pending = this.#sent.get(producerId);
    this.#sent.delete(producerId);
    (await pending?.catch(() => undefined))?.close();
  }

  async #consume(producer: types.Producer): Promise<types.Consumer> {
    const consumer = await this.#transport.consume({ producerId: producer.id });
    if (producer.closed) {
      consumer.close();
      throw new Error(`producer ${producer.id} closed while it was being piped`);
    }
    // The observer reports the source's pause as well as the consumer's own (which never happens here).
    consumer.observer.on('pause', () => this.emit('producerPaused', producer.id, true));
    consumer.observer.on('resume', () => this.emit('producerPaused', producer.id, false));
    consumer.observer.once('close', () => {
      // Closed with its producer (or the pipe): the other node must stop its stand-in.
      if (this.#sent.delete(producer.id) || producer.closed) this.emit('producerClosed', producer.id);
    });
    return consumer;
  }

  /** Receiving side: a remote producer, produced here under its own id for local consumers. */
  async receive(piped: PipedProducer): Promise<types.Producer> {
    const existing = this.#received.get(piped.producerId);
    if (existing && !existing.closed) return existing;
    const producer = await this.#transport.produce({
      id: piped.producerId,
      kind: piped.kind,
      rtpParameters: piped.rtpParameters,
      paused: piped.paused,
      appData: { ...piped.appData, piped: true },
    });
    this.#received.set(producer.id, producer);
    producer.observer.once('close', () => {
      if (this.#received.get(producer.id) === producer) this.#received.delete(producer.id);
    });
    return producer;
  }

  /** Receiving side: mirrors the source's pause. */
  async setPaused(producerId: string, paused: boolean): Promise<void> {
    const producer = this.#received.get(producerId);
    if (!producer || producer.closed) return;
    if (paused) await producer.pause();
    else await producer.resume();
  }

  /** Receiving side: the source closed; its stand-in (and every local consumer of it) closes. */
  stopReceiving(producerId: string): void {
    const producer = this.#received.get(producerId);
    this.#received.delete(producerId);
    producer?.close();
  }

  /** Receiving side: the stand-ins produced here. */
  receivedIds(): string[] {
    return [...this.#received.keys()];
  }

  /** Closes this end (its consumers and stand-ins with it). Safe to call twice. */
  close(): void {
    this.#transport.close();
  }
}
