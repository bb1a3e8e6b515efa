import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { join, ok, OPUS_PARAMETERS, send, startServer, tokenOf, waitFor, type TestServer, type TestSocket } from './harness.ts';

// Plain RTP: an encoder publishes without WebRTC, a decoder receives SRTP at its own address.
const open: { sockets: TestSocket[]; udp: UdpSocket[]; server?: TestServer } = { sockets: [], udp: [] };
afterEach(async () => {
  for (const socket of open.sockets.splice(0)) socket.close();
  for (const udp of open.udp.splice(0)) udp.close();
  await open.server?.stop();
  open.server = undefined;
});

async function lessonOn(env: Record<string, string>) {
  open.server = await startServer(env);
  const lesson = await open.server.createLesson(['Hill']);
  const teacher = await join(open.server.url, tokenOf(lesson.teacherUrl));
  const projector = await join(open.server.url, tokenOf(lesson.classrooms[0]!.projectorUrl));
  open.sockets.push(teacher, projector);
  return { teacher, projector };
}

async function udpSocket(): Promise<UdpSocket> {
  const udp = createSocket('udp4');
  open.udp.push(udp);
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  return udp;
}

/** An Opus-like RTP packet (the worker forwards payloads without decoding them). */
function rtpPacket(seq: number, ssrc: number): Buffer {
  const packet = Buffer.alloc(12 + 40);
  packet[0] = 0x80;
  packet[1] = 100;
  packet.writeUInt16BE(seq & 0xffff, 2);
  packet.writeUInt32BE((seq * 960) >>> 0, 4);
  packet.writeUInt32BE(ssrc, 8);
  return packet;
}

describe('plain RTP transports', () => {
  it('are refused unless the server enables them', async () => {
    const { projector } = await lessonOn({});
    const answer = await send(projector, 'media:createPlainTransport', { direction: 'recv', destination: { ip: '127.0.0.1', port: 5004 } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('carry an encoder\'s media to a decoder over SRTP, only to the decoder\'s own address', async () => {
    const { teacher, projector } = await lessonOn({ PLAIN_RTP: 'true' });
    await ok(teacher, 'lesson:goLive', {});
    const ingest = await ok(teacher, 'media:createPlainTransport', { direction: 'send' });
    expect(ingest.srtp).toBeUndefined();
    const { producerId } = await ok(teacher, 'media:produce', {
      transportId: ingest.id, kind: 'audio', source: 'microphone', rtpParameters: { ...OPUS_PARAMETERS, mid: undefined },
    });

    const decoder = await udpSocket();
    const port = decoder.address().port;
    const key = { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const, keyBase64: randomBytes(30).toString('base64') };
    // Media may go only where the decoder's own connection comes from (never a reflector).
    const elsewhere = await send(projector, 'media:createPlainTransport', { direction: 'recv', destination: { ip: '127.0.0.2', port }, srtp: key });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const missing = await send(projector, 'media:createPlainTransport', { direction: 'recv' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // A classroom off stage does not publish, plain or not.
    expect(await send(projector, 'media:createPlainTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'not_on_stage' } });

    const output = await ok(projector, 'media:createPlainTransport', { direction: 'recv', destination: { ip: '127.0.0.1', port }, srtp: key });
    expect(output.srtp).toMatchObject({ cryptoSuite: 'AES_CM_128_HMAC_SHA1_80' });
    const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
    const consumer = await ok(projector, 'media:consume', { producerId, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> });
    await ok(projector, 'media:resumeConsumer', { consumerId: consumer.consumerId });
    const consumerSsrc = (consumer.rtpParameters as { encodings: { ssrc: number }[] }).encodings[0]!.ssrc;

    const received: Buffer[] = [];
    decoder.on('message', (packet) => { if (packet[1]! < 192 || packet[1]! > 223) received.push(packet); });
    const encoder = await udpSocket();
    for (let seq = 1; seq <= 60; seq++) {
      encoder.send(rtpPacket(seq, OPUS_PARAMETERS.encodings[0]!.ssrc), ingest.port, ingest.ip);
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => received.length >= 50);
    // SRTP: the header is the consumer's, the payload is encrypted and carries an auth tag.
    const first = received[0]!;
    expect(first.readUInt32BE(8)).toBe(consumerSsrc);
    const header = 12 + ((first[0]! & 0x10) ? 4 + 4 * first.readUInt16BE(14) : 0);
    expect(first.length - header).toBe(40 + 10);
    expect(first.subarray(header, header + 40).equals(Buffer.alloc(40))).toBe(false);
  });

  it('grades a classroom with mediasoup\'s score of its stream, from the receiver reports it sends', async () => {
    const { teacher, projector } = await lessonOn({ PLAIN_RTP: 'true' });
    await ok(teacher, 'lesson:goLive', {});
    const ingest = await ok(teacher, 'media:createPlainTransport', { direction: 'send' });
    const { producerId } = await ok(teacher, 'media:produce', {
      transportId: ingest.id, kind: 'audio', source: 'microphone', rtpParameters: { ...OPUS_PARAMETERS, mid: undefined },
    });
    await ok(projector, 'quality:report', { rttMs: 30, lossPercent: 0, jitterMs: 2, bitrateKbps: 40, frameHeight: 0, framesPerSecond: 0 });
    const grade = async () => (await ok(teacher, 'lesson:sync', {})).classrooms[0]!.quality;
    expect(await grade()).toMatchObject({ grade: 'good', mediaScore: null });

    // A decoder without SRTP: its RTCP goes to the server in clear, as the receiver reports it.
    const decoder = await udpSocket();
    const output = await ok(projector, 'media:createPlainTransport', { direction: 'recv', destination: { ip: '127.0.0.1', port: decoder.address().port } });
    const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
    const consumer = await ok(projector, 'media:consume', { producerId, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> });
    await ok(projector, 'media:resumeConsumer', { consumerId: consumer.consumerId });
    const consumerSsrc = (consumer.rtpParameters as { encodings: { ssrc: number }[] }).encodings[0]!.ssrc;
    let highestSeq = 0;
    let received = 0;
    decoder.on('message', (packet) => {
      if (packet[1]! >= 192 && packet[1]! <= 223) return;
      received += 1;
      highestSeq = Math.max(highestSeq, packet.readUInt16BE(2));
    });
    const encoder = await udpSocket();
    for (let seq = 1; seq <= 60; seq++) {
      encoder.send(rtpPacket(seq, OPUS_PARAMETERS.encodings[0]!.ssrc), ingest.port, ingest.ip);
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => received >= 60);
    expect((await grade())!.mediaScore).toBe(10);

    // "45 of the last 60 never arrived": mediasoup scores the stream down, the grade follows.
    const report = Buffer.alloc(32);
    report[0] = 0x81; // version 2, one report block
    report[1] = 201; // receiver report
    report.writeUInt16BE(7, 2);
    report.writeUInt32BE(4242, 4);
    report.writeUInt32BE(consumerSsrc, 8);
    report[12] = 192; // fraction lost
    report.writeUIntBE(45, 13, 3); // cumulative lost
    report.writeUInt32BE(highestSeq, 16);
    decoder.send(report, output.port, output.ip);
    let quality = await grade();
    for (let i = 0; i < 60 && (quality?.mediaScore ?? 10) > 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      quality = await grade();
    }
    expect(quality!.mediaScore).toBeLessThanOrEqual(3);
    expect(quality!.grade).toBe('poor');
  });
});
