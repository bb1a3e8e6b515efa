import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { udpPortBound } from './udpPorts.ts';

/** How long ffmpeg has to end its file after the RTCP BYE, and then after SIGINT, before it is killed. */
const BYE_GRACE_MS = 1000;
const SIGINT_GRACE_MS = 2000;
/**
 * An empty receiver report and a BYE (RFC 3550 6.6): ffmpeg ends its input when each stream had a
 * BYE, whatever the SSRC; it reads no RTCP packet shorter than 12 bytes, hence the compound.
 */
const RTCP_BYE = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 0, 0x81, 203, 0, 1, 0, 0, 0, 0]);
/** How long ffmpeg may take to listen on its port. */
const LISTEN_TIMEOUT_MS = 5000;

/**
 * util-linux's setpriv starts ffmpeg with a parent-death signal: a server killed outright
 * (SIGKILL, OOM) takes its recorders with it instead of leaving them waiting on a dead port.
 * What they wrote stays readable (a cluster is flushed every second).
 */
const SETPRIV = '/usr/bin/setpriv';

/** ffmpeg exited, or never listened, before it could take any packet. */
export class FfmpegStartError extends Error {}

interface FfmpegWriterEvents {
  /** It exited without being asked to (crashed, killed): the file ends there. */
  died: [reason: string];
}

/**
 * One ffmpeg that receives one RTP stream (described by an SDP file) and writes it into a WebM
 * file as it comes: `-c copy`, no decoding, no encoding. Stopped by an RTCP BYE, so that it
 * writes the file's cues and duration.
 */
export class FfmpegWriter extends EventEmitter<FfmpegWriterEvents> {
  readonly #child: ChildProcess;
  readonly #port: number;
  readonly #exited: Promise<void>;
  #stopping = false;
  #gone = false;
  #stderr = '';

  static async start(ffmpeg: string, sdpFile: string, sdp: string, outFile: string, port: number): Promise<FfmpegWriter> {
    await writeFile(sdpFile, sdp);
    const writer = new FfmpegWriter(port, ffmpeg, [
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      '-protocol_whitelist', 'file,udp,rtp',
      // Start writing as soon as the first key frame tells the picture size (not after 5 s).
      '-analyzeduration', '500000', '-probesize', '32768',
      '-i', sdpFile, '-map', '0', '-c', 'copy',
      // What an ffmpeg that dies wrote is readable: a cluster of the file (the unit it writes)
      // every second, flushed at once.
      '-flush_packets', '1', '-f', 'webm', '-cluster_time_limit', '1000', outFile,
    ]);
    const until = Date.now() + LISTEN_TIMEOUT_MS;
    while (!(await udpPortBound(port))) {
      if (writer.exited || Date.now() > until) {
        await writer.stop();
        throw new FfmpegStartError(`ffmpeg did not listen on port ${port}: ${writer.#stderr.trim().slice(-300)}`);
      }
      await sleep(20);
    }
    return writer;
  }

  private constructor(port: number, ffmpeg: string, args: string[]) {
    super();
    this.#port = port;
    const [command, commandArgs] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'SIGKILL', '--', ffmpeg, ...args]] : [ffmpeg, args];
    this.#child = spawn(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { this.#stderr = (this.#stderr + chunk).slice(-4000); });
    this.#exited = new Promise((resolve) => {
      // Not started at all (no ffmpeg there): 'error' alone, no 'exit'.
      this.#child.once('error', (error) => {
        this.#stderr += error.message;
        this.#gone = true;
        resolve();
      });
      this.#child.once('exit', (code, signal) => {
        this.#gone = true;
        resolve();
        if (!this.#stopping) this.emit('died', `ffmpeg exited (${signal ?? code}): ${this.#stderr.trim().slice(-300)}`);
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get exited(): boolean {
    return this.#gone;
  }

  /** Whether it ended its file itself (duration and cues written): exit code 0. */
  get endedCleanly(): boolean {
    return this.#child.exitCode === 0;
  }

  /**
   * Ends the file: an RTCP BYE ends ffmpeg's input as a sender leaving would, and it writes the
   * file's end. A signal is the fallback only: ffmpeg looks at one between packets, and none come
   * once the source stopped; a second one breaks its read but also cuts its last writes.
   * Resolves once it is gone.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.exited) return;
    const udp = createSocket('udp4');
    for (const port of [this.#port, this.#port + 1]) udp.send(RTCP_BYE, port, '127.0.0.1');
    const timers = [
      setTimeout(() => this.#child.kill('SIGINT'), BYE_GRACE_MS),
      setTimeout(() => this.#child.kill('SIGINT'), BYE_GRACE_MS + 300),
      setTimeout(() => this.#child.kill('SIGKILL'), BYE_GRACE_MS + SIGINT_GRACE_MS),
    ];
    await this.#exited;
    for (const timer of timers) clearTimeout(timer);
    udp.close();
  }
}
