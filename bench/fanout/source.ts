import { spawn, execFileSync } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * The synthetic teacher: real VP8 + Opus, encoded once by ffmpeg into RTP packets (recordSource),
 * then replayed in real time and forever (PacedSource) toward a mediasoup PlainTransport
 * (comedia, rtcpMux), video paced like libwebrtc's pacer, every packet stamped with its send time
 * in the abs-capture-time header extension (NTP Q32.32, the wall clock of this process).
 */

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
const FORMAT_VERSION = 1; // bump when the cache layout or the ffmpeg command changes meaning
const MAGIC = 'LCS1';
const KIND_VIDEO = 0;
const KIND_AUDIO = 1;
const VIDEO_PT = 101;
const AUDIO_PT = 100;
const VIDEO_CLOCK = 90_000;
const AUDIO_CLOCK = 48_000;
const FPS = 30;
const NTP_EPOCH_OFFSET_S = 2_208_988_800; // 1900-01-01 to 1970-01-01

export interface RecordedSource {
  video: Buffer[];
  audio: Buffer[];
  videoPayloadType: number;
  audioPayloadType: number;
  durationSeconds: number;
}

export interface RecordOptions {
  seconds?: number;
  videoKbps?: number;
  keyFrameSeconds?: number;
  /** Frames per second of the test pattern (a wall tile runs at a few). */
  fps?: number;
}

export interface PacedSourceOptions {
  host: string;
  port: number;
  videoSsrc: number;
  audioSsrc: number;
  absCaptureTimeId: number;
  /** Pacing rate as a multiple of the video's average bitrate (libwebrtc: 2.5). */
  pacingFactor?: number;
  /**
   * Debt the pacer may run up before it holds packets back, in ms at the pacing rate
   * (libwebrtc PacingController::kDefaultBurstInterval = 40 ms, the default here: at 1.2 Mbit/s
   * x 2.5 that is 15 kB, so a whole frame usually leaves at once and only bigger queues are
   * spread). 0 gives the older strict IntervalBudget: pacingFactor x bitrate x 5 ms per 5 ms.
   */
  burstMs?: number;
  cpuAffinity?: never;
  /** Sends the video only (a classroom's silent wall picture): no audio packets at all. */
  videoOnly?: boolean;
}

export interface PacedSourceStats {
  videoPackets: number;
  audioPackets: number;
  bytes: number;
  keyFrames: number;
  loops: number;
  /** Sends the socket refused (e.g. ICMP port unreachable before the transport listens). */
  sendErrors: number;
}

// ---------------------------------------------------------------------------------------------
// RTP helpers

function log(message: string): void {
  process.stderr.write(`[source] ${message}\n`);
}

/** Offset of the payload: fixed header, CSRCs, header extension. */
function payloadOffset(packet: Buffer): number {
  const cc = packet[0]! & 0x0f;
  let offset = 12 + 4 * cc;
  if (packet[0]! & 0x10) offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  return offset;
}

/** RTCP shares the port when multiplexed (RFC 5761): packet types 200-207 in the second byte. */
function isRtcp(packet: Buffer): boolean {
  return packet.length >= 2 && packet[1]! >= 200 && packet[1]! <= 207;
}

/** First packet of a VP8 key frame (RFC 7741 payload descriptor, then the VP8 payload header). */
export function isVp8KeyFrameStart(packet: Buffer): boolean {
  let i = payloadOffset(packet);
  const end = packet.length - (packet[0]! & 0x20 ? packet[packet.length - 1]! : 0);
  if (i >= end) return false;
  const b0 = packet[i++]!;
  const start = (b0 & 0x10) !== 0;
  const partition = b0 & 0x07;
  if (b0 & 0x80) {
    if (i >= end) return false;
    const b1 = packet[i++]!;
    if (b1 & 0x80) { // I: picture id, 15 bits when M is set
      if (i >= end) return false;
      i += packet[i]! & 0x80 ? 2 : 1;
    }
    if (b1 & 0x40) i += 1; // L: TL0PICIDX
    if (b1 & 0x30) i += 1; // T or K: TID/Y/KEYIDX
  }
  if (i >= end) return false;
  return start && partition === 0 && (packet[i]! & 0x01) === 0;
}

