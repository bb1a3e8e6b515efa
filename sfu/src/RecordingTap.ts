import type { types } from 'mediasoup';

/** Where a tap sends one producer's RTP (and RTCP, on the next port: a recorder's SDP input). */
export interface TapTarget {
  ip: string;
  port: number;
  rtcpPort: number;
}

/**
 * One producer copied as plain RTP to a local recorder: a PlainTransport of its own (comedia
 * off: the recorder only listens) and a consumer of the best layer. It starts paused; `start`
 * resumes it and asks the sender for a key frame, once the recorder listens, so that its file
 * begins with a picture. Closing it closes both.
 */
export class RecordingTap {
  readonly #transport: types.PlainTransport;
  readonly #consumer: types.Consumer;

  static async create(router: types.Router, producerId: string, listenIp: string, target: TapTarget): Promise<RecordingTap> {
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: listenIp }, rtcpMux: false, comedia: false, appData: { recording: true },
    });
    try {
      await transport.connect({ ip: target.ip, port: target.port, rtcpPort: target.rtcpPort });
      const consumer = await transport.consume({
        producerId, rtpCapabilities: recorderCapabilities(router.rtpCapabilities), paused: true,
        // The top simulcast layer (mediasoup takes the best one the sender has).
        preferredLayers: { spatialLayer: 2, temporalLayer: 2 },
        // No RTX stream: the recorder never asks for a packet again.
        enableRtx: false,
      });
      return new RecordingTap(transport, consumer);
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  private constructor(transport: types.PlainTransport, consumer: types.Consumer) {
    this.#transport = transport;
    this.#consumer = consumer;
  }

  get kind(): types.MediaKind {
    return this.#consumer.kind;
  }

  /** What the recorder's SDP must say: codec, payload type, clock rate. */
  get rtpParameters(): types.RtpParameters {
    return this.#consumer.rtpParameters;
  }

  get closed(): boolean {
    return this.#transport.closed;
  }

  /** Called when the tap closes by itself: its producer closed, or its router (not on close()). */
  onSourceGone(listener: () => void): void {
    this.#consumer.once('producerclose', listener);
    this.#transport.once('routerclose', listener);
  }

  async start(): Promise<void> {
    await this.#consumer.resume();
    if (this.#consumer.kind === 'video') await this.#consumer.requestKeyFrame();
  }

  async requestKeyFrame(): Promise<void> {
    if (this.#consumer.kind === 'video' && !this.#consumer.closed) await this.#consumer.requestKeyFrame();
  }

  close(): void {
    this.#transport.close();
  }
}

/**
 * What a recorder takes: the router's codecs with key frame requests and NACK only, and no header
 * extension. Without transport-cc or REMB the consumer has no bandwidth estimation, so mediasoup
 * sends it no probation packets (another SSRC on the same port, which ffmpeg takes for its own).
 */
function recorderCapabilities(router: types.RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: (router.codecs ?? []).map((codec) => ({
      ...codec, rtcpFeedback: (codec.rtcpFeedback ?? []).filter((fb) => fb.type === 'nack' || fb.type === 'ccm'),
    })),
    headerExtensions: [],
  };
}
