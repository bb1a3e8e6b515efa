import type { types } from 'mediasoup';
import type { SimulcastLayerWatch } from './SimulcastLayerWatch.ts';

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
 * begins with a picture. Closing it closes both. A simulcast camera comes with its lesson's
 * SimulcastLayerWatch: when the sender stops the top layer the tap takes the next one at once,
 * rather than record nothing until mediasoup's inactivity check notices, about 1.5 s later.
 */
export class RecordingTap {
  readonly #transport: types.PlainTransport;
  readonly #consumer: types.Consumer;

  /** `layers`: the watch of a simulcast producer's layers, if it is one. */
  static async create(
    router: types.Router, producerId: string, listenIp: string, target: TapTarget, layers?: SimulcastLayerWatch,
  ): Promise<RecordingTap> {
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: listenIp }, rtcpMux: false, comedia: false, appData: { recording: true },
    });
    try {
      await transport.connect({ ip: target.ip, port: target.port, rtcpPort: target.rtcpPort });
      const consumer = await transport.consume({
        producerId, rtpCapabilities: recorderCapabilities(router.rtpCapabilities), paused: true,
        // The top simulcast layer the sender sends (mediasoup takes the best one it has).
        preferredLayers: { spatialLayer: layers?.allowedLayer ?? 2, temporalLayer: 2 },
        // No RTX stream: the recorder never asks for a packet again.
        enableRtx: false,
      });
      return new RecordingTap(transport, consumer, layers);
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  private constructor(transport: types.PlainTransport, consumer: types.Consumer, layers: SimulcastLayerWatch | undefined) {
    this.#transport = transport;
    this.#consumer = consumer;
    if (layers) {
      const prefer = (spatialLayer: number) => this.#prefer(spatialLayer);
      layers.on('change', prefer);
      transport.observer.once('close', () => layers.off('change', prefer));
    }
  }

  get kind(): types.MediaKind {
    return this.#consumer.kind;
  }

  /** What the recorder's SDP must say: codec, payload type, clock rate. */
  get rtpParameters(): types.RtpParameters {
    return this.#consumer.rtpParameters;
  }

  /** The spatial layer being forwarded now (undefined: none yet, or not simulcast). */
  get spatialLayer(): number | undefined {
    return this.#consumer.currentLayers?.spatialLayer;
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

  #prefer(spatialLayer: number): void {
    if (this.#consumer.closed) return;
    // A refusal means it closed meanwhile: nothing left to switch.
    this.#consumer.setPreferredLayers({ spatialLayer, temporalLayer: 2 }).catch(() => undefined);
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
