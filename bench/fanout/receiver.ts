import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One window of the native receiver (receiver.c), between two snapshots. */
export interface ReceiverSnapshot {
  elapsedMs: number;
  /** RTP packets (RTCP is ignored) and their UDP payload bytes. */
  packets: number;
  bytes: number;
  /** Sum over SSRCs of max(0, expected - received), from RTP sequence numbers. */
  lost: number;
  expected: number;
  /** SSRCs that received at least one packet in the window. */
  ssrcs: number;
  /** Packets that carried abs-capture-time, each giving kernel arrival − capture time. */
  delaySamples: number;
  /** 10 µs buckets: each percentile is its bucket's upper edge (capped at max). */
  delayUs: { p50: number; p90: number; p99: number; p999: number; max: number };
  /** Delays below zero (clock skew between capture stamp and arrival), counted as 0. */
  negativeDelays: number;
  /** The receiver's own user + system CPU time in the window. */
  cpuMs: number;
  recvmmsgCalls: number;
  /** Datagrams the kernel dropped because the socket buffer was full (SO_RXQ_OVFL). */
  drops: number;
}

export interface RtpReceiverOptions {
  bin: string;
  /** 0 (the default) binds an ephemeral port. */
  port?: number;
  absCaptureTimeId: number;
  /** Pin the receiver to this core (taskset -c), away from the SFU's workers. */
  cpu?: number;
}

const SOURCE = fileURLToPath(new URL('./receiver.c', import.meta.url));
const CACHE_DIR = join(homedir(), '.cache', 'live-classroom', 'bench');

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(`${command} not found: install build-essential (apt-get install build-essential)`) : error);
    });
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`));
    });
  });
}

/** Compiles receiver.c once per source version; returns the binary's path. */
export async function buildReceiver(): Promise<string> {
  const source = await readFile(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const bin = join(CACHE_DIR, `rtp-receiver-${hash}`);
  if (existsSync(bin)) return bin;
  await mkdir(CACHE_DIR, { recursive: true });
  // Compile to a private name and rename, so that concurrent builds never see a half-written file.
  const tmp = `${bin}.${process.pid}.tmp`;
  try {
    await run('cc', ['-O2', '-Wall', '-Wextra', '-o', tmp, SOURCE]);
    await rename(tmp, bin);
  } finally {
    await rm(tmp, { force: true });
  }
  return bin;
}

/** The native receiver as a child process: one JSON line per request on its stdout. */
export class RtpReceiver {
  readonly port: number;
  readonly pid: number;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  readonly #exited: Promise<number | null>;
  readonly #stderr: { text: string };
  #pending: Promise<unknown> = Promise.resolve();

  private constructor(child: ChildProcessWithoutNullStreams, lines: AsyncIterator<string>, port: number,
    exited: Promise<number | null>, stderr: { text: string }) {
    this.#child = child;
    this.#stderr = stderr;
    this.#lines = lines;
    this.port = port;
    this.pid = child.pid ?? -1;
    this.#exited = exited;
  }

  static async start(options: RtpReceiverOptions): Promise<RtpReceiver> {
    const args = [String(options.port ?? 0), String(options.absCaptureTimeId)];
    // taskset execs the receiver, so the child's pid is the receiver's.
    const child = options.cpu === undefined
      ? spawn(options.bin, args, { stdio: 'pipe' })
      : spawn('taskset', ['-c', String(options.cpu), options.bin, ...args], { stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => resolve(code));
    });
    exited.catch(() => {}); // surfaced by the first read below
    child.stdin.on('error', () => {}); // EPIPE once it died: surfaced by the stdout that ended
    const lines = readLines(child);
    const stderr = { text: '' };
    child.stderr.on('data', (chunk: Buffer) => { stderr.text += chunk.toString(); });
    const first = await Promise.race([lines.next(), exited.then((code) => ({ done: true as const, value: code }))]);
    if (first.done) {
      child.kill('SIGKILL');
      throw new Error(`rtp-receiver exited before binding (code ${String(first.value)}): ${stderr.text.trim()}`);
    }
    const { port } = JSON.parse(first.value as string) as { port: number };
    return new RtpReceiver(child, lines, port, exited, stderr);
  }

  /** Ends the current window and returns its counters; concurrent calls are serialized. */
  snapshot(): Promise<ReceiverSnapshot> {
    return this.#request<ReceiverSnapshot>('snap');
  }

  /** When each SSRC's first packet arrived (unix ms, kernel timestamp), by SSRC. */
  async firstArrivals(): Promise<Map<number, number>> {
    const { firsts } = await this.#request<{ firsts: Record<string, number> }>('firsts');
    return new Map(Object.entries(firsts).map(([ssrc, ns]) => [Number(ssrc), ns / 1e6]));
  }

  #request<T>(command: string): Promise<T> {
    const next = this.#pending.then(async () => {
      this.#child.stdin.write(`${command}\n`);
      const line = await this.#lines.next();
      if (line.done) throw new Error(`rtp-receiver exited: ${this.#stderr.text.trim()}`);
      return JSON.parse(line.value) as T;
    });
    this.#pending = next.catch(() => {});
    return next;
  }

  /** Closing stdin makes it exit 0; kill it if it does not within 2 s. */
  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 2000);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** stdout split into lines; next() resolves done once the process closed its stdout. */
function readLines(child: ChildProcessWithoutNullStreams): AsyncIterator<string> {
  const queue: string[] = [];
  const waiters: ((result: IteratorResult<string>) => void)[] = [];
  let buffer = '';
  let ended = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const waiter = waiters.shift();
      if (waiter) waiter({ done: false, value: line });
      else queue.push(line);
    }
  });
  child.stdout.on('close', () => {
    ended = true;
    for (const waiter of waiters.splice(0)) waiter({ done: true, value: undefined });
  });
  return {
    next: () => {
      const line = queue.shift();
      if (line !== undefined) return Promise.resolve({ done: false, value: line });
      if (ended) return Promise.resolve({ done: true, value: undefined });
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
