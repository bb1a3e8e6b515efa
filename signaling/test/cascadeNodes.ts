import { LessonMedia, resolveWorkerBin, WorkerPool, type mediasoupTypes as types, type TransportSettings } from '@classroom/sfu';
import { onTestFinished } from 'vitest';
import { MediaCascade, type MediaCascadeOptions } from '../src/cluster/MediaCascade.ts';
import { NodeNotListeningError } from '../src/cluster/NodeRequests.ts';
import { createLogger } from '../src/logger.ts';
import { asksKeyFrame, isRtcp, udpSocket } from './plainCamera.ts';

// "Nodes" of a cascade inside one test process: each its own mediasoup workers and its own
// MediaCascade, joined only by the cascade's messages (through JSON, as over Redis). The
// request channel itself is tested elsewhere (and once with the cascade, over real Redis).

export const log = createLogger('silent');
export const SETTINGS: TransportSettings = {
  enableUdp: true, enableTcp: false, initialOutgoingBitrate: 1_000_000, maxIncomingBitrate: 5_000_000,
  plainRtp: { listenIp: '127.0.0.1' },
};

/** What one node holds, counted from mediasoup's observer events of its own workers. */
export interface ObjectCounts {
  routers: number;
  pipeTransports: number;
  producers: number;
  consumers: number;
}

export interface TestNode {
  id: string;
  pool: WorkerPool;
  cascade: MediaCascade;
  counts(): ObjectCounts;
}

/** Counts the mediasoup objects of a pool's workers (attached before any router exists). */
function countObjects(pool: WorkerPool): () => ObjectCounts {
  const counts: ObjectCounts = { routers: 0, pipeTransports: 0, producers: 0, consumers: 0 };
  const count = (key: keyof ObjectCounts, emitter: { once(event: 'close', listener: () => void): unknown }): void => {
    counts[key] += 1;
    emitter.once('close', () => { counts[key] -= 1; });
  };
  for (const { worker } of pool.slots()) {
    worker.observer.on('newrouter', (router) => {
      count('routers', router.observer);
      router.observer.on('newtransport', (transport) => {
        if (transport.type === 'pipe') count('pipeTransports', transport.observer);
        transport.observer.on('newproducer', (producer) => count('producers', producer.observer));
        transport.observer.on('newconsumer', (consumer) => count('consumers', consumer.observer));
      });
    });
  }
  return () => ({ ...counts });
}

/** Nodes wired to each other by direct calls; a node taken out no longer listens (as if killed). */
export class TestNet {
  readonly #nodes = new Map<string, TestNode>();

  async node(id: string, options: { workers?: number; settings?: Partial<TransportSettings>; request?: MediaCascadeOptions['request'] } = {}): Promise<TestNode> {
    const pool = await WorkerPool.create({
      workerBin: resolveWorkerBin(), numWorkers: options.workers ?? 1, listenIp: '127.0.0.1', announcedAddress: undefined,
      rtcPort: 0, enableUdp: true, enableTcp: false, logLevel: 'error',
    }, log);
    const counts = countObjects(pool);
    const cascade = new MediaCascade({
      nodeId: id, pool, settings: { ...SETTINGS, ...options.settings }, listen: { ip: '127.0.0.1' }, log,
      request: options.request ?? ((to, body) => this.#deliver(id, to, body)),
    });
    const node = { id, pool, cascade, counts };
    this.#nodes.set(id, node);
    onTestFinished(() => this.kill(id));
    return node;
  }

  /** The node stops at once: no message, its workers die. */
  kill(id: string): void {
    const node = this.#nodes.get(id);
    if (!node) return;
    this.#nodes.delete(id);
    node.pool.close();
  }

  async #deliver(from: string, to: string, body: unknown): Promise<unknown> {
    const node = this.#nodes.get(to);
    if (!node) throw new NodeNotListeningError(to);
    // Through JSON and a turn of the event loop, as a message over Redis.
    await new Promise((resolve) => setImmediate(resolve));
    const answer = await node.cascade.handle(from, JSON.parse(JSON.stringify(body)));
    return answer === undefined ? undefined : JSON.parse(JSON.stringify(answer));
  }
}

