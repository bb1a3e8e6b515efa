import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { types } from 'mediasoup';
import { ROUTER_MEDIA_CODECS } from './codecs.ts';
import { MediaRequestError } from './errors.ts';
import type { MediaLogger } from './logger.ts';
import type { WorkerSlot } from './WorkerPool.ts';

/** How a classroom may reach the media server: UDP alone, TCP alone, or through the TURN relay. */
export type ProbePath = 'udp' | 'tcp' | 'relay';

/**
 * The probe stream's simulcast layers: the teacher's camera layers (publisher.ts), so that the
 * layer mediasoup's bandwidth estimator settles on is the one a lesson would get on that link.
 */
export const PROBE_LAYERS = [
  { width: 320, height: 180, kbps: 150 },
  { width: 640, height: 360, kbps: 500 },
  { width: 1280, height: 720, kbps: 1200 },
] as const;

const PAYLOAD_TYPE = 101;
const SSRCS = [0x4e430001, 0x4e430002, 0x4e430003];

/** What a browser needs to open one of the probe's transports. */
export interface ProbeTransportParams {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

export interface ProbeConsumerParams {
  id: string;
  producerId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
}

export interface NetworkProbeOptions {
  /** The worker whose WebRtcServer (the RTC port of the configuration) the check reaches. */
  slot: WorkerSlot;
  /** Which protocols that WebRtcServer listens on. */
  enableUdp: boolean;
  enableTcp: boolean;
  /** How long the probe stream runs at most (ffmpeg stops by itself after it). */
  streamSeconds: number;
  ffmpegPath?: string;
  log: MediaLogger;
}

/**
 * A network check's media: a router of its own on a lesson worker, a simulcast VP8 probe stream
 * that ffmpeg generates and sends into a plain transport (three encodings from one UDP port, as
 * one producer), and one WebRTC transport per path the browser tries. The probe owns all of it:
 * close() ends ffmpeg and the router (and with it every transport, producer and consumer).
 */
export class NetworkProbe {
  readonly #options: NetworkProbeOptions;
  readonly #router: types.Router;
  readonly #transports = new Map<ProbePath, types.WebRtcTransport>();
  #producer: types.Producer | undefined;
  #ffmpeg: ChildProcess | undefined;
  #consumer: types.Consumer | undefined;
  #closed = false;

  private constructor(options: NetworkProbeOptions, router: types.Router) {
    this.#options = options;
    this.#router = router;
  }

  static async create(options: NetworkProbeOptions): Promise<NetworkProbe> {
    const router = await options.slot.worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { probe: true } });
    return new NetworkProbe(options, router);
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.#router.rtpCapabilities;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Whether the server listens on this path's protocol at all (the relay reaches it over either). */
  offers(path: ProbePath): boolean {
    if (path === 'udp') return this.#options.enableUdp;
    if (path === 'tcp') return this.#options.enableTcp;
    return true;
  }