/**
 * Copy of `packet` with a one-byte-header (RFC 8285, 0xBEDE) extension element `id` of 8 bytes
 * (abs-capture-time without the clock offset), replacing an element of the same id. Returns the
 * buffer and where the 8 NTP bytes go.
 */
function withAbsCaptureTime(packet: Buffer, id: number): { buffer: Buffer; ntpOffset: number } {
  if (!Number.isInteger(id) || id < 1 || id > 14) throw new Error(`abs-capture-time id ${id} is not a one-byte header id (1-14)`);
  const cc = packet[0]! & 0x0f;
  const fixed = 12 + 4 * cc;
  const elements: Buffer[] = [];
  let payloadStart = fixed;
  if (packet[0]! & 0x10) {
    const profile = packet.readUInt16BE(fixed);
    const words = packet.readUInt16BE(fixed + 2);
    payloadStart = fixed + 4 + 4 * words;
    if (profile !== 0xbede) throw new Error(`RTP header extension profile 0x${profile.toString(16)} is not supported`);
    let i = fixed + 4;
    while (i < payloadStart) {
      const b = packet[i]!;
      if (b === 0) { i++; continue; } // padding
      const elementId = b >> 4;
      if (elementId === 15) break;
      const length = (b & 0x0f) + 1;
      if (elementId !== id) elements.push(packet.subarray(i, i + 1 + length));
      i += 1 + length;
    }
  }
  const own = Buffer.alloc(9);
  own[0] = (id << 4) | 7;
  elements.push(own);
  const elementBytes = elements.reduce((sum, e) => sum + e.length, 0);
  const extWords = Math.ceil(elementBytes / 4);
  const payload = packet.subarray(payloadStart);
  const buffer = Buffer.alloc(fixed + 4 + extWords * 4 + payload.length);
  packet.copy(buffer, 0, 0, fixed);
  buffer[0] = buffer[0]! | 0x10;
  buffer.writeUInt16BE(0xbede, fixed);
  buffer.writeUInt16BE(extWords, fixed + 2);
  let o = fixed + 4;
  for (const e of elements) { e.copy(buffer, o); o += e.length; }
  const ntpOffset = o - 8;
  payload.copy(buffer, fixed + 4 + extWords * 4);
  return { buffer, ntpOffset };
}

/** Now (performance.timeOrigin + performance.now()) as NTP Q32.32, written big-endian at `offset`. */
function writeNtpNow(buffer: Buffer, offset: number): void {
  const ms = performance.timeOrigin + performance.now();
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms - seconds * 1000) / 1000) * 0x1_0000_0000);
  buffer.writeUInt32BE((seconds + NTP_EPOCH_OFFSET_S) >>> 0, offset);
  buffer.writeUInt32BE(Math.min(fraction, 0xffff_ffff), offset + 4);
}

// ---------------------------------------------------------------------------------------------
// Recording

function ffmpegVersion(): string {
  return execFileSync(FFMPEG, ['-hide_banner', '-version'], { encoding: 'utf8' }).split('\n')[0] ?? 'unknown';
}

