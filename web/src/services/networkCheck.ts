import type { types } from 'mediasoup-client';
import type {
  NetworkCheckFinish, NetworkCheckResult, NetworkCheckStarted, NetworkCheckTrigger, NetworkPath,
} from '@classroom/shared';
import { call, json } from './api.ts';
import { createDevice } from './mediaDevice.ts';
import { delay } from './util.ts';
import { selectedCandidatePair, statEntries, statNumber, type Stat } from './rtcStats.ts';

// The network check (issue 17): each path the server offers is tried with a transport of its
// own (UDP only, TCP only, the TURN relay only); the probe stream, simulcast at the teacher's
// layers, is then received over the best path that connected while mediasoup's bandwidth
// estimate settles, and measured with getStats: received bitrate, loss, jitter, round trip.

/** Preference among the paths that connect: what a lesson's transport would pick. */
const PREFERENCE: readonly NetworkPath[] = ['udp', 'tcp', 'relay'];
/** The first seconds are mediasoup's estimate climbing: only the rest of the window is measured. */
const RAMP_SHARE = 0.5;

interface Attempt {
  path: NetworkPath;
  transport: types.Transport;
  consumer?: types.Consumer;
  connected: boolean;
}

/** Runs one check on a classroom's permanent link; the server grades and stores it. */
export async function runNetworkCheck(token: string, trigger: NetworkCheckTrigger): Promise<NetworkCheckResult> {
  const started = await call<NetworkCheckStarted>('/api/network-checks', token, json('POST', { trigger }));
  const base = `/api/network-checks/${encodeURIComponent(started.checkId)}`;
  const device = await createDevice();
  await device.load({ routerRtpCapabilities: started.routerRtpCapabilities as types.RtpCapabilities });
  const attempts: Attempt[] = [];
  try {
    for (const offered of started.paths) {
      const transport = device.createRecvTransport({
        ...(offered.transport as types.TransportOptions),
        iceServers: (offered.iceServers ?? []) as RTCIceServer[],
        iceTransportPolicy: offered.path === 'relay' ? 'relay' : 'all',
      });
      transport.on('connect', ({ dtlsParameters }, done, fail) => {
        call(`${base}/connect`, token, json('POST', { path: offered.path, dtlsParameters })).then(() => done(), fail);
      });
      attempts.push({ path: offered.path, transport, connected: false });
    }
    // Every path at once: a blocked one costs its timeout only once.
    await Promise.all(attempts.map((attempt) => connectPath(attempt, base, token, device, started.connectTimeoutMs)));
    const best = PREFERENCE.map((path) => attempts.find((a) => a.path === path && a.connected)).find(Boolean);
    let downlink: NetworkCheckFinish['downlink'] = null;
    if (best) {
      await call(`${base}/resume`, token, json('POST', { path: best.path }));
      downlink = await measureDownlink(best, started.measureMs);
    }
    const paths: NetworkCheckFinish['paths'] = {};
    for (const attempt of attempts) {
      paths[attempt.path] = { connected: attempt.connected, rttMs: attempt.connected ? await pathRtt(attempt.transport) : null };
    }
    return await call<NetworkCheckResult>(`${base}/finish`, token, json('POST', { paths, downlink } satisfies NetworkCheckFinish));
  } finally {
    for (const attempt of attempts) attempt.transport.close();
  }
}

/** Receives the (paused) probe stream over the path so that it connects; true once it has. */
async function connectPath(attempt: Attempt, base: string, token: string, device: { rtpCapabilities: types.RtpCapabilities }, timeoutMs: number): Promise<void> {
  const params = await call<{ id: string; producerId: string; kind: 'video'; rtpParameters: types.RtpParameters }>(
    `${base}/consume`, token, json('POST', { path: attempt.path, rtpCapabilities: device.rtpCapabilities }));
  const connected = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    attempt.transport.on('connectionstatechange', (state) => {
      if (state === 'connected') { clearTimeout(timer); resolve(true); }
      if (state === 'failed') { clearTimeout(timer); resolve(false); }
    });
  });
  attempt.consumer = await attempt.transport.consume(params);
  attempt.connected = await connected;
}

function inbound(stats: Stat[]): Stat | undefined {
  return stats.find((s) => s['type'] === 'inbound-rtp' && s['kind'] === 'video');
}

/** Received bitrate, loss and jitter of the probe stream over the settled part of the window. */
async function measureDownlink(attempt: Attempt, measureMs: number): Promise<NonNullable<NetworkCheckFinish['downlink']>> {
  const consumer = attempt.consumer!;
  await delay(measureMs * RAMP_SHARE);
  const first = statEntries(await consumer.getStats());
  const firstAt = performance.now();
  await delay(measureMs * (1 - RAMP_SHARE));
  const last = statEntries(await consumer.getStats());
  const seconds = (performance.now() - firstAt) / 1000;
  const [a, b] = [inbound(first), inbound(last)];
  const bytes = statNumber(b, 'bytesReceived') - statNumber(a, 'bytesReceived');
  const received = statNumber(b, 'packetsReceived') - statNumber(a, 'packetsReceived');
  const lost = Math.max(0, statNumber(b, 'packetsLost') - statNumber(a, 'packetsLost'));
  const jitter = b?.['jitter'];
  return {
    path: attempt.path,
    bitrateKbps: Math.min(100_000, Math.round((bytes * 8) / seconds / 100) / 10),
    lossPercent: received + lost > 0 ? Math.round((lost / (received + lost)) * 1000) / 10 : 0,
    jitterMs: typeof jitter === 'number' ? Math.min(60_000, Math.round(jitter * 1000)) : null,
    rttMs: await pathRtt(attempt.transport),
  };
}

/** The round trip of the path's ICE candidate pair (consent checks run on it every few seconds). */
async function pathRtt(transport: types.Transport): Promise<number | null> {
  const pair = selectedCandidatePair(statEntries(await transport.getStats()));
  const rtt = pair?.['currentRoundTripTime'] ?? (statNumber(pair, 'responsesReceived') > 0
    ? statNumber(pair, 'totalRoundTripTime') / statNumber(pair, 'responsesReceived') : undefined);
  return typeof rtt === 'number' ? Math.min(60_000, Math.round(rtt * 1000)) : null;
}
