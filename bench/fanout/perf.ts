// Where a worker's CPU goes: `perf record -e cpu-clock` (the VM exposes no hardware counters)
// for a few seconds, summarised by library (kernel, crypto, mediasoup, libc) and by symbol.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Profile {
  classrooms?: number;
  /** % of the worker's samples per shared object. */
  byDso: Record<string, number>;
  topSymbols: { percent: number; dso: string; symbol: string }[];
  summary: string;
}

export async function profileWorker(pid: number, seconds: number, reportFile: string): Promise<Profile> {
  const data = join(tmpdir(), `fanout-perf-${pid}-${Date.now()}.data`);
  try {
    const record = spawnSync('perf', ['record', '-e', 'cpu-clock', '-F', '999', '-p', String(pid), '-o', data, '--', 'sleep', String(seconds)], { encoding: 'utf8' });
    if (record.status !== 0) throw new Error(`perf record failed (install linux-perf; run as root): ${record.stderr.trim().split('\n').at(-1)}`);
    const report = (sort: string) => spawnSync('perf', ['report', '-i', data, '--stdio', '--no-children', '--sort', sort, '--percent-limit', '0.3'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
    const byDsoText = report('dso');
    const bySymbolText = report('dso,symbol');
    writeFileSync(reportFile, `# perf record -e cpu-clock -p <worker> for ${seconds} s\n\n## by shared object\n${byDsoText}\n## by symbol\n${bySymbolText}`);
    const byDso: Record<string, number> = {};
    for (const match of byDsoText.matchAll(/^\s+([\d.]+)%\s+(\S+)/gm)) byDso[match[2]!] = Number(match[1]);
    const topSymbols = [...bySymbolText.matchAll(/^\s+([\d.]+)%\s+(\S+)\s+\[[.k]\]\s+(.+?)\s*$/gm)]
      .slice(0, 15).map((m) => ({ percent: Number(m[1]), dso: m[2]!, symbol: m[3]! }));
    const summary = Object.entries(byDso).slice(0, 5).map(([dso, percent]) => `${dso} ${percent}%`).join(', ');
    return { byDso, topSymbols, summary };
  } finally {
    rmSync(data, { force: true });
  }
}
