import { createSocket, type Socket } from 'node:dgram';
import type { types } from 'mediasoup';
import { onTestFinished } from 'vitest';
import { INGEST_ABS_CAPTURE_TIME_ID, PRODUCER_PARAMETERS } from '../../bench/fanout/media.ts';
import { PacedSource, recordSource } from '../../bench/fanout/source.ts';

// A simulcast camera of three layers without a browser: the same VP8 replayed on three SSRCs (a
// key frame every 0.25 s, as a browser answering a key frame request would send) through a relay
// that can silence a layer, as Chromium does when its uplink or CPU runs short.

export const LAYER_SSRCS = [3001, 3002, 3003] as const;
const NTP_EPOCH_OFFSET_S = 2_208_988_800;

/** What a browser's simulcast camera declares: VP8, one SSRC per layer. */
export const SIMULCAST_CAMERA: types.RtpParameters = { ...PRODUCER_PARAMETERS.video, encodings: LAYER_SSRCS.map((ssrc) => ({ ssrc })) };

/**
 * One UDP socket that forwards what the senders send to the SFU, less the silenced SSRCs, and
 * adds the RTCP sender reports a browser sends (mediasoup maps one layer's timestamps onto
 * another's through them, and forwards nothing after a switch without them).
 */
export class LayerRelay {
  readonly silenced = new Set<number>();
  readonly socket: Socket = createSocket('udp4');
  /** Per SSRC: the last RTP timestamp forwarded and when. */
  readonly #last = new Map<number, { rtpTimestamp: number; at: number }>();
  #reports: NodeJS.Timeout | undefined;

  async start(to: { ip: string; port: number }): Promise<number> {
    this.socket.on('message', (packet) => {
      if (packet.length < 12) return;
      const ssrc = packet.readUInt32BE(8);
      if (this.silenced.has(ssrc)) return;
      this.#last.set(ssrc, { rtpTimestamp: packet.readUInt32BE(4), at: Date.now() });
      this.socket.send(packet, to.port, to.ip);
    });
    this.#reports = setInterval(() => {
      for (const [ssrc, last] of this.#last) {
        if (!this.silenced.has(ssrc)) this.socket.send(senderReport(ssrc, last), to.port, to.ip);
      }
    }, 250);
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return this.socket.address().port;
  }

  close(): void {
    clearInterval(this.#reports);
    this.socket.close();
  }
}

/** An RTCP sender report for a 90 kHz stream: now in NTP time, and the RTP time it matches. */
function senderReport(ssrc: number, last: { rtpTimestamp: number; at: number }): Buffer {
  const now = Date.now();
  const report = Buffer.alloc(28);
  report.writeUInt8(0x80, 0);
  report.writeUInt8(200, 1);
  report.writeUInt16BE(6, 2);
  report.writeUInt32BE(ssrc, 4);
  report.writeUInt32BE(Math.floor(now / 1000) + NTP_EPOCH_OFFSET_S, 8);
  report.writeUInt32BE(Math.floor(((now % 1000) / 1000) * 0x1_0000_0000), 12);
  report.writeUInt32BE((last.rtpTimestamp + (now - last.at) * 90) >>> 0, 16);
  return report;
}

/** Where the tap sends its RTP: the arrival time of every packet, as the recorder's ffmpeg would see them. */
export class Sink {
  readonly arrivals: number[] = [];
  readonly socket: Socket = createSocket('udp4');

  async start(): Promise<number> {
    this.socket.on('message', () => { this.arrivals.push(performance.now()); });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return this.socket.address().port;
  }

  /** The longest time without a packet between two moments. */
  longestHole(from: number, to: number): number {
    const times = [from, ...this.arrivals.filter((at) => at > from && at < to), to];
    return Math.max(...times.slice(1).map((at, index) => at - times[index]!));
  }
}

/**
 * Sends the three layers (`fps` frames a second; the top layer's frames `topLayerLagMs` after the
 * others) through a new relay to `to`. Stopped when the test ends.
 */
export async function sendSimulcastCamera(to: { ip: string; port: number }, options: { fps: number; topLayerLagMs: number }): Promise<LayerRelay> {
  const source = await recordSource({ seconds: 4, videoKbps: 300, keyFrameSeconds: 0.25, fps: options.fps });
  const relay = new LayerRelay();
  const senders: PacedSource[] = [];
  onTestFinished(async () => {
    await Promise.all(senders.map((sender) => sender.stop()));
    relay.close();
  });
  const relayPort = await relay.start(to);
  for (const ssrc of LAYER_SSRCS) {
    if (ssrc === LAYER_SSRCS[2]) await sleep(options.topLayerLagMs);
    const sender = new PacedSource(source, {
      host: '127.0.0.1', port: relayPort, videoSsrc: ssrc, audioSsrc: 9999, absCaptureTimeId: INGEST_ABS_CAPTURE_TIME_ID, videoOnly: true,
    });
    sender.start();
    senders.push(sender);
  }
  return relay;
}

/** A sink for RTP, closed when the test ends. */
export async function startSink(): Promise<{ sink: Sink; port: number }> {
  const sink = new Sink();
  onTestFinished(() => { sink.socket.close(); });
  return { sink, port: await sink.start() };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
