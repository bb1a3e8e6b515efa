import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createWorker, type types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ROUTER_MEDIA_CODECS } from '../src/codecs.ts';
import { NodePipe } from '../src/NodePipe.ts';
import { resolveWorkerBin } from '../src/workerBin.ts';

// Two "nodes": each its own mediasoup worker and router, joined only by what NodePipe hands the
// signalling layer (endpoints and piped producers). A plain RTP camera sends VP8 to the origin;
// a plain RTP receiver on the edge counts what arrives through the pipe.

const SSRC = 44_000_001;
const PAYLOAD_TYPE = 101;
let origin: types.Worker;
let edge: types.Worker;

beforeAll(async () => {
  const workerBin = resolveWorkerBin();
  [origin, edge] = await Promise.all([createWorker({ workerBin, logLevel: 'warn' }), createWorker({ workerBin, logLevel: 'warn' })]);
});
afterAll(() => {
  origin?.close();
  edge?.close();
});

async function udpSocket(): Promise<UdpSocket> {
  const udp = createSocket('udp4');
  onTestFinished(() => { udp.close(); });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  return udp;
}

/** One VP8 packet (RFC 7741 descriptor; the worker reads only its start and key frame bits). */
function vp8Packet(seq: number, timestamp: number, keyFrame: boolean): Buffer {
  const packet = Buffer.alloc(12 + 1 + 10);
  packet[0] = 0x80;
  packet[1] = 0x80 | PAYLOAD_TYPE; // marker: one packet per frame
  packet.writeUInt16BE(seq & 0xffff, 2);
  packet.writeUInt32BE(timestamp >>> 0, 4);
  packet.writeUInt32BE(SSRC, 8);
  packet[12] = 0x10; // S: start of partition 0
  packet[13] = keyFrame ? 0x00 : 0x01; // inverse key frame bit
  if (keyFrame) packet.set([0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00], 16); // start code, 320x240
  return packet;
}

function asksKeyFrame(packet: Buffer): boolean {
  for (let offset = 0; offset + 4 <= packet.length; offset += 4 * (packet.readUInt16BE(offset + 2) + 1)) {
    const fmt = packet[offset]! & 0x1f;
    if (packet[offset + 1] === 206 && (fmt === 1 || fmt === 4)) return true;
  }
  return false;
}

/** A camera on a plain transport of `router`: a key frame first, then one more only when asked. */
async function plainCamera(router: types.Router) {
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
  const producer = await transport.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: PAYLOAD_TYPE, clockRate: 90000, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] }],
      encodings: [{ ssrc: SSRC }],
    },
    appData: { label: 'camera' },
  });
  const udp = await udpSocket();
  let keyFrameRequests = 0;
  let keyFrameDue = true;
  udp.on('message', (packet) => {
    if (asksKeyFrame(packet)) {
      keyFrameRequests++;
      keyFrameDue = true;
    }
  });
  let seq = 1;
  const timer = setInterval(() => {
    udp.send(vp8Packet(seq, seq * 3000, keyFrameDue), transport.tuple.localPort, '127.0.0.1');
    keyFrameDue = false;
    seq++;
  }, 20);
  onTestFinished(() => clearInterval(timer));
  return { producer, keyFrameRequests: () => keyFrameRequests };
}

/** A receiver on a plain transport of `router` consuming `producerId`: counts the packets that arrive. */
async function plainReceiver(router: types.Router, producerId: string) {
  const udp = await udpSocket();
  let packets = 0;
  udp.on('message', (packet) => { if (packet[1]! < 192 || packet[1]! > 223) packets++; });
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
  await transport.connect({ ip: '127.0.0.1', port: udp.address().port });
  const consumer = await transport.consume({ producerId, rtpCapabilities: router.rtpCapabilities });
  await consumer.resume();
  return { consumer, packets: () => packets };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Both ends opened on their nodes and joined, as two nodes' signalling would do. */
async function joinedPipe(originRouter: types.Router, edgeRouter: types.Router) {
  const [sender, receiver] = await Promise.all([NodePipe.open(originRouter, { ip: '127.0.0.1' }), NodePipe.open(edgeRouter, { ip: '127.0.0.1' })]);
  await Promise.all([sender.connect(receiver.local), receiver.connect(sender.local)]);
  // What the signalling layer forwards from the sending node to the receiving one.
  sender.on('producerPaused', (id, paused) => void receiver.setPaused(id, paused));
  sender.on('producerClosed', (id) => receiver.stopReceiving(id));
  return { sender, receiver };
}

describe('NodePipe', () => {
  it('carries a producer to another worker\'s router under its own id, encrypted, with key frame requests back', async () => {
    const [originRouter, edgeRouter] = await Promise.all([
      origin.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS }), edge.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS }),
    ]);
    onTestFinished(() => { originRouter.close(); edgeRouter.close(); });
    const camera = await plainCamera(originRouter);
    const { sender, receiver } = await joinedPipe(originRouter, edgeRouter);
    expect(sender.local.srtpParameters.cryptoSuite).toBe('AEAD_AES_256_GCM');

    const piped = await sender.send(camera.producer);
    // Asking twice sends once.
    expect((await sender.send(camera.producer)).rtpParameters).toEqual(piped.rtpParameters);
    const standIn = await receiver.receive(piped);
    expect(standIn.id).toBe(camera.producer.id);
    expect(standIn.appData).toMatchObject({ label: 'camera', piped: true });

    const classroom = await plainReceiver(edgeRouter, standIn.id);
    await until(() => classroom.packets() > 20);
    // A classroom on the edge asks for a key frame: the request crosses the pipe to the camera.
    const before = camera.keyFrameRequests();
    await classroom.consumer.requestKeyFrame();
    await until(() => camera.keyFrameRequests() > before);
  });

  it('mirrors the source\'s pause and close on the other node, and closes without leftovers', async () => {
    const [originRouter, edgeRouter] = await Promise.all([
      origin.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS }), edge.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS }),
    ]);
    onTestFinished(() => { originRouter.close(); edgeRouter.close(); });
    const camera = await plainCamera(originRouter);
    const { sender, receiver } = await joinedPipe(originRouter, edgeRouter);
    const standIn = await receiver.receive(await sender.send(camera.producer));
    const classroom = await plainReceiver(edgeRouter, standIn.id);
    await until(() => classroom.packets() > 5);

    await camera.producer.pause();
    await until(() => standIn.paused);
    // Packets already on their way when the pause reached the edge still land: let them, then count
    // what flows while paused (this camera sends a packet every 20 ms: ~15 in that time).
    await new Promise((r) => setTimeout(r, 200));
    const paused = classroom.packets();
    await new Promise((r) => setTimeout(r, 300));
    expect(classroom.packets() - paused).toBeLessThanOrEqual(1);
    await camera.producer.resume();
    await until(() => !standIn.paused);
    await until(() => classroom.packets() > paused + 5);

    camera.producer.close();
    await until(() => standIn.closed && classroom.consumer.closed);
    expect(receiver.receivedIds()).toEqual([]);
    expect(sender.sends(camera.producer.id)).toBe(false);

    const closed = new Promise<void>((resolve) => receiver.once('closed', () => resolve()));
    edgeRouter.close();
    await closed;
    expect(receiver.closed).toBe(true);
    sender.close();
    const dump = await originRouter.dump();
    expect(dump.transportIds).toHaveLength(1); // the camera's plain transport only
  });
});