/** A lesson's media on its origin node, served to edges and closed with the test. */
export function originLesson(node: TestNode, lessonId: string): LessonMedia {
  const media = new LessonMedia(lessonId, node.pool, SETTINGS, log);
  node.cascade.serveLesson(lessonId, media);
  onTestFinished(() => media.close());
  return media;
}

const PAYLOAD_TYPE = 101;
const FRAME_MS = 33;

/**
 * A VP8 simulcast camera of three layers on a plain RTP transport of `media`, published as
 * `publisherId`. Each packet carries its layer in its last byte, so a receiver can tell which
 * layer reaches it. Key frames on every layer at the start, when asked, and once a second.
 */
export async function simulcastCamera(media: LessonMedia, publisherId: string) {
  const ssrcs = [41_000_001, 41_000_002, 41_000_003].map((ssrc) => ssrc + Math.floor(Math.random() * 1000) * 10);
  const peer = media.peer(`${publisherId}-camera`, publisherId);
  const transport = await peer.createPlainTransport({ direction: 'send' });
  const producer = await peer.produce({
    transportId: transport.id, kind: 'video', label: 'camera',
    rtpParameters: {
      codecs: [{
        mimeType: 'video/VP8', payloadType: PAYLOAD_TYPE, clockRate: 90000,
        rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
      }],
      headerExtensions: [],
      encodings: ssrcs.map((ssrc) => ({ ssrc })),
      rtcp: { cname: publisherId },
    },
  });
  const encoder = await udpSocket();
  let keyFrameRequests = 0;
  let keyFrameDue = true;
  encoder.on('message', (packet) => {
    if (isRtcp(packet) && asksKeyFrame(packet)) {
      keyFrameRequests += 1;
      keyFrameDue = true;
    }
  });
  let frame = 0;
  const timer = setInterval(() => {
    frame += 1;
    const keyFrame = keyFrameDue || frame % 30 === 0;
    keyFrameDue = false;
    ssrcs.forEach((ssrc, layer) => {
      const packet = Buffer.alloc(12 + 2 + 100);
      packet[0] = 0x80;
      packet[1] = 0x80 | PAYLOAD_TYPE; // marker: one packet per frame
      packet.writeUInt16BE(frame & 0xffff, 2);
      packet.writeUInt32BE((frame * 3000) >>> 0, 4);
      packet.writeUInt32BE(ssrc, 8);
      packet[12] = 0x10; // start of partition 0
      packet[13] = keyFrame ? 0x00 : 0x01;
      packet[packet.length - 1] = layer;
      encoder.send(packet, transport.tuple.localPort, '127.0.0.1');
    });
  }, FRAME_MS);
  onTestFinished(() => clearInterval(timer));
  return { peer, producer, keyFrameRequests: () => keyFrameRequests };
}

/** A classroom's plain RTP decoder on `media`: what reaches it, and the layer of its last packet. */
export async function plainReceiver(media: LessonMedia, peerId: string, publisherId: string) {
  const decoder = await udpSocket();
  let packets = 0;
  let lastLayer: number | undefined;
  decoder.on('message', (packet) => {
    if (isRtcp(packet)) return;
    packets += 1;
    lastLayer = packet[packet.length - 1];
  });
  const peer = media.peer(peerId, publisherId);
  await peer.createPlainTransport({ direction: 'recv', destination: { ip: '127.0.0.1', port: decoder.address().port } });
  return {
    peer,
    packets: () => packets,
    lastLayer: () => lastLayer,
    async consume(producerId: string): Promise<types.Consumer> {
      const { consumer } = await peer.consume(producerId, await media.rtpCapabilities());
      await peer.resumeConsumer(consumer.id);
      return consumer;
    },
  };
}

export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`not in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether packets keep arriving: more than `atLeast` within `ms`. */
export async function flowing(packets: () => number, atLeast = 5, ms = 3000): Promise<boolean> {
  const before = packets();
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (packets() - before > atLeast) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}
