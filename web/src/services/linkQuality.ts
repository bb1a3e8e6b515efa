import type { QualityReport } from '@classroom/shared';
import { selectedCandidatePair, statNumber, type Stat } from './rtcStats.ts';

/** Counters and gauges of a projector's receive transport at one moment. */
export interface LinkSample {
  /** performance.now() of the reading, ms. */
  at: number;
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  rttMs: number | null;
  jitterMs: number | null;
  frameHeight: number;
  framesPerSecond: number;
}

/**
 * Reads one sample from the receive transport's stats: every inbound stream added up (sound and
 * pictures share the link), the worst jitter, and the frame size of the teacher's camera, found
 * by its track (`trackIdentifier` is the receiving track's id).
 */
export function sampleLink(stats: Stat[], teacherVideoTrackId: string | null, at: number): LinkSample {
  const inbound = stats.filter((s) => s['type'] === 'inbound-rtp');
  const sum = (key: string) => inbound.reduce((total, s) => total + statNumber(s, key), 0);
  const jitters = inbound.filter((s) => typeof s['jitter'] === 'number').map((s) => statNumber(s, 'jitter') * 1000);
  const pair = selectedCandidatePair(stats);
  const video = teacherVideoTrackId ? inbound.find((s) => s['trackIdentifier'] === teacherVideoTrackId) : undefined;
  return {
    at,
    packetsReceived: sum('packetsReceived'),
    packetsLost: sum('packetsLost'),
    bytesReceived: sum('bytesReceived'),
    rttMs: typeof pair?.['currentRoundTripTime'] === 'number' ? statNumber(pair, 'currentRoundTripTime') * 1000 : null,
    jitterMs: jitters.length > 0 ? Math.max(...jitters) : null,
    frameHeight: statNumber(video, 'frameHeight'),
    framesPerSecond: statNumber(video, 'framesPerSecond'),
  };
}

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The report over the interval between two samples. Loss and bitrate need a previous sample of
 * the same transport; counters that went backwards (a new transport) give null, so that the
 * caller starts over from this sample. Values are bounded like the server's schema.
 */
export function qualityReport(previous: LinkSample, current: LinkSample): QualityReport | null {
  const received = current.packetsReceived - previous.packetsReceived;
  const bytes = current.bytesReceived - previous.bytesReceived;
  const elapsedMs = current.at - previous.at;
  if (received < 0 || bytes < 0 || elapsedMs <= 0) return null;
  // packetsLost may shrink when late packets arrive after all (duplicates count as negative loss).
  const lost = Math.max(0, current.packetsLost - previous.packetsLost);
  const expected = received + lost;
  return {
    rttMs: current.rttMs === null ? null : round(clamp(current.rttMs, 60_000)),
    lossPercent: expected === 0 ? 0 : round(clamp((lost / expected) * 100, 100), 1),
    jitterMs: current.jitterMs === null ? null : round(clamp(current.jitterMs, 60_000), 1),
    // bits per millisecond are kilobits per second.
    bitrateKbps: round(clamp((bytes * 8) / elapsedMs, 100_000)),
    frameHeight: round(clamp(current.frameHeight, 4320)),
    framesPerSecond: round(clamp(current.framesPerSecond, 240), 1),
  };
}
