/**
 * Manual check of source.ts (not part of the test suite):
 *   node bench/fanout/source.check.ts
 * Records a 3 s source, replays it toward a local UDP socket for 7 s (two loop boundaries), twice:
 * with the default pacer (libwebrtc's 40 ms burst allowance) and with the strict 5 ms interval
 * budget (burstMs 0), and checks rates, bitrate, continuity, the abs-capture-time stamps and pacing.
 */
import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { PacedSource, recordSource, type RecordedSource } from './source.ts';

const RUN_MS = 7000;
const EXT_ID = 5;
const VIDEO_SSRC = 0x1234_5678;
const AUDIO_SSRC = 0x8765_4321;
const NTP_EPOCH_OFFSET_S = 2_208_988_800;

interface Arrival {
  at: number; // wall clock ms (performance.timeOrigin + performance.now())
  packet: Buffer;
}

const failures: string[] = [];
function check(ok: boolean, message: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures.push(message);
}

function parse(packet: Buffer): { seq: number; ts: number; ssrc: number; marker: boolean; ntpMs: number | undefined; payload: Buffer } {
  const cc = packet[0]! & 0x0f;
  let offset = 12 + 4 * cc;
  let ntpMs: number | undefined;
  if (packet[0]! & 0x10) {
    const profile = packet.readUInt16BE(offset);
    const end = offset + 4 + 4 * packet.readUInt16BE(offset + 2);
    if (profile === 0xbede) {
      let i = offset + 4;
      while (i < end) {
        const b = packet[i]!;
        if (b === 0) { i++; continue; }
        const id = b >> 4;
        const length = (b & 0x0f) + 1;
        if (id === EXT_ID && length === 8) {
          ntpMs = (packet.readUInt32BE(i + 1) - NTP_EPOCH_OFFSET_S) * 1000 + (packet.readUInt32BE(i + 5) / 0x1_0000_0000) * 1000;
        }
        i += 1 + length;
      }
    }
    offset = end;
  }
  return {
    seq: packet.readUInt16BE(2), ts: packet.readUInt32BE(4), ssrc: packet.readUInt32BE(8),
    marker: (packet[1]! & 0x80) !== 0, ntpMs, payload: packet.subarray(offset),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function run(source: RecordedSource, label: string, burstMs: number | undefined): Promise<void> {
  console.log(`\n== ${label}`);
  const arrivals: Arrival[] = [];
  const receiver = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  receiver.on('message', (packet) => arrivals.push({ at: performance.timeOrigin + performance.now(), packet: Buffer.from(packet) }));
  await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', () => resolve()));

  const paced = new PacedSource(source, {
    host: '127.0.0.1', port: receiver.address().port, videoSsrc: VIDEO_SSRC, audioSsrc: AUDIO_SSRC, absCaptureTimeId: EXT_ID,
    ...(burstMs === undefined ? {} : { burstMs }),
  });
  const cpuBefore = process.cpuUsage();
  paced.start();
  await new Promise((r) => setTimeout(r, RUN_MS));
  await paced.stop();
  const cpu = process.cpuUsage(cpuBefore);
  await new Promise((r) => setTimeout(r, 100));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));

  const stats = paced.stats();
  const parsed = arrivals.map((a) => ({ at: a.at, ...parse(a.packet), size: a.packet.length }));
  const video = parsed.filter((p) => p.ssrc === VIDEO_SSRC);
  const audio = parsed.filter((p) => p.ssrc === AUDIO_SSRC);
  const windowS = (parsed.at(-1)!.at - parsed[0]!.at) / 1000;
  console.log(`stats ${JSON.stringify(stats)}; pacing rate ${(paced.pacingBitrate / 1000).toFixed(0)} kbit/s; ` +
    `CPU ${(((cpu.user + cpu.system) / 1000 / RUN_MS) * 100).toFixed(1)}% of a core`);

  check(video.length + audio.length === parsed.length, `only our two SSRCs (${parsed.length} packets)`);
  check(stats.videoPackets === video.length && stats.audioPackets === audio.length,
    `stats match what arrived (video ${stats.videoPackets}/${video.length}, audio ${stats.audioPackets}/${audio.length})`);
  const videoRate = video.length / windowS;
  const audioRate = audio.length / windowS;
  check(videoRate >= 130 && videoRate <= 170, `video ${videoRate.toFixed(1)} pkt/s in 130-170`);
  check(audioRate >= 47 && audioRate <= 53, `audio ${audioRate.toFixed(1)} pkt/s in 47-53`);
  const videoKbps = (video.reduce((s, p) => s + p.size, 0) * 8) / windowS / 1000;
  const audioKbps = (audio.reduce((s, p) => s + p.size, 0) * 8) / windowS / 1000;
  check(Math.abs(videoKbps - 1200) <= 300, `video ${videoKbps.toFixed(0)} kbit/s within 1200 ±25% (audio ${audioKbps.toFixed(0)} kbit/s)`);

  check(stats.loops >= 2, `passed ${stats.loops} loop boundaries`);
  for (const [name, packets, clock] of [['video', video, 3000], ['audio', audio, 960]] as const) {
    let seqBreaks = 0;
    let tsBad = 0;
    for (let i = 1; i < packets.length; i++) {
      if (((packets[i - 1]!.seq + 1) & 0xffff) !== packets[i]!.seq) seqBreaks++;
      const dts = (packets[i]!.ts - packets[i - 1]!.ts) >>> 0;
      if (name === 'audio' ? dts !== clock : dts % clock !== 0 || dts > 3 * clock) tsBad++;
    }
    check(seqBreaks === 0, `${name} sequence numbers continuous over ${packets.length} packets`);
    check(tsBad === 0, `${name} timestamps continuous (steps of ${clock}${name === 'video' ? ' or 0' : ''})`);
  }
  // Payloads untouched and in order, loop after loop.
  for (const [name, packets, recorded] of [['video', video, source.video], ['audio', audio, source.audio]] as const) {
    const recordedPayloads = recorded.map((p) => parse(p).payload);
    const mismatches = packets.filter((p, i) => !p.payload.equals(recordedPayloads[i % recordedPayloads.length]!)).length;
    check(mismatches === 0, `${name} payloads identical to the recording (${mismatches} differ)`);
  }
  // Every packet carries abs-capture-time, stamped at send time.
  const missing = parsed.filter((p) => p.ntpMs === undefined).length;
  const skews = parsed.filter((p) => p.ntpMs !== undefined).map((p) => p.at - p.ntpMs!);
  check(missing === 0, `abs-capture-time on every packet (${missing} missing)`);
  const worst = skews.indexOf(Math.max(...skews));
  console.log(`largest arrival - stamp at packet ${worst} of ${skews.length}`);
  check(skews.every((s) => s >= -1 && s <= 20),
    `arrival - stamp within [-1, 20] ms: min ${Math.min(...skews).toFixed(3)}, p50 ${percentile(skews, 50).toFixed(3)}, p99 ${percentile(skews, 99).toFixed(3)}, max ${Math.max(...skews).toFixed(3)} ms`);

  // Pacing: spread of each frame's packets at the receiver; key frames by first packet.
  const frames = new Map<number, { first: number; last: number; count: number; bytes: number; key: boolean }>();
  for (const p of video) {
    const f = frames.get(p.ts);
    const key = (p.payload[0]! & 0x10) !== 0 && isKeyPayload(p.payload);
    if (!f) frames.set(p.ts, { first: p.at, last: p.at, count: 1, bytes: p.size, key });
    else { f.last = p.at; f.count++; f.bytes += p.size; }
  }
  const all = [...frames.values()];
  const keys = all.filter((f) => f.key);
  const deltas = all.filter((f) => !f.key);
  const spread = (f: { first: number; last: number }): number => f.last - f.first;
  console.log(`key frames: ${keys.map((f) => `${f.count} pkts/${f.bytes} B over ${spread(f).toFixed(2)} ms`).join('; ')}`);
  console.log(`delta frames: ${percentile(deltas.map((f) => f.count), 50)} pkts median; spread p50 ${percentile(deltas.map(spread), 50).toFixed(2)} ms, ` +
    `p90 ${percentile(deltas.map(spread), 90).toFixed(2)} ms, max ${Math.max(...deltas.map(spread)).toFixed(2)} ms`);
  check(keys.length === stats.keyFrames && keys.length >= 2, `${keys.length} key frames seen (stats say ${stats.keyFrames})`);
  // Frame release times: the first packet of each frame relative to its RTP time (timer jitter).
  const firstVideo = video[0]!;
  const offsets = all.map((f, i) => f.first - firstVideo.at - (i * 1000) / 30);
  const earliest = Math.min(...offsets);
  const lateness = offsets.map((o) => o - earliest);
  console.log(`first packet of each frame vs its RTP time (0 = earliest): p50 ${percentile(lateness, 50).toFixed(2)} ms, ` +
    `p99 ${percentile(lateness, 99).toFixed(2)} ms, max ${Math.max(...lateness).toFixed(2)} ms`);
  if (burstMs === 0) {
    check(keys.every((f) => spread(f) > 1), `strict budget spreads key frames over > 1 ms (${keys.map((f) => spread(f).toFixed(1)).join(', ')} ms)`);
  } else {
    check(percentile(deltas.map(spread), 50) < 1, 'default pacer sends a normal frame in one burst (median spread < 1 ms)');
  }
}

function isKeyPayload(payload: Buffer): boolean {
  let i = 0;
  const b0 = payload[i++]!;
  if ((b0 & 0x07) !== 0) return false;
  if (b0 & 0x80) {
    const b1 = payload[i++]!;
    if (b1 & 0x80) i += payload[i]! & 0x80 ? 2 : 1;
    if (b1 & 0x40) i++;
    if (b1 & 0x30) i++;
  }
  return (payload[i]! & 0x01) === 0;
}

const source = await recordSource({ seconds: 3 });
await run(source, 'default pacer (burst allowance 40 ms)', undefined);
await run(source, 'strict 5 ms interval budget (burstMs: 0)', 0);
console.log(failures.length ? `\n${failures.length} check(s) failed` : '\nall checks passed');
process.exitCode = failures.length ? 1 : 0;
