import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
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
  { width: 960, height: 540, kbps: 1200 },
] as const;

const PAYLOAD_TYPE = 101;
const PROBE_START_BITRATE = 1_500_000;
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
  /** Where the probe clip is encoded once and kept (see ensureProbeClip). */
  clipDir: string;
  ffmpegPath?: string;
  log: MediaLogger;
}

/**
 * A network check's media: a router of its own on a lesson worker, a simulcast VP8 probe stream
 * that ffmpeg sends from a clip into a plain transport (three encodings from one UDP port, as
 * one producer), and one WebRTC transport per path the browser tries. The probe owns all of it:
 * close() ends ffmpeg and the router (and with it every transport, producer and consumer).
 */
export class NetworkProbe {
  readonly #options: NetworkProbeOptions;
  readonly #router: types.Router;
  readonly #transports = new Map<ProbePath, types.WebRtcTransport>();
  #stream: Promise<types.Producer> | undefined;
  #ffmpeg: ChildProcess | undefined;
  readonly #consumers = new Map<ProbePath, types.Consumer>();
  /** The path whose consumer was resumed: the one measured. */
  #measured: ProbePath | undefined;
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
      // Above the top layer: on a link that carries it the check sees it at once (from a lesson's
      // 600 kbit/s start the estimate takes more than the check's 10 s to climb there); on one that
      // does not, the estimate falls within a second or two, as a lesson's does when a link weakens.
      initialAvailableOutgoingBitrate: PROBE_START_BITRATE,
      appData: { probe: true, path },
    });
    this.#transports.set(path, transport);
    return { id: transport.id, iceParameters: transport.iceParameters, iceCandidates: transport.iceCandidates, dtlsParameters: transport.dtlsParameters };
  }

  async connect(path: ProbePath, dtlsParameters: types.DtlsParameters): Promise<void> {
    await this.#transport(path).connect({ dtlsParameters });
  }

  /**
   * The probe stream on that path's transport, paused: a receiving transport connects (ICE, DTLS)
   * only once it has a consumer, and a paused one costs no bandwidth. resume() picks the path
   * that is measured.
   */
  async consume(path: ProbePath, rtpCapabilities: types.RtpCapabilities): Promise<ProbeConsumerParams> {
    if (this.#consumers.has(path)) throw new MediaRequestError('invalid', `the probe stream is already received over ${path}`);
    const transport = this.#transport(path);
    const producer = await this.#startStream();
    if (!this.#router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      throw new MediaRequestError('invalid', 'this browser cannot receive VP8');
    }
    const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities, paused: true });
    this.#consumers.set(path, consumer);
    return { id: consumer.id, producerId: producer.id, kind: consumer.kind, rtpParameters: consumer.rtpParameters };
  }

  /** Sends the probe stream over one path (one at a time: paths would compete for the same link). */
  async resume(path: ProbePath): Promise<void> {
    const consumer = this.#consumers.get(path);
    if (!consumer) throw new MediaRequestError('invalid', `nothing is received over ${path} yet`);
    if (this.#measured !== undefined) throw new MediaRequestError('invalid', `the probe stream is already measured over ${this.#measured}`);
    this.#measured = path;
    await consumer.resume();
  }

  /** The spatial layer the worker sends now on the measured path (0 = lowest), or null when none. */
  currentLayer(): number | null {
    const consumer = this.#measured && this.#consumers.get(this.#measured);
    return consumer?.currentLayers?.spatialLayer ?? null;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ffmpeg?.kill('SIGKILL');
    this.#router.close();
  }

  #transport(path: ProbePath): types.WebRtcTransport {
    const transport = this.#transports.get(path);
    if (!transport) throw new MediaRequestError('invalid', `open the ${path} transport first`);
    return transport;
  }

  /** The probe stream, started once per check (every path's consume asks for it, at once). */
  #startStream(): Promise<types.Producer> {
    this.#stream ??= this.#openStream();
    return this.#stream;
  }

  async #openStream(): Promise<types.Producer> {
    const clip = await ensureProbeClip(this.#options.clipDir, this.#options.ffmpegPath);
    const plain = await this.#router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true, appData: { probe: true },
    });
    const producer = await plain.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: PAYLOAD_TYPE, clockRate: 90000 }],
        encodings: SSRCS.map((ssrc, i) => ({ ssrc, maxBitrate: PROBE_LAYERS[i]!.kbps * 1000 })),
      },
      appData: { probe: true },
    });
    const sourcePort = await freeUdpPort();
    if (this.#closed) throw new MediaRequestError('invalid', 'the check has ended');
    this.#ffmpeg = spawnStream(this.#options, clip, plain.tuple.localPort, sourcePort);
    return producer;
  }
}

