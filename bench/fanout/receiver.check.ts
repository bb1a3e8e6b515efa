// Quick check of the native receiver (not part of the test suite):
//   node bench/fanout/receiver.check.ts [blastPackets]
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { buildReceiver, RtpReceiver } from './receiver.ts';

const EXT_ID = 10;

function ntpNow(): bigint {
  const unixMs = performance.timeOrigin + performance.now();
  const seconds = Math.floor(unixMs / 1000);
  const fraction = BigInt(Math.floor(((unixMs / 1000 - seconds) * 2 ** 32)));
  return (BigInt(seconds + 2208988800) << 32n) | fraction;
}

/** RTP with a one-byte-header extension block holding abs-capture-time (8 bytes) + padding. */
function rtp(ssrc: number, seq: number, withExt = true): Buffer {
  const packet = Buffer.alloc(12 + (withExt ? 16 : 0) + 100);
  packet[0] = withExt ? 0x90 : 0x80;
  packet[1] = 96;
  packet.writeUInt16BE(seq & 0xffff, 2);
  packet.writeUInt32BE((seq * 3000) >>> 0, 4);
  packet.writeUInt32BE(ssrc, 8);
  if (withExt) {
    packet.writeUInt16BE(0xbede, 12);
    packet.writeUInt16BE(3, 14); // 3 words: 1 + 8 bytes of element, 3 of padding
    packet[16] = (EXT_ID << 4) | 7;
    packet.writeBigUInt64BE(ntpNow(), 17);
  }
  return packet;
}

const socket = createSocket('udp4');
const send = (packet: Buffer, port: number) =>
  new Promise<void>((resolve, reject) => socket.send(packet, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));

const receiver = await RtpReceiver.start({ bin: await buildReceiver(), absCaptureTimeId: EXT_ID, cpu: 0 });
try {
  // Window 1: 3 SSRCs x 1000 packets; A wraps past 65535, every SSRC skips 5 seqs; B sends one
  // pair out of order (no loss); C has no extension on its first 100 packets; 10 RTCP packets.
  const streams = [{ ssrc: 0xaaaa0001, first: 65000 }, { ssrc: 0xbbbb0002, first: 100 }, { ssrc: 0xcccc0003, first: 7 }];
  const skip = (i: number) => i % 200 === 50; // 5 of 1000 indexes, never the first or last
  let sent = 0;
  let lost = 0;
  let bytes = 0;
  let samples = 0;
  for (const { ssrc, first } of streams) {
    for (let i = 0; i < 1000; i++) {
      if (skip(i)) { lost++; continue; }
      const j = ssrc === 0xbbbb0002 && (i === 500 || i === 501) ? 1001 - i : i; // swap 500 and 501
      const packet = rtp(ssrc, first + j, !(ssrc === 0xcccc0003 && i < 100));
      await send(packet, receiver.port);
      sent++;
      bytes += packet.length;
      if (packet[0] === 0x90) samples++;
    }
  }
  for (let i = 0; i < 10; i++) {
    const rtcp = Buffer.alloc(28);
    rtcp[0] = 0x80;
    rtcp[1] = 200; // sender report
    await send(rtcp, receiver.port);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  const one = await receiver.snapshot();
  console.log('window 1', JSON.stringify(one));
  assert.equal(one.packets, sent);
  assert.equal(one.bytes, bytes);
  assert.equal(one.lost, lost);
  assert.equal(one.expected, sent + lost);
  assert.equal(one.ssrcs, 3);
  assert.equal(one.delaySamples, samples);
  assert.ok(one.delayUs.p50 > 0 && one.delayUs.max < 50_000, `delay ${JSON.stringify(one.delayUs)}`);
  assert.equal(one.drops, 0);

  // Window 2: only A continues, after a gap of 3 seqs, for 100 packets: its base is the previous
  // window's highest seq, so the gap counts here.
  const lastA = 65000 + 999;
  for (let i = 4; i < 104; i++) await send(rtp(0xaaaa0001, lastA + i), receiver.port);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const two = await receiver.snapshot();
  console.log('window 2', JSON.stringify(two));
  assert.deepEqual([two.packets, two.lost, two.expected, two.ssrcs], [100, 3, 103, 1]);

  // CPU: a blast from 300 SSRCs, not waiting for each send.
  const blast = Number(process.argv[2] ?? 200_000);
  const packets = Array.from({ length: 300 }, (_, k) => rtp(0x10000 + k, 0));
  const started = performance.now();
  for (let i = 0; i < blast; i += 1000) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(i + 1000, blast); j++) {
      const packet = packets[j % 300]!;
      packet.writeUInt16BE(Math.floor(j / 300) & 0xffff, 2);
      packet.writeBigUInt64BE(ntpNow(), 17);
      batch.push(send(Buffer.from(packet), receiver.port));
    }
    await Promise.all(batch);
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 100));
  const three = await receiver.snapshot();
  console.log('blast', JSON.stringify(three));
  assert.equal(three.packets + three.drops, blast);
  console.log(`blast: ${blast} packets in ${seconds.toFixed(2)} s (${Math.round(blast / seconds)} packets/s), ` +
    `receiver ${(three.cpuMs / (three.packets / 100_000)).toFixed(1)} ms CPU per 100k packets, ` +
    `${(three.packets / three.recvmmsgCalls).toFixed(1)} packets per recvmmsg, lost ${three.lost}`);
  console.log('OK');
} finally {
  socket.close();
  await receiver.close();
}
