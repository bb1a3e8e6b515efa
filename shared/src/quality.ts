import { z } from 'zod';

/**
 * What a projector measures of its own link (from its WebRTC receiver stats) and reports every
 * few seconds: stored for the lesson report, shown to the teacher and the assistant.
 */
export const qualityReportSchema = z.strictObject({
  /** Round trip to the server, ms. */
  rttMs: z.number().min(0).max(60_000).nullable(),
  /** Packets lost over the last interval, percent. */
  lossPercent: z.number().min(0).max(100),
  jitterMs: z.number().min(0).max(60_000).nullable(),
  /** Media received over the last interval, kbit/s. */
  bitrateKbps: z.number().min(0).max(100_000),
  /** Height of the teacher's video as decoded (which simulcast layer arrives), 0 if none. */
  frameHeight: z.number().int().min(0).max(4320),
  framesPerSecond: z.number().min(0).max(240),
});
export type QualityReport = z.infer<typeof qualityReportSchema>;

/** A grade the views can show in one word and one colour. */
export type QualityGrade = 'good' | 'fair' | 'poor';

/**
 * From what the projector measured and, when known, mediasoup's score (0–10) of what the server
 * sends it (from the projector's RTCP receiver reports: loss and retransmissions as the server sees them).
 */
export function gradeQuality(r: Pick<QualityReport, 'lossPercent' | 'rttMs'>, mediaScore: number | null = null): QualityGrade {
  const score = mediaScore ?? 10;
  if (r.lossPercent >= 8 || (r.rttMs ?? 0) >= 600 || score <= 3) return 'poor';
  if (r.lossPercent >= 2 || (r.rttMs ?? 0) >= 250 || score <= 6) return 'fair';
  return 'good';
}