/** Named in the clip's files: a change of how it is encoded makes new ones. */
const CLIP_VERSION = 'v1';
const clips = new Map<string, Promise<string[]>>();

/**
 * The probe clip: two seconds of a test picture with noise (so that each layer really fills its
 * bitrate), encoded once per directory at the three layers, constant bitrate, a key frame every
 * second, capped at 3 average frames as a browser's encoder caps it (an uncapped key frame of noise
 * is a burst of ~80 packets that a receiver drops in part: loss that is the probe's, not the link's). Encoding live costs far more than a core on a busy machine (measured: 0.22× real time
 * with two other processes busy), which would starve the stream it measures; a check copies the
 * clip in a loop instead (a few % of a core).
 */
export function ensureProbeClip(dir: string, ffmpegPath = 'ffmpeg'): Promise<string[]> {
  let clip = clips.get(dir);
  if (!clip) {
    clip = encodeClip(dir, ffmpegPath);
    clip.catch(() => clips.delete(dir));
    clips.set(dir, clip);
  }
  return clip;
}

async function encodeClip(dir: string, ffmpegPath: string): Promise<string[]> {
  const files = PROBE_LAYERS.map((l) => join(dir, `probe-${CLIP_VERSION}-${l.width}x${l.height}-${l.kbps}k.ivf`));
  if (files.every((file) => existsSync(file))) return files;
  mkdirSync(dir, { recursive: true });
  const split = PROBE_LAYERS.map((_, i) => `[s${i}]`).join('');
  const scales = PROBE_LAYERS.map((l, i) => `[s${i}]scale=${l.width}:${l.height}[l${i}]`).join(';');
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30,noise=alls=10:allf=t',
    '-filter_complex', `[0:v]split=${PROBE_LAYERS.length}${split};${scales}`,
  ];
  PROBE_LAYERS.forEach((layer, i) => {
    const kbps = `${layer.kbps}k`;
    // -t per output: an option after the input belongs to the next output only.
    args.push('-map', `[l${i}]`, '-t', '2', '-c:v', 'libvpx', '-deadline', 'good', '-cpu-used', '4', '-b:v', kbps,
      '-minrate', kbps, '-maxrate', kbps, '-g', '30', '-auto-alt-ref', '0', '-max-intra-rate', '300', `${files[i]!}.part.ivf`);
  });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { if (stderr.length < 2000) stderr += chunk.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not encode the probe clip (${code}): ${stderr}`))));
  });
  files.forEach((file) => renameSync(`${file}.part.ivf`, file));
  return files;
}

/**
 * ffmpeg sends the clip's three layers in a loop, as read (no encoding), as RTP from one UDP port:
 * a comedia plain transport accepts a single source address, and the three encodings are one
 * simulcast producer. Key frames every second stand in for the key frame requests ffmpeg cannot
 * answer (a layer switch waits ≤ 1 s).
 */
function spawnStream(options: NetworkProbeOptions, clip: string[], targetPort: number, sourcePort: number): ChildProcess {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin'];
  for (const file of clip) args.push('-re', '-stream_loop', '-1', '-i', file);
  clip.forEach((_, i) => {
    args.push('-map', `${i}:v`, '-t', String(options.streamSeconds), '-c', 'copy', '-f', 'rtp', '-ssrc', String(SSRCS[i]),
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
