import {
  ClassroomError, gradeNetworkCheck, NETWORK_PATHS, type NetworkCheckFinish, type NetworkCheckResult, type NetworkCheckStarted,
  type NetworkCheckTrigger, type NetworkPath, type PathState,
} from '@classroom/shared';
import { MediaRequestError, NetworkProbe, type mediasoupTypes, type WorkerPool } from '@classroom/sfu';
import { shortId } from '../db/ids.ts';
import type { NetworkCheckStore } from '../db/NetworkCheckStore.ts';
import type { Logger } from '../logger.ts';
import { turnCredential } from '../auth/turnCredentials.ts';
import { reachEndpoints, type MediaReach } from './endpoints.ts';

/**
 * A check costs the server ~1.9 Mbit/s of probe stream and a VP8 encode of three layers (about a
 * third of a core on the test machine) for its duration: a classroom may run one a minute, and the
 * server at most a few at once.
 */
export const NETWORK_CHECK_LIMITS = {
  perClassroomIntervalMs: 60_000,
  concurrent: 4,
  /** How long the browser receives the probe stream; the second half is measured (the estimate settles in the first). */
  measureMs: 10_000,
  /** ICE over a blocked path never completes: the browser gives up after this. */
  connectTimeoutMs: 5_000,
  /** A check not finished by then is closed (a page that went away). */
  maxMs: 30_000,
};

export interface NetworkChecksDeps {
  pool: WorkerPool;
  store: NetworkCheckStore;
  reach: MediaReach;
  /** Where the probe clip is encoded at the first check and kept (the data directory). */
  clipDir: string;
  /** Sends the probe stream (default: ffmpeg on the PATH). */
  ffmpegPath?: string;
  log: Logger;
  limits?: Partial<typeof NETWORK_CHECK_LIMITS>;
  now?: () => number;
}

interface RunningCheck {
  id: string;
  classroomId: string;
  trigger: NetworkCheckTrigger;
  probe: NetworkProbe;
  timer: NodeJS.Timeout;
}

/**
 * Network checks of lasting classrooms: each has a probe (NetworkProbe) of its own that this
 * object closes when the check finishes, times out, or the server stops. The grade is stored per
 * classroom with its time.
 */
export class NetworkChecks {
  readonly #deps: NetworkChecksDeps;
  readonly #limits: typeof NETWORK_CHECK_LIMITS;
  readonly #running = new Map<string, RunningCheck>();
  readonly #lastStart = new Map<string, number>();
  #closed = false;

  constructor(deps: NetworkChecksDeps) {
    this.#deps = deps;
    this.#limits = { ...NETWORK_CHECK_LIMITS, ...deps.limits };
  }

  /** Checks under way (tests count them). */
  get running(): number {
    return this.#running.size;
  }

