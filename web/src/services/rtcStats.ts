/** One entry of an RTCStatsReport, read as an unknown record. */
export type Stat = Record<string, unknown>;

// lib.dom types stats entries as `any`; read them as unknown records and pick numbers.
export function statEntries(report: RTCStatsReport): Stat[] {
  const out: Stat[] = [];
  report.forEach((value: unknown) => {
    if (typeof value === 'object' && value !== null) out.push(value as Stat);
  });
  return out;
}

export function statNumber(stat: Stat | undefined, key: string): number {
  const value = stat?.[key];
  return typeof value === 'number' ? value : 0;
}

export function statString(stat: Stat | undefined, key: string): string | null {
  const value = stat?.[key];
  return typeof value === 'string' ? value : null;
}

/**
 * The ICE candidate pair in use: the one the transport entry names, or (older browsers) the
 * nominated pair that succeeded.
 */
export function selectedCandidatePair(stats: Stat[]): Stat | undefined {
  const selectedId = stats.map((s) => (s['type'] === 'transport' ? statString(s, 'selectedCandidatePairId') : null)).find(Boolean);
  return (selectedId ? stats.find((s) => s['id'] === selectedId) : undefined)
    ?? stats.find((s) => s['type'] === 'candidate-pair' && s['state'] === 'succeeded' && s['nominated'] === true);
}
