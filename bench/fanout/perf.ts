// Where a worker's CPU goes: `perf record -e cpu-clock` (the VM exposes no hardware counters)
// for a few seconds, summarised by library (kernel, crypto, mediasoup, libc) and by symbol.
import { spawn } from 'node:child_process';
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
    const record = await run(['record', '-e', 'cpu-clock', '-F', '999', '-p', String(pid), '-o', data, '--', 'sleep', String(seconds)]);
    if (record.code !== 0) throw new Error(`perf record failed (install linux-perf; run as root): ${record.stderr.trim().split('\n').at(-1)}`);
    const report = async (sort: string) => (await run(['report', '-i', data, '--stdio', '--no-children', '--sort', sort, '--percent-limit', '0.3'])).stdout;
    const byDsoText = await report('dso');
    const bySymbolText = await report('dso,symbol');
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

/** Never spawnSync: this process also paces the synthetic teacher, which must not stall. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('perf', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
