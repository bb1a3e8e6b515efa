import { z } from 'zod';
import { dtlsParametersSchema, rtpCapabilitiesSchema } from './media.ts';
import { NETWORK_CHECK_TRIGGERS, NETWORK_PATHS } from './networkGrade.ts';

// The network check's requests (schemas: the server's checks). What the browser needs at run
// time (paths, layers, grading) is in networkGrade.ts, which has no zod (the projector's bundle).

export const networkPathSchema = z.enum(NETWORK_PATHS);

export const networkCheckTriggerSchema = z.enum(NETWORK_CHECK_TRIGGERS);

/** `POST /api/network-checks`: a classroom's permanent link starts a check. */
export const networkCheckStartSchema = z.strictObject({ trigger: networkCheckTriggerSchema });

/** `POST /api/network-checks/:id/connect`: the browser's DTLS side of one path's transport. */
export const networkCheckConnectSchema = z.strictObject({ path: networkPathSchema, dtlsParameters: dtlsParametersSchema });

/** `POST /api/network-checks/:id/consume`: receive the probe stream over that path. */
export const networkCheckConsumeSchema = z.strictObject({ path: networkPathSchema, rtpCapabilities: rtpCapabilitiesSchema });

/** `POST /api/network-checks/:id/resume`: receive the probe stream over this path (the best that connected). */
export const networkCheckResumeSchema = z.strictObject({ path: networkPathSchema });

const ms = z.number().min(0).max(60_000).nullable();

/** `POST /api/network-checks/:id/finish`: what the browser measured (getStats). */
export const networkCheckFinishSchema = z.strictObject({
  /** Whether ICE and DTLS connected on each path the server offered, and its round trip. */
  paths: z.partialRecord(networkPathSchema, z.strictObject({ connected: z.boolean(), rttMs: ms })),
  /** The probe stream as received over the best path, over the last seconds of the check. */
  downlink: z.strictObject({
    path: networkPathSchema,
    bitrateKbps: z.number().min(0).max(100_000),
    lossPercent: z.number().min(0).max(100),
    jitterMs: ms,
    rttMs: ms,
  }).nullable(),
});
export type NetworkCheckFinish = z.infer<typeof networkCheckFinishSchema>;