function ffmpegArgs(seconds: number, videoKbps: number, keyFrameSeconds: number, videoPort: number, audioPort: number, fps = FPS): string[] {
  const kbps = `${videoKbps}k`;
  const gop = String(Math.round(fps * keyFrameSeconds));
  const rtp = (port: number) => `rtp://127.0.0.1:${port}?pkt_size=1200&rtcpport=${port}`;
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${fps}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${AUDIO_CLOCK}`,
    '-map', '0:v', '-t', String(seconds), '-pix_fmt', 'yuv420p',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8',
    '-b:v', kbps, '-minrate', kbps, '-maxrate', kbps, '-bufsize', kbps,
    '-g', gop, '-keyint_min', gop, '-error-resilient', '1', '-auto-alt-ref', '0', '-lag-in-frames', '0',
    '-rtpflags', 'skip_rtcp', '-ssrc', '1111', '-payload_type', String(VIDEO_PT), '-f', 'rtp', rtp(videoPort),
    '-map', '1:a', '-t', String(seconds),
    '-c:a', 'libopus', '-ac', '2', '-b:a', '32k', '-application', 'voip', '-frame_duration', '20',
    '-rtpflags', 'skip_rtcp', '-ssrc', '2222', '-payload_type', String(AUDIO_PT), '-f', 'rtp', rtp(audioPort),
  ];
}

function bindReceiver(packets: Buffer[], payloadType: number, onPacket: () => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    socket.on('error', reject);
    socket.on('message', (message) => {
      if (isRtcp(message) || (message[1]! & 0x7f) !== payloadType) return;
      packets.push(Buffer.from(message));
      onPacket();
    });
    socket.bind(0, '127.0.0.1', () => resolve(socket));
  });
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}

function seqGaps(packets: Buffer[]): number {
  let gaps = 0;
  for (let i = 1; i < packets.length; i++) {
    if (((packets[i - 1]!.readUInt16BE(2) + 1) & 0xffff) !== packets[i]!.readUInt16BE(2)) gaps++;
  }
  return gaps;
}

async function encode(seconds: number, videoKbps: number, keyFrameSeconds: number, fps: number): Promise<{ video: Buffer[]; audio: Buffer[]; args: string[] }> {
  const video: Buffer[] = [];
  const audio: Buffer[] = [];
  let lastPacket = performance.now();
  const touch = (): void => { lastPacket = performance.now(); };
  const videoSocket = await bindReceiver(video, VIDEO_PT, touch);
  const audioSocket = await bindReceiver(audio, AUDIO_PT, touch);
  const args = ffmpegArgs(seconds, videoKbps, keyFrameSeconds, videoSocket.address().port, audioSocket.address().port, fps);
  try {
    const child = spawn(FFMPEG, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`);
    // Everything has been sent; let the sockets drain what the kernel still holds.
    while (performance.now() - lastPacket < 200) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await Promise.all([closeSocket(videoSocket), closeSocket(audioSocket)]);
  }
  return { video, audio, args };
}

function serialize(source: RecordedSource): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(4 + 2 + 8);
  header.write(MAGIC, 0, 'latin1');
  header[4] = source.videoPayloadType;
  header[5] = source.audioPayloadType;
  header.writeDoubleBE(source.durationSeconds, 6);
  parts.push(header);
  const add = (kind: number, packet: Buffer): void => {
    const prefix = Buffer.alloc(3);
    prefix[0] = kind;
    prefix.writeUInt16BE(packet.length, 1);
    parts.push(prefix, packet);
  };
  for (const p of source.video) add(KIND_VIDEO, p);
  for (const p of source.audio) add(KIND_AUDIO, p);
  return Buffer.concat(parts);
}

