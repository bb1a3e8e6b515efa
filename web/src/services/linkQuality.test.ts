import { describe, expect, it } from 'vitest';
import { qualityReport, sampleLink, type LinkSample } from './linkQuality.ts';

const stats = [
  { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
  { id: 'P', type: 'candidate-pair', currentRoundTripTime: 0.042 },
  { id: 'V', type: 'inbound-rtp', kind: 'video', trackIdentifier: 'teacher-cam', packetsReceived: 900, packetsLost: 10, bytesReceived: 600_000, jitter: 0.004, frameHeight: 360, framesPerSecond: 29.7 },
  { id: 'A', type: 'inbound-rtp', kind: 'audio', trackIdentifier: 'teacher-mic', packetsReceived: 100, packetsLost: 0, bytesReceived: 10_000, jitter: 0.012 },
];

const base: LinkSample = { at: 0, packetsReceived: 0, packetsLost: 0, bytesReceived: 0, rttMs: null, jitterMs: null, frameHeight: 0, framesPerSecond: 0 };

describe('sampleLink', () => {
  it('adds up every inbound stream and reads the teacher camera by its track', () => {
    expect(sampleLink(stats, 'teacher-cam', 5_000)).toEqual({
      at: 5_000, packetsReceived: 1_000, packetsLost: 10, bytesReceived: 610_000,
      rttMs: 42, jitterMs: 12, frameHeight: 360, framesPerSecond: 29.7,
    });
  });

  it('has no round trip or picture before there is a candidate pair or a camera', () => {
    const sample = sampleLink(stats.slice(3), null, 0);
    expect(sample.rttMs).toBeNull();
    expect(sample.frameHeight).toBe(0);
  });
});

describe('qualityReport', () => {
  it('measures loss and bitrate over the interval only', () => {
    const previous = { ...base, at: 1_000, packetsReceived: 1_000, packetsLost: 5, bytesReceived: 100_000 };
    const current = { ...base, at: 6_000, packetsReceived: 1_950, packetsLost: 55, bytesReceived: 725_000, rttMs: 80.4, jitterMs: 3.21 };
    expect(qualityReport(previous, current)).toEqual({
      rttMs: 80, lossPercent: 5, jitterMs: 3.2, bitrateKbps: 1_000, frameHeight: 0, framesPerSecond: 0,
    });
  });

  it('says 0 % when nothing arrived, rather than dividing by zero', () => {
    expect(qualityReport(base, { ...base, at: 5_000 })?.lossPercent).toBe(0);
  });

  it('starts over when the counters went backwards (a new transport)', () => {
    expect(qualityReport({ ...base, packetsReceived: 500 }, { ...base, at: 5_000, packetsReceived: 20 })).toBeNull();
  });

  it('stays within the bounds the server accepts', () => {
    const report = qualityReport(base, { ...base, at: 1, bytesReceived: 1e9, rttMs: 1e6, frameHeight: 10_000 });
    expect(report).toMatchObject({ bitrateKbps: 100_000, rttMs: 60_000, frameHeight: 4320 });
  });
});
