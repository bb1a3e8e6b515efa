import { createSocket, type Socket } from 'node:dgram';
import { describe, expect, it, onTestFinished } from 'vitest';
import { INGEST_ABS_CAPTURE_TIME_ID, PRODUCER_PARAMETERS } from '../../bench/fanout/media.ts';
import { PacedSource, recordSource } from '../../bench/fanout/source.ts';
import { ROUTER_MEDIA_CODECS } from '../src/codecs.ts';
import { RecordingTap } from '../src/RecordingTap.ts';
import { useTwoWorkers, waitFor } from './workers.ts';

// A simulcast camera of three layers (the same VP8 replayed on three SSRCs, a key frame every
// 0.25 s as a browser answering the tap's request would send) through a relay that can silence a
// layer, as Chromium does when its uplink or CPU runs short. The recorder must not go without
// pictures for longer than the issue allows (1 s) while the tap moves to the next layer.

const LAYER_SSRCS = [3001, 3002, 3003] as const;
const MAX_HOLE_MS = 1000;
const NTP_EPOCH_OFFSET_S = 2_208_988_800;

const workers = useTwoWorkers();

/**
 * One UDP socket that forwards what the senders send to the SFU, less the silenced SSRCs, and
 * adds the RTCP sender reports a browser sends (mediasoup maps one layer's timestamps onto
 * another's through them, and forwards nothing after a switch without them).
 */
class LayerRelay {
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
class Sink {
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
 * A router with a three-layer camera (the same VP8 on each layer, `fps` frames a second; the top
 * layer's frames leave `topLayerLagMs` after the others) and a started tap on it. Closed when the
 * test ends.
 */
async function simulcastCamera(options: { fps: number; topLayerLagMs: number }) {
  const source = await recordSource({ seconds: 4, videoKbps: 300, keyFrameSeconds: 0.25, fps: options.fps });
  const router = await workers.pool.slots()[0]!.worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
  const relay = new LayerRelay();
  const sink = new Sink();
  const senders: PacedSource[] = [];
  onTestFinished(async () => {
    await Promise.all(senders.map((sender) => sender.stop()));
    router.close();
    relay.close();
    sink.socket.close();
  });
  const ingest = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
  const producer = await ingest.produce({
    kind: 'video',
    rtpParameters: { ...PRODUCER_PARAMETERS.video, encodings: LAYER_SSRCS.map((ssrc) => ({ ssrc })) },
  });
  const relayPort = await relay.start({ ip: '127.0.0.1', port: ingest.tuple.localPort });
  const sinkPort = await sink.start();
  for (const ssrc of LAYER_SSRCS) {
    if (ssrc === LAYER_SSRCS[2]) await sleep(options.topLayerLagMs);
    const sender = new PacedSource(source, {
      host: '127.0.0.1', port: relayPort, videoSsrc: ssrc, audioSsrc: 9999, absCaptureTimeId: INGEST_ABS_CAPTURE_TIME_ID, videoOnly: true,
    });
    sender.start();
    senders.push(sender);
  }
  const tap = await RecordingTap.create(router, producer, '127.0.0.1', { ip: '127.0.0.1', port: sinkPort, rtcpPort: sinkPort + 1 });
  await tap.start();
  await waitFor(() => tap.spatialLayer === 2, 10_000);
  return { tap, relay, sink };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('recording tap on a simulcast camera', () => {
  it('takes the next layer at once when the sender stops the top one, and the top one back when it returns', async () => {
    const { tap, relay, sink } = await simulcastCamera({ fps: 30, topLayerLagMs: 0 });
    await sleep(1000);

    const stoppedAt = performance.now();
    relay.silenced.add(LAYER_SSRCS[2]);
    await waitFor(() => tap.spatialLayer === 1, 3000);
    await sleep(1000);
    expect(sink.longestHole(stoppedAt, performance.now())).toBeLessThan(MAX_HOLE_MS);

    const resumedAt = performance.now();
    relay.silenced.delete(LAYER_SSRCS[2]);
    await waitFor(() => tap.spatialLayer === 2, 8000);
    await sleep(500);
    expect(sink.longestHole(resumedAt, performance.now())).toBeLessThan(MAX_HOLE_MS);
  });

  it('keeps the top layer of a slow picture whose layers arrive a little apart (a slide deck)', async () => {
    // Two frames a second, the top layer's 60 ms behind: many reads see a lower layer grow first.
    const { tap } = await simulcastCamera({ fps: 2, topLayerLagMs: 60 });
    const layers = new Set<number | undefined>();
    const until = performance.now() + 4000;
    while (performance.now() < until) {
      layers.add(tap.spatialLayer);
      await sleep(20);
    }
    expect([...layers]).toEqual([2]);
  });
});
