// CPU and memory of processes, read from /proc (no sampling thread, no per-packet cost).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (user + system) a process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), which ends at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Direct children of a process (e.g. a server's mediasoup workers). */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (list) children.push(...list.split(' ').map(Number));
  }
  return children;
}

export function commandOf(pid: number): string {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

/** Pins every thread of a process to the given CPUs (taskset); false where that is not possible. */
export function pin(pid: number, cpus: string): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' }).status === 0;
}

/** CPU use of several processes over a window, as % of one core. */
export class CpuWindow {
  readonly #pids: number[];
  #start: number[];
  #startedAt: number;

  constructor(pids: number[]) {
    this.#pids = pids;
    this.#start = pids.map(cpuMs);
    this.#startedAt = performance.now();
  }

  /** % of one core each process used since the window opened. */
  percent(): number[] {
    const elapsed = performance.now() - this.#startedAt;
    return this.#pids.map((pid, i) => (100 * (cpuMs(pid) - this.#start[i]!)) / elapsed);
  }
}