  async start(classroomId: string, trigger: NetworkCheckTrigger): Promise<NetworkCheckStarted> {
    if (this.#closed) throw new ClassroomError('unavailable', 'the server is stopping');
    const now = this.#now();
    const last = this.#lastStart.get(classroomId);
    if (last !== undefined && now - last < this.#limits.perClassroomIntervalMs) {
      const seconds = Math.ceil((this.#limits.perClassroomIntervalMs - (now - last)) / 1000);
      throw new ClassroomError('rate_limited', `this classroom was checked a moment ago: try again in ${seconds} s`);
    }
    if (this.#running.size >= this.#limits.concurrent) {
      throw new ClassroomError('rate_limited', 'the server is checking other classrooms: try again in a minute');
    }
    this.#lastStart.set(classroomId, now);
    const { reach, pool, log } = this.#deps;
    const probe = await NetworkProbe.create({
      slot: pool.leastLoaded(), enableUdp: reach.enableUdp, enableTcp: reach.enableTcp,
      streamSeconds: Math.ceil(this.#limits.maxMs / 1000), clipDir: this.#deps.clipDir, ffmpegPath: this.#deps.ffmpegPath, log: log.child({ classroomId, component: 'network-check' }),
    });
    const id = shortId();
    const timer = setTimeout(() => this.#end(id), this.#limits.maxMs);
    timer.unref();
    this.#running.set(id, { id, classroomId, trigger, probe, timer });
    try {
      const paths: NetworkCheckStarted['paths'] = [];
      const notConfigured: NetworkPath[] = [];
      for (const path of NETWORK_PATHS) {
        if (!probe.offers(path) || (path === 'relay' && !reach.turn)) {
          notConfigured.push(path);
          continue;
        }
        paths.push({ path, transport: await probe.openTransport(path), ...(path === 'relay' ? { iceServers: this.#relayServers(classroomId) } : {}) });
      }
      log.info({ classroomId, checkId: id, trigger }, 'network check started');
      return { checkId: id, routerRtpCapabilities: probe.rtpCapabilities, paths, notConfigured, measureMs: this.#limits.measureMs, connectTimeoutMs: this.#limits.connectTimeoutMs };
    } catch (error) {
      this.#end(id);
      throw error;
    }
  }

  async connect(checkId: string, classroomId: string, path: NetworkPath, dtlsParameters: unknown): Promise<void> {
    await media(() => this.#check(checkId, classroomId).probe.connect(path, dtlsParameters as mediasoupTypes.DtlsParameters));
  }

  async consume(checkId: string, classroomId: string, path: NetworkPath, rtpCapabilities: unknown) {
    try {
      return await media(() => this.#check(checkId, classroomId).probe.consume(path, rtpCapabilities as mediasoupTypes.RtpCapabilities));
    } catch (error) {
      // The probe stream is ffmpeg's: without it the check cannot measure, and says what to do.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const ffmpeg = this.#deps.ffmpegPath ?? 'ffmpeg';
      this.#deps.log.error({ ffmpeg }, 'network check: no ffmpeg to send the probe stream');
      throw new ClassroomError('unavailable', `the server cannot measure the downlink: no ffmpeg at ${ffmpeg} (install Debian's ffmpeg, or set FFMPEG_PATH)`);
    }
  }

  async resume(checkId: string, classroomId: string, path: NetworkPath): Promise<void> {
    await media(() => this.#check(checkId, classroomId).probe.resume(path));
  }

  /** Grades what the browser measured with the layer mediasoup was sending, stores it, closes the probe. */
  async finish(checkId: string, classroomId: string, measured: NetworkCheckFinish): Promise<NetworkCheckResult> {
    const check = this.#check(checkId, classroomId);
    const serverLayer = check.probe.currentLayer();
    this.#end(checkId);
    const paths = Object.fromEntries(NETWORK_PATHS.map((path): [NetworkPath, PathState] => {
      if (!check.probe.offers(path) || (path === 'relay' && !this.#deps.reach.turn)) return [path, 'not_configured'];
      return [path, measured.paths[path]?.connected ? 'ok' : 'blocked'];
    })) as Record<NetworkPath, PathState>;
    // A downlink over a path that did not connect is not believed.
    const downlink = measured.downlink && paths[measured.downlink.path] === 'ok' ? measured.downlink : null;
    const graded = gradeNetworkCheck({ paths, serverLayer, downlink, endpoints: reachEndpoints(this.#deps.reach) });
    const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);
    const result: NetworkCheckResult = {
      classroomId, checkedAt: new Date(this.#now()).toISOString(), trigger: check.trigger, ...graded, paths,
      rttMs: round(downlink?.rttMs ?? bestRtt(measured)), bitrateKbps: round(downlink?.bitrateKbps),
      lossPercent: round(downlink?.lossPercent), jitterMs: round(downlink?.jitterMs),
    };
    await this.#deps.store.add(result);
    this.#deps.log.info({ classroomId, checkId, grade: result.grade, layer: result.layer, paths, serverLayer }, 'network check finished');
    return result;
  }

  close(): void {
    this.#closed = true;
    for (const id of [...this.#running.keys()]) this.#end(id);
  }

  #check(checkId: string, classroomId: string): RunningCheck {
    const check = this.#running.get(checkId);
    // Another classroom's check is as unknown as one that ended.
    if (!check || check.classroomId !== classroomId) throw new ClassroomError('not_found', 'no such network check under way (it ends after 30 s)');
    return check;
  }

  #end(checkId: string): void {
    const check = this.#running.get(checkId);
    if (!check) return;
    this.#running.delete(checkId);
    clearTimeout(check.timer);
    check.probe.close();
  }

  #relayServers(classroomId: string): unknown[] {
    const turn = this.#deps.reach.turn!;
    // Short-lived: a check needs the relay for a few seconds.
    return [{ urls: turn.urls, ...turnCredential(turn.secret, `network-check:${classroomId}`, this.#now() / 1000 + 300) }];
  }

  #now(): number {
    return this.#deps.now?.() ?? Date.now();
  }
}

function bestRtt(measured: NetworkCheckFinish): number | null {
  const rtts = Object.values(measured.paths).map((p) => p?.rttMs).filter((v): v is number => typeof v === 'number');
  return rtts.length > 0 ? Math.min(...rtts) : null;
}

/** A request the probe refuses is the client's mistake (`invalid_payload`), not the server's. */
async function media<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MediaRequestError) throw new ClassroomError('invalid_payload', error.message);
    // mediasoup refuses DTLS or capabilities it cannot parse with a TypeError.
    if (error instanceof TypeError) throw new ClassroomError('invalid_payload', error.message);
    throw error;
  }
}