  /** A transport restricted to one protocol (the relay's may use either: coturn picks UDP). */
  async openTransport(path: ProbePath): Promise<ProbeTransportParams> {
    if (this.#transports.has(path)) throw new MediaRequestError('invalid', `the ${path} transport is already open`);
    if (!this.offers(path)) throw new MediaRequestError('invalid', `the server does not listen on ${path}`);
    const { slot, enableUdp, enableTcp } = this.#options;
    const transport = await this.#router.createWebRtcTransport({
      webRtcServer: slot.webRtcServer,
      enableUdp: path === 'tcp' ? false : enableUdp,
      enableTcp: path === 'udp' ? false : enableTcp,
      preferUdp: true,
      // As a lesson's transports start (server.ts): the estimate then climbs as a lesson's would.
      initialAvailableOutgoingBitrate: 600_000,
      appData: { probe: true, path },
    });
    this.#transports.set(path, transport);
    return { id: transport.id, iceParameters: transport.iceParameters, iceCandidates: transport.iceCandidates, dtlsParameters: transport.dtlsParameters };
  }

  async connect(path: ProbePath, dtlsParameters: types.DtlsParameters): Promise<void> {
    await this.#transport(path).connect({ dtlsParameters });
  }

  /** The probe stream on that path's transport (one consumer per check; key frames come every second). */
  async consume(path: ProbePath, rtpCapabilities: types.RtpCapabilities): Promise<ProbeConsumerParams> {
    if (this.#consumer) throw new MediaRequestError('invalid', 'the probe stream is already being received');
    const transport = this.#transport(path);
    const producer = await this.#startStream();
    if (!this.#router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      throw new MediaRequestError('invalid', 'this browser cannot receive VP8');
    }
    const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities });
    this.#consumer = consumer;
    return { id: consumer.id, producerId: producer.id, kind: consumer.kind, rtpParameters: consumer.rtpParameters };
  }

  /** The spatial layer the worker sends now (0 = lowest), or null when it sends none. */
  currentLayer(): number | null {
    return this.#consumer?.currentLayers?.spatialLayer ?? null;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ffmpeg?.kill('SIGKILL');
    this.#router.close();
  }

  /** Resolves once ffmpeg has exited (at once when it never ran): for tests that count processes. */
  async exited(): Promise<void> {
    const ffmpeg = this.#ffmpeg;
    if (!ffmpeg || ffmpeg.exitCode !== null || ffmpeg.signalCode !== null) return;
    await new Promise<void>((resolve) => ffmpeg.once('exit', () => resolve()));
  }

  /** The ffmpeg process id while the stream runs (tests check that it is gone after close). */
  get streamPid(): number | undefined {
    return this.#ffmpeg?.pid;
  }

  #transport(path: ProbePath): types.WebRtcTransport {
    const transport = this.#transports.get(path);
    if (!transport) throw new MediaRequestError('invalid', `open the ${path} transport first`);
    return transport;
  }

  async #startStream(): Promise<types.Producer> {
    if (this.#producer) return this.#producer;
    const plain = await this.#router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true, appData: { probe: true },
    });
    this.#producer = await plain.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: PAYLOAD_TYPE, clockRate: 90000 }],
        encodings: SSRCS.map((ssrc, i) => ({ ssrc, maxBitrate: PROBE_LAYERS[i]!.kbps * 1000 })),
      },
      appData: { probe: true },
    });
    const sourcePort = await freeUdpPort();
    if (this.#closed) throw new MediaRequestError('invalid', 'the check has ended');
    this.#ffmpeg = spawnStream(this.#options, plain.tuple.localPort, sourcePort);
    return this.#producer;
  }
}

/**
 * ffmpeg encodes a test picture (with noise, so that each layer really fills its bitrate) at the
 * three layers and sends them as RTP from one UDP port: a comedia plain transport accepts a
 * single source address, and the three encodings are one simulcast producer. Key frames every
 * second stand in for the key frame requests ffmpeg cannot answer (layer switches wait ≤ 1 s).
 */
function spawnStream(options: NetworkProbeOptions, targetPort: number, sourcePort: number): ChildProcess {
  const split = PROBE_LAYERS.map((_, i) => `[s${i}]`).join('');
  const scales = PROBE_LAYERS.map((l, i) => `[s${i}]scale=${l.width}:${l.height}[l${i}]`).join(';');
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30,noise=alls=10:allf=t',
    '-filter_complex', `[0:v]split=${PROBE_LAYERS.length}${split};${scales}`,
  ];
  PROBE_LAYERS.forEach((layer, i) => {
    const kbps = `${layer.kbps}k`;
    // -t per output: an option after the input belongs to the next output only.
    args.push('-map', `[l${i}]`, '-t', String(options.streamSeconds), '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', kbps,
      '-minrate', kbps, '-maxrate', kbps, '-g', '30', '-auto-alt-ref', '0', '-f', 'rtp', '-ssrc', String(SSRCS[i]),
      '-payload_type', String(PAYLOAD_TYPE), `udp://127.0.0.1:${targetPort}?localport=${sourcePort}&reuse=1&pkt_size=1200`);
  });
  const child = spawn(options.ffmpegPath ?? 'ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { if (stderr.length < 2000) stderr += chunk.toString(); });
  child.on('error', (error) => options.log.error({ err: error.message }, 'network check: cannot start ffmpeg'));
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGKILL') options.log.warn({ code, signal, stderr }, 'network check: probe stream stopped');
  });
  return child;
}

/** A free UDP port of this machine for ffmpeg to send from (asked of the system, then released). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
