import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { onTestFinished } from 'vitest';
import { ok, type TestSocket } from './harness.ts';

// Real video through the worker without a browser: an encoder and a decoder on plain RTP, as a
// studio encoder and a hardware decoder would be. The worker forwards VP8 without decoding it; it
// reads only the payload descriptor (start of a frame, key frame bit) to pick simulcast layers.

const SSRCS = [31_000_001, 31_000_002, 31_000_003];
const FRAME_MS = 33;
const PAYLOAD_TYPE = 101;

/** A UDP socket on 127.0.0.1, closed when the test ends. */
export async function udpSocket(): Promise<UdpSocket> {
  const udp = createSocket('udp4');
  onTestFinished(() => { udp.close(); });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  return udp;
}

export function isRtcp(packet: Buffer): boolean {
  return packet[1]! >= 192 && packet[1]! <= 223;
}

/** Whether an RTCP compound packet holds a key frame request (PLI: PSFB 206 fmt 1; FIR: fmt 4). */
export function asksKeyFrame(packet: Buffer): boolean {
  for (let offset = 0; offset + 4 <= packet.length; offset += 4 * (packet.readUInt16BE(offset + 2) + 1)) {
    const fmt = packet[offset]! & 0x1f;
    if (packet[offset + 1] === 206 && (fmt === 1 || fmt === 4)) return true;
  }
  return false;
}

/** Whether an RTP packet starts a VP8 key frame (RFC 7741: S bit, partition 0, inverse key frame bit). */
function startsKeyFrame(packet: Buffer): boolean {
  const csrcs = packet[0]! & 0x0f;
  let offset = 12 + 4 * csrcs;
  if (packet[0]! & 0x10) offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  const descriptor = packet[offset]!;
  if (descriptor & 0x80) return false; // the worker adds no extended descriptor to what we send
  return (descriptor & 0x10) !== 0 && (descriptor & 0x07) === 0 && (packet[offset + 1]! & 0x01) === 0;
}

/**
 * The teacher's camera from a plain RTP encoder: VP8 simulcast (three layers by SSRC, only the
 * lowest sent), one frame every 33 ms, a key frame first and then only when the server asks for
 * one in its RTCP (PLI or FIR). A picture that comes back therefore proves the server asked.
 * `stall` stops its frames (the worker finds the stream inactive after 1.5 s) and starts them again.
 */
export async function plainCamera(teacher: TestSocket): Promise<{ producerId: string; keyFrameRequests: () => number; stall: (stalled: boolean) => void }> {
  const ingest = await ok(teacher, 'media:createPlainTransport', { direction: 'send' });
  const { producerId } = await ok(teacher, 'media:produce', {
    transportId: ingest.id, kind: 'video', source: 'camera',
    rtpParameters: {
      codecs: [{
        mimeType: 'video/VP8', payloadType: PAYLOAD_TYPE, clockRate: 90000,
        rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
      }],
      headerExtensions: [],
      encodings: SSRCS.map((ssrc) => ({ ssrc })),
      rtcp: { cname: 'encoder' },
    },
  });
  const encoder = await udpSocket();
  let requests = 0;
  let keyFrameDue = true;
  encoder.on('message', (packet) => {
    if (isRtcp(packet) && asksKeyFrame(packet)) {
      requests += 1;
      keyFrameDue = true;
    }
  });
  let seq = 0;
  let stalled = false;
  const timer = setInterval(() => {
    if (stalled) return;
    seq += 1;
    const packet = Buffer.alloc(12 + 2 + 200);
    packet[0] = 0x80;
    packet[1] = 0x80 | PAYLOAD_TYPE; // marker: one packet per frame
    packet.writeUInt16BE(seq & 0xffff, 2);
    packet.writeUInt32BE((seq * 3000) >>> 0, 4);
    packet.writeUInt32BE(SSRCS[0]!, 8);
    packet[12] = 0x10; // start of partition 0
    packet[13] = keyFrameDue ? 0x00 : 0x01;
    keyFrameDue = false;
    encoder.send(packet, ingest.port, ingest.ip);
  }, FRAME_MS);
  onTestFinished(() => clearInterval(timer));
  return { producerId, keyFrameRequests: () => requests, stall: (stall) => { stalled = stall; } };
}

/** A projector's plain RTP decoder of one producer: counts the key frames that reach it. */
export async function plainDecoder(projector: TestSocket, producerId: string): Promise<{ consumerId: string; keyFrames: () => number }> {
  const decoder = await udpSocket();
  let keyFrames = 0;
  decoder.on('message', (packet) => { if (!isRtcp(packet) && startsKeyFrame(packet)) keyFrames += 1; });
  await ok(projector, 'media:createPlainTransport', { direction: 'recv', destination: { ip: '127.0.0.1', port: decoder.address().port } });
  const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
  const { consumerId } = await ok(projector, 'media:consume', { producerId, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> });
  await ok(projector, 'media:resumeConsumer', { consumerId });
  return { consumerId, keyFrames: () => keyFrames };
}
