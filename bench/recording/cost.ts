// What recording costs (issue #18): the two ffmpegs of a teacher (camera VP8 1.2 Mbit/s, voice
// Opus) run with the server's arguments (signaling/src/recording/FfmpegWriter.ts), fed in real time
// by the fan-out bench's synthetic teacher. Prints each one's CPU (% of a core) and the disk per minute.
// Usage: node bench/recording/cost.ts [seconds, default 60]
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PacedSource, recordSource } from '../fanout/source.ts';
const seconds = Number(process.argv[2] ?? 60);
const dir = mkdtempSync(join(tmpdir(), 'recording-cost-'));
const source = await recordSource({ seconds: 20, videoKbps: 1200, keyFrameSeconds: 4 });
// A relay socket splits the single stream by payload type to two ffmpegs (as the server's two taps do).
const relay = createSocket('udp4');
await new Promise<void>((r) => relay.bind(0, '127.0.0.1', () => r()));
// Fixed ports: pick others if these are taken on your machine.
const ports = { video: 47000, audio: 47010 };
const sdp = (kind: string, port: number, pt: number, map: string) => `v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=${kind} ${port} RTP/AVP ${pt}\na=rtpmap:${pt} ${map}\na=recvonly\n`;
writeFileSync(`${dir}/v.sdp`, sdp('video', ports.video, 101, 'VP8/90000'));
writeFileSync(`${dir}/a.sdp`, sdp('audio', ports.audio, 100, 'opus/48000/2'));
const args = (sdpFile: string, out: string) => ['-hide_banner', '-nostdin', '-loglevel', 'error', '-protocol_whitelist', 'file,udp,rtp', '-analyzeduration', '500000', '-probesize', '32768', '-i', sdpFile, '-map', '0', '-c', 'copy', '-flush_packets', '1', '-f', 'webm', '-cluster_time_limit', '1000', '-y', out];
const v = spawn('/usr/bin/ffmpeg', args(`${dir}/v.sdp`, `${dir}/v.webm`), { stdio: 'inherit' });
const a = spawn('/usr/bin/ffmpeg', args(`${dir}/a.sdp`, `${dir}/a.webm`), { stdio: 'inherit' });
await new Promise((r) => setTimeout(r, 1000));
relay.on('message', (m) => { const pt = m[1]! & 0x7f; relay.send(m, pt === 101 ? ports.video : ports.audio, '127.0.0.1'); });
const paced = new PacedSource(source, { host: '127.0.0.1', port: relay.address().port, videoSsrc: 1, audioSsrc: 2, absCaptureTimeId: 10 });
const ticks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return Number(f[11]) + Number(f[12]); };
paced.start();
await new Promise((r) => setTimeout(r, 2000));
const t0 = { v: ticks(v.pid!), a: ticks(a.pid!), at: Date.now() };
await new Promise((r) => setTimeout(r, seconds * 1000));
const t1 = { v: ticks(v.pid!), a: ticks(a.pid!), at: Date.now() };
const wall = (t1.at - t0.at) / 1000;
const pct = (d: number) => ((d / 100) / wall * 100).toFixed(2);
console.log(`over ${wall.toFixed(1)} s: camera ffmpeg ${pct(t1.v - t0.v)} % of a core, voice ffmpeg ${pct(t1.a - t0.a)} %`);
await paced.stop();
const bye = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 0, 0x81, 203, 0, 1, 0, 0, 0, 0]);
for (const p of [ports.video, ports.audio]) relay.send(bye, p + 1, '127.0.0.1');
await Promise.all([new Promise((r) => v.on('exit', r)), new Promise((r) => a.on('exit', r))]);
relay.close();
const total = seconds + 2 + 1;
for (const f of ['v.webm', 'a.webm']) console.log(f, (statSync(`${dir}/${f}`).size / 1e6).toFixed(2), 'MB', 'per minute:', (statSync(`${dir}/${f}`).size / 1e6 / (total / 60)).toFixed(2), 'MB');
rmSync(dir, { recursive: true, force: true });