function deserialize(data: Buffer): RecordedSource {
  if (data.length < 14 || data.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a recorded source');
  const source: RecordedSource = {
    video: [], audio: [], videoPayloadType: data[4]!, audioPayloadType: data[5]!, durationSeconds: data.readDoubleBE(6),
  };
  let i = 14;
  while (i < data.length) {
    if (i + 3 > data.length) throw new Error('truncated recorded source');
    const kind = data[i]!;
    const length = data.readUInt16BE(i + 1);
    i += 3;
    if (i + length > data.length) throw new Error('truncated recorded source');
    const packet = Buffer.from(data.subarray(i, i + length));
    i += length;
    if (kind === KIND_VIDEO) source.video.push(packet);
    else if (kind === KIND_AUDIO) source.audio.push(packet);
    else throw new Error(`unknown packet kind ${kind}`);
  }
  return source;
}

/** Timestamp of `packet` relative to `base`, in clock ticks, modulo 2^32. */
function tsOffset(packet: Buffer, base: number): number {
  return (packet.readUInt32BE(4) - base) >>> 0;
}

function describe(source: RecordedSource): string {
  const videoBytes = source.video.reduce((sum, p) => sum + p.length, 0);
  const keyFrames = source.video.filter(isVp8KeyFrameStart).length;
  const frames = new Set(source.video.map((p) => p.readUInt32BE(4))).size;
  const kbps = (videoBytes * 8) / source.durationSeconds / 1000;
  return `${source.durationSeconds} s: video ${frames} frames, ${source.video.length} packets, ` +
    `${keyFrames} key frames, average ${kbps.toFixed(0)} kbit/s; audio ${source.audio.length} packets`;
}

/** Checks a recording and trims it to whole loops of `seconds`. */
function validate(video: Buffer[], audio: Buffer[], seconds: number): RecordedSource {
  if (video.length === 0 || audio.length === 0) throw new Error(`ffmpeg produced ${video.length} video and ${audio.length} audio packets`);
  const videoGaps = seqGaps(video);
  const audioGaps = seqGaps(audio);
  if (videoGaps || audioGaps) throw new Error(`lost packets while recording (${videoGaps} video, ${audioGaps} audio sequence gaps)`);
  if (!isVp8KeyFrameStart(video[0]!)) throw new Error('the VP8 stream does not start with a key frame');
  // One loop is exactly `seconds` on both clocks; drop anything ffmpeg put past it.
  const v0 = video[0]!.readUInt32BE(4);
  const a0 = audio[0]!.readUInt32BE(4);
  const videoSpan = Math.round(seconds * VIDEO_CLOCK);
  const audioSpan = Math.round(seconds * AUDIO_CLOCK);
  const videoKept = video.filter((p) => tsOffset(p, v0) < videoSpan);
  const audioKept = audio.filter((p) => tsOffset(p, a0) < audioSpan);
  // Never cut a frame in two: keep whole timestamps only (the filter keeps or drops whole frames).
  return { video: videoKept, audio: audioKept, videoPayloadType: VIDEO_PT, audioPayloadType: AUDIO_PT, durationSeconds: seconds };
}

/**
 * Encodes `seconds` of a moving test pattern (VP8) and a 440 Hz tone (Opus) into RTP packets,
 * once: the result is cached under ~/.cache/live-classroom/bench, keyed by the options, the
 * ffmpeg version and the command.
 */
export async function recordSource(options: RecordOptions = {}): Promise<RecordedSource> {
  const seconds = options.seconds ?? 20;
  const videoKbps = options.videoKbps ?? 1200;
  const keyFrameSeconds = options.keyFrameSeconds ?? 4;
  const fps = options.fps ?? FPS;
  if (!(seconds > 0) || !(videoKbps > 0) || !(keyFrameSeconds > 0)) throw new Error('recordSource: options must be positive');
  const version = ffmpegVersion();
  const key = createHash('sha256')
    .update(JSON.stringify({ FORMAT_VERSION, seconds, videoKbps, keyFrameSeconds, version, args: ffmpegArgs(seconds, videoKbps, keyFrameSeconds, 0, 0, fps) }))
    .digest('hex').slice(0, 16);
  const dir = join(homedir(), '.cache', 'live-classroom', 'bench');
  const file = join(dir, `source-${key}.bin`);
  if (existsSync(file)) {
    try {
      const source = deserialize(readFileSync(file));
      log(`cached ${describe(source)} (${file})`);
      return source;
    } catch (error) {
      log(`ignoring unreadable cache ${file}: ${(error as Error).message}`);
    }
  }
  log(`encoding ${seconds} s of VP8 ${videoKbps} kbit/s + Opus with ${FFMPEG} ...`);
  let source: RecordedSource | undefined;
  for (let attempt = 1; !source; attempt++) {
    const { video, audio } = await encode(seconds, videoKbps, keyFrameSeconds, fps);
    try {
      source = validate(video, audio, seconds);
    } catch (error) {
      if (attempt >= 3) throw error;
      log(`retrying: ${(error as Error).message}`);
    }
  }
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, serialize(source));
  renameSync(tmp, file);
  log(`encoded ${describe(source)} (${file})`);
  return source;
}

// ---------------------------------------------------------------------------------------------
// Replay

interface Prepared {
  buffer: Buffer;
  ntpOffset: number;
}

interface VideoFrame {
  /** Release time within the loop, ms. */
  at: number;
  /** RTP timestamp offset from the loop's first frame. */
  ts: number;
  key: boolean;
  packets: Prepared[];
}

interface AudioPacket {
  at: number;
  ts: number;
  packet: Prepared;
}

const PACER_INTERVAL_MS = 5;
const MAX_LAG_MS = 1000;

/**
 * Replays a RecordedSource in real time, looping forever, from one UDP socket. Video frames are
 * released whole at their RTP time and paced out (budget pacingFactor x the video's average
 * bitrate, processed every 5 ms); audio goes out as soon as it is due. Each packet is stamped
 * with abs-capture-time = its send time just before it is handed to the socket.
 */
