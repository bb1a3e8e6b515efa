// Figures that survive a noisy machine: per scenario, the median over rounds of the capacity, and
// the median worker CPU per classroom over every step within the thresholds (→ classrooms one
// worker core carries at 100 %). Also runnable on a results file:
//   node bench/fanout/summary.ts bench/results/fanout.json
import { readFileSync } from 'node:fs';
import type { StepResult } from './ramp.ts';

export interface ScenarioRun {
  name: string;
  workers: number;
  crypto: string;
  suite: string;
  capacity: number;
  steps: StepResult[];
}

export interface ScenarioSummary {
  name: string;
  workers: number;
  crypto: string;
  suite: string;
  /** Most classrooms within the thresholds, each round. */
  capacities: number[];
  medianCapacity: number;
  /** % of one core per classroom (median over passing steps of all rounds). */
  cpuPerClassroom: number | null;
  /** Classrooms one worker core carries at full CPU. */
  classroomsPerCore: number | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(runs: ScenarioRun[]): { scenarios: ScenarioSummary[]; comparisons: Record<string, number | null> } {
  const names = [...new Set(runs.map((r) => r.name))];
  const scenarios = names.map((name) => {
    const mine = runs.filter((r) => r.name === name);
    const cpu = median(mine.flatMap((r) => r.steps.filter((s) => s.passed).map((s) => s.workerCpuPerClassroom)));
    return {
      name, workers: mine[0]!.workers, crypto: mine[0]!.crypto, suite: mine[0]!.suite,
      capacities: mine.map((r) => r.capacity),
      medianCapacity: median(mine.map((r) => r.capacity)) ?? 0,
      cpuPerClassroom: cpu === null ? null : Number(cpu.toFixed(3)),
      classroomsPerCore: cpu ? Math.round(100 / cpu) : null,
    };
  });
  const of = (name: string) => scenarios.find((s) => s.name === name);
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? Number((a / b).toFixed(2)) : null);
  return {
    scenarios,
    comparisons: {
      productVsBareCapacity: ratio(of('product')?.medianCapacity, of('bare')?.medianCapacity),
      productVsBarePerCore: ratio(of('product')?.classroomsPerCore, of('bare')?.classroomsPerCore),
      opensslVsNssPerCoreGcm: ratio(of('bare')?.classroomsPerCore, of('bare-nss')?.classroomsPerCore),
      opensslVsNssPerCoreAesCm: ratio(of('bare-aes-cm')?.classroomsPerCore, of('bare-nss-aes-cm')?.classroomsPerCore),
      gcmVsAesCmPerCore: ratio(of('bare')?.classroomsPerCore, of('bare-aes-cm')?.classroomsPerCore),
    },
  };
}

export function printSummary({ scenarios, comparisons }: ReturnType<typeof summarize>): void {
  console.log(['scenario', 'workers', 'crypto', 'SRTP', 'capacity (rounds)', 'CPU % per classroom', 'classrooms per core at 100 %'].join('\t'));
  for (const s of scenarios) {
    console.log([s.name, s.workers, s.crypto, s.suite, `${s.medianCapacity} (${s.capacities.join(', ')})`, s.cpuPerClassroom ?? '-', s.classroomsPerCore ?? '-'].join('\t'));
  }
  console.log(`ratios: ${JSON.stringify(comparisons)}`);
}

if (import.meta.filename === process.argv[1]) {
  const file = process.argv[2] ?? 'bench/results/fanout.json';
  const data = JSON.parse(readFileSync(file, 'utf8')) as { scenarios: ScenarioRun[] };
  printSummary(summarize(data.scenarios));
}
