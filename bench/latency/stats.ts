import type { FrameEvent } from './probe.ts';

export interface Summary {
  frames: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
}

/** Linear interpolation between closest ranks (as numpy's default). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    frames: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null),
    min: round(sorted[0] ?? null),
    max: round(sorted.at(-1) ?? null),
  };
}

export function median(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return percentile(present, 50);
}

export interface Matched {
  latencies: number[];
  /** Receiver frames presented inside the window. */
  received: number;
  /** Sender frames presented inside the window: what the receiver could have shown. */
  sent: number;
  /** Received frame widths inside the window: which simulcast layer arrived. */
  widths: Record<string, number>;
}

/**
 * Pairs each frame a receiver presented inside [start, end] with the sender's latest earlier
 * presentation of the same index. The fake camera loops, so an index recurs every `loopMs`: a
 * pair further apart than half a loop is the wrong lap and is not counted.
 */
export function matchFrames(sender: readonly FrameEvent[], receiver: readonly FrameEvent[], start: number, end: number, loopMs: number): Matched {
  const byIndex = new Map<number, number[]>();
  for (const { index, t } of sender) {
    const times = byIndex.get(index) ?? [];
    times.push(t);
    byIndex.set(index, times);
  }
  for (const times of byIndex.values()) times.sort((a, b) => a - b);
  const latencies: number[] = [];
  const widths: Record<string, number> = {};
  let received = 0;
  for (const { index, t, width } of receiver) {
    if (t < start || t > end) continue;
    received++;
    widths[width] = (widths[width] ?? 0) + 1;
    const shown = (byIndex.get(index) ?? []).filter((s) => s <= t).at(-1);
    if (shown !== undefined && t - shown < loopMs / 2) latencies.push(t - shown);
  }
  const sent = sender.filter(({ t }) => t >= start && t <= end).length;
  return { latencies, received, sent, widths };
}