export class PacedSource {
  readonly #host: string;
  readonly #port: number;
  readonly #videoSsrc: number;
  readonly #audioSsrc: number;
  readonly #frames: VideoFrame[];
  readonly #audio: AudioPacket[];
  readonly #loopMs: number;
  readonly #videoSpan: number;
  readonly #audioSpan: number;
  /** Pacing rate in bytes per ms, and the debt below which packets may leave. */
  readonly #pacingRate: number;
  readonly #burstBytes: number;
  readonly #videoOnly: boolean;
  #socket: Socket | undefined;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #running = false;

  #startAt = 0;
  #videoIndex = 0;
  #videoLoop = 0;
  #audioIndex = 0;
  #audioLoop = 0;
  #videoSeq = randomInt(0, 0x10000);
  #audioSeq = randomInt(0, 0x10000);
  readonly #videoTsBase = randomInt(0, 0x1_0000_0000 - 1);
  readonly #audioTsBase = randomInt(0, 0x1_0000_0000 - 1);

  #queue: Prepared[] = [];
  #queueHead = 0;
  #debt = 0;
  #lastPacerRun = 0;
  #nextPacerRun = Infinity;

  readonly #counters: PacedSourceStats = { videoPackets: 0, audioPackets: 0, bytes: 0, keyFrames: 0, loops: 0, sendErrors: 0 };

  constructor(source: RecordedSource, options: PacedSourceOptions) {
    this.#host = options.host;
    this.#port = options.port;
    this.#videoSsrc = options.videoSsrc >>> 0;
    this.#audioSsrc = options.audioSsrc >>> 0;
    this.#videoOnly = options.videoOnly ?? false;
    this.#loopMs = source.durationSeconds * 1000;
    this.#videoSpan = Math.round(source.durationSeconds * VIDEO_CLOCK);
    this.#audioSpan = Math.round(source.durationSeconds * AUDIO_CLOCK);
    if (source.video.length === 0 || source.audio.length === 0) throw new Error('PacedSource: empty source');

    const v0 = source.video[0]!.readUInt32BE(4);
    this.#frames = [];
    for (const packet of source.video) {
      const ts = tsOffset(packet, v0);
      if (ts >= this.#videoSpan) throw new Error('PacedSource: video packet past the loop duration');
      let frame = this.#frames[this.#frames.length - 1];
      if (!frame || frame.ts !== ts) {
        frame = { at: (ts * 1000) / VIDEO_CLOCK, ts, key: isVp8KeyFrameStart(packet), packets: [] };
        this.#frames.push(frame);
      }
      frame.packets.push(withAbsCaptureTime(packet, options.absCaptureTimeId));
    }
    const a0 = source.audio[0]!.readUInt32BE(4);
    this.#audio = source.audio.map((packet) => {
      const ts = tsOffset(packet, a0);
      if (ts >= this.#audioSpan) throw new Error('PacedSource: audio packet past the loop duration');
      return { at: (ts * 1000) / AUDIO_CLOCK, ts, packet: withAbsCaptureTime(packet, options.absCaptureTimeId) };
    });

    const videoBytes = this.#frames.reduce((sum, f) => sum + f.packets.reduce((s, p) => s + p.buffer.length, 0), 0);
    this.#pacingRate = ((options.pacingFactor ?? 2.5) * videoBytes) / this.#loopMs;
    // Packets leave while the debt is below this: at least one 5 ms interval's budget (libwebrtc's
    // IntervalBudget), or the burst allowance when larger (its PacingController send_burst_interval).
    this.#burstBytes = this.#pacingRate * Math.max(options.burstMs ?? 40, PACER_INTERVAL_MS);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const socket = createSocket(isIPv6(this.#host) ? 'udp6' : 'udp4');
    this.#socket = socket;
    socket.on('error', (error) => log(`socket error: ${error.message}`));
    // Connected, so that send() needs no address lookup and leaves at once (the stamp is fresh).
    socket.connect(this.#port, this.#host, () => {
      if (!this.#running || this.#socket !== socket) return;
      this.#startAt = performance.now();
      this.#lastPacerRun = this.#startAt;
      this.#tick();
    });
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await closeSocket(socket);
  }

  stats(): PacedSourceStats {
    return { ...this.#counters };
  }

  /** Pacing rate in bit/s (for logs). */
  get pacingBitrate(): number {
    return this.#pacingRate * 8000;
  }

  #nextVideoAt(): number {
    return this.#startAt + this.#videoLoop * this.#loopMs + this.#frames[this.#videoIndex]!.at;
  }

