import type { QualityGrade } from './quality.ts';

/** The ways a classroom may reach the media server: UDP, TCP, or the TURN relay. */
export const NETWORK_PATHS = ['udp', 'tcp', 'relay'] as const;
export type NetworkPath = (typeof NETWORK_PATHS)[number];

/** Why a check ran: the projector page opened, the assistant asked, or the morning's own check. */
export const NETWORK_CHECK_TRIGGERS = ['opened', 'assistant', 'morning'] as const;
export type NetworkCheckTrigger = (typeof NETWORK_CHECK_TRIGGERS)[number];

/** What the check found of one path. */
export type PathState = 'ok' | 'blocked' | 'not_configured';

/** The camera layer a lesson would get: the teacher's simulcast layers, or none (sound only). */
export type LessonLayer = 'high' | 'medium' | 'low' | 'none';
export const LESSON_LAYERS: readonly LessonLayer[] = ['low', 'medium', 'high'];

/** What to ask the school's network administrator to open: one protocol, to which host and ports. */
export interface NetworkAdvice {
  path: NetworkPath;
  protocol: 'udp' | 'tcp';
  host: string;
  ports: string;
}

/** One stored check of a lasting classroom. */
export interface NetworkCheckResult {
  classroomId: string;
  checkedAt: string;
  trigger: NetworkCheckTrigger;
  grade: QualityGrade;
  layer: LessonLayer;
  rttMs: number | null;
  bitrateKbps: number | null;
  lossPercent: number | null;
  jitterMs: number | null;
  paths: Record<NetworkPath, PathState>;
  advice: NetworkAdvice[];
}

/** `GET /api/network-checks`: the last check of each classroom the caller may see (none yet: absent). */
export interface NetworkChecksResponse {
  checks: NetworkCheckResult[];
}

/** `POST /api/network-checks` answer: what the browser needs to try each path. */
export interface NetworkCheckStarted {
  checkId: string;
  routerRtpCapabilities: unknown;
  /** Each path the server offers: its transport, and for the relay the ICE servers to reach it. */
  paths: { path: NetworkPath; transport: { id: string; iceParameters: unknown; iceCandidates: unknown; dtlsParameters: unknown }; iceServers?: unknown[] }[];
  /** Paths the server does not offer (TURN not configured, a protocol switched off). */
  notConfigured: NetworkPath[];
  /** How long to receive the probe stream before finishing. */
  measureMs: number;
  /** How long to wait for a path to connect before calling it blocked. */
  connectTimeoutMs: number;
}

/** The probe stream's layers in kbit/s (as the teacher's camera sends them). */
export const LAYER_KBPS: Record<Exclude<LessonLayer, 'none'>, number> = { low: 150, medium: 500, high: 1200 };

/**
 * Thresholds, as the lesson's own link grade (quality.ts): below 2 % loss and 250 ms a picture
 * and voice play without visible repair; past 8 % or 600 ms speech breaks up. A layer counts
 * as carried when at least 60 % of its rate arrived (an encoder's rate dips on still frames).
 */
const CARRIED_SHARE = 0.6;

/** Which layer a link carries: the one mediasoup sent at the end, as far as the bitrate bears it out. */
export function layerCarried(serverLayer: number | null, bitrateKbps: number): LessonLayer {
  const byServer = serverLayer === null ? 2 : serverLayer;
  for (let i = Math.min(byServer, 2); i >= 0; i--) {
    const layer = LESSON_LAYERS[i]!;
    if (bitrateKbps >= LAYER_KBPS[layer as Exclude<LessonLayer, 'none'>] * CARRIED_SHARE) return layer;
  }
  return 'none';
}

export interface GradeInput {
  /** Each path as found; a path the server does not offer is 'not_configured'. */
  paths: Record<NetworkPath, PathState>;
  /** mediasoup's spatial layer at the end of the check (0 = low), null when none was sent. */
  serverLayer: number | null;
  downlink: { bitrateKbps: number; lossPercent: number; rttMs: number | null } | null;
  /** Where each path reaches the server, for the advice. */
  endpoints: Record<NetworkPath, { protocol: 'udp' | 'tcp'; host: string; ports: string }[]>;
}

/**
 * The grade of a check and the layer a lesson will get: good = the top layer with little loss
 * and delay; fair = the middle layer, or some loss / delay; poor = the lowest layer or none, heavy
 * loss or delay, or no way in. Each blocked path yields what to ask the network administrator.
 */
export function gradeNetworkCheck(input: GradeInput): { grade: QualityGrade; layer: LessonLayer; advice: NetworkAdvice[] } {
  const advice = NETWORK_PATHS.filter((path) => input.paths[path] === 'blocked')
    .flatMap((path) => input.endpoints[path].map((endpoint) => ({ path, ...endpoint })));
  const { downlink } = input;
  if (!downlink) return { grade: 'poor', layer: 'none', advice };
  const layer = layerCarried(input.serverLayer, downlink.bitrateKbps);
  const rtt = downlink.rttMs ?? 0;
  if (layer === 'none' || layer === 'low' || downlink.lossPercent >= 8 || rtt >= 600) return { grade: 'poor', layer, advice };
  if (layer === 'medium' || downlink.lossPercent >= 2 || rtt >= 250) return { grade: 'fair', layer, advice };
  return { grade: 'good', layer, advice };
}