  #nextAudioAt(): number {
    if (this.#videoOnly) return Infinity;
    return this.#startAt + this.#audioLoop * this.#loopMs + this.#audio[this.#audioIndex]!.at;
  }

  #send(prepared: Prepared): void {
    writeNtpNow(prepared.buffer, prepared.ntpOffset);
    this.#counters.bytes += prepared.buffer.length;
    // A refused send (nothing listening yet) is not fatal: the next packets try again.
    this.#socket!.send(prepared.buffer, (error) => { if (error) this.#counters.sendErrors++; });
  }

  #sendAudio(): void {
    const entry = this.#audio[this.#audioIndex]!;
    const buffer = entry.packet.buffer;
    buffer.writeUInt16BE(this.#audioSeq, 2);
    this.#audioSeq = (this.#audioSeq + 1) & 0xffff;
    buffer.writeUInt32BE((this.#audioTsBase + this.#audioLoop * this.#audioSpan + entry.ts) >>> 0, 4);
    buffer.writeUInt32BE(this.#audioSsrc, 8);
    this.#send(entry.packet);
    this.#counters.audioPackets++;
    if (++this.#audioIndex === this.#audio.length) {
      this.#audioIndex = 0;
      this.#audioLoop++;
    }
  }

  #releaseFrame(): void {
    const frame = this.#frames[this.#videoIndex]!;
    const ts = (this.#videoTsBase + this.#videoLoop * this.#videoSpan + frame.ts) >>> 0;
    for (const p of frame.packets) {
      p.buffer.writeUInt16BE(this.#videoSeq, 2);
      this.#videoSeq = (this.#videoSeq + 1) & 0xffff;
      p.buffer.writeUInt32BE(ts, 4);
      p.buffer.writeUInt32BE(this.#videoSsrc, 8);
      this.#queue.push(p);
    }
    if (frame.key) this.#counters.keyFrames++;
    if (++this.#videoIndex === this.#frames.length) {
      this.#videoIndex = 0;
      this.#videoLoop++;
      this.#counters.loops = this.#videoLoop;
    }
  }

  /** libwebrtc-like pacer: the debt drains at the pacing rate; send while it is within the burst allowance. */
  #runPacer(now: number): void {
    this.#debt = Math.max(0, this.#debt - this.#pacingRate * (now - this.#lastPacerRun));
    this.#lastPacerRun = now;
    while (this.#queueHead < this.#queue.length && this.#debt < this.#burstBytes) {
      const packet = this.#queue[this.#queueHead++]!;
      this.#send(packet);
      this.#counters.videoPackets++;
      this.#debt += packet.buffer.length;
    }
    if (this.#queueHead === this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
      this.#nextPacerRun = Infinity;
    } else {
      this.#nextPacerRun = now + PACER_INTERVAL_MS;
    }
  }

  readonly #tick = (): void => {
    this.#timer = undefined;
    this.#immediate = undefined;
    if (!this.#running) return;
    let now = performance.now();
    // After a stall (suspended process, long GC) skip ahead instead of bursting the backlog.
    const due = Math.min(this.#nextVideoAt(), this.#nextAudioAt());
    if (now - due > MAX_LAG_MS) {
      this.#startAt += now - due;
      log(`stalled ${(now - due).toFixed(0)} ms; skipping ahead`);
    }
    while (this.#nextAudioAt() <= now) this.#sendAudio();
    let released = false;
    while (this.#nextVideoAt() <= now) {
      this.#releaseFrame();
      released = true;
    }
    // A frame arriving at an idle pacer is processed at once (libwebrtc's dynamic mode does too).
    if ((released && this.#nextPacerRun === Infinity) || this.#nextPacerRun <= now) this.#runPacer(now);
    now = performance.now();
    const next = Math.min(this.#nextAudioAt(), this.#nextVideoAt(), this.#nextPacerRun);
    const delay = next - now;
    // Timers have 1 ms resolution: round up (at most ~1 ms late) rather than wake early and spin.
    if (delay <= 0) this.#immediate = setImmediate(this.#tick);
    else this.#timer = setTimeout(this.#tick, Math.ceil(delay));
  };
}
