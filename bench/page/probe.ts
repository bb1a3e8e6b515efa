import type { CDPSession, Page } from 'playwright-core';

/**
 * Runs in the page before its scripts: the moment (ms since the navigation started) the first
 * video element matching the selector shows its first frame: when the browser expects it on
 * screen, not when a busy main thread gets to run the callback that tells.
 */
function watchFirstFrame(selector: string): void {
  const w = window as unknown as { __firstFrameMs: number | null };
  w.__firstFrameMs = null;
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = (): void => {
    for (const video of document.querySelectorAll<HTMLVideoElement>(selector)) {
      if (watched.has(video)) continue;
      watched.add(video);
      video.requestVideoFrameCallback((_now, frame) => { w.__firstFrameMs ??= frame.expectedDisplayTime; });
    }
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
}

/**
 * Runs in the page before its scripts: what the page's main thread and its peer connections did
 * (long tasks, descriptions set, ICE and DTLS states, tracks unmuted), as ms since the navigation
 * started, for the timeline (--timeline).
 */
function watchPageSteps(): void {
  const steps: { ms: number; what: string }[] = [];
  (window as unknown as { __pageSteps: typeof steps }).__pageSteps = steps;
  const mark = (what: string): void => { steps.push({ ms: performance.now(), what }); };
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) steps.push({ ms: task.startTime, what: `main thread busy ${Math.round(task.duration)} ms` });
  }).observe({ type: 'longtask', buffered: true });
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      mark('WebSocket created');
      this.addEventListener('open', () => mark('WebSocket open'), { once: true });
    }
  };
  // The page's own marks (performance.mark), if it sets any.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) steps.push({ ms: entry.startTime, what: `mark ${entry.name}` });
  }).observe({ type: 'mark', buffered: true });
  const Native = window.RTCPeerConnection;
  let count = 0;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      const name = `pc${++count}`;
      mark(`${name}: created`);
      this.addEventListener('iceconnectionstatechange', () => mark(`${name}: ICE ${this.iceConnectionState}`));
      this.addEventListener('connectionstatechange', () => mark(`${name}: ${this.connectionState}`));
      this.addEventListener('track', ({ track }) => {
        mark(`${name}: ${track.kind} track`);
        track.addEventListener('unmute', () => mark(`${name}: ${track.kind} track unmuted`), { once: true });
      });
      const setRemote = this.setRemoteDescription.bind(this) as (d: RTCSessionDescriptionInit) => Promise<void>;
      this.setRemoteDescription = async (description: RTCSessionDescriptionInit) => {
        mark(`${name}: setRemoteDescription ${description.type}`);
        await setRemote(description);
        mark(`${name}: remote ${description.type} set`);
      };
    }
  };
}

/** `withSteps`: also what the page did, for the timeline (it wraps the page's WebSocket and RTCPeerConnection). */
export async function installFirstFrameProbe(page: Page, selector: string, withSteps: boolean): Promise<void> {
  await page.addInitScript(watchFirstFrame, selector);
  if (withSteps) await page.addInitScript(watchPageSteps);
}

/** What watchPageSteps saw, up to a time (ms since the navigation started). */
export async function pageSteps(page: Page, untilMs: number): Promise<Step[]> {
  const steps = await page.evaluate(() => (window as unknown as { __pageSteps?: Step[] }).__pageSteps ?? []);
  return steps.filter((s) => s.ms <= untilMs).map((s) => ({ ms: Math.round(s.ms), what: `page: ${s.what}` }));
}

/** When the page presented its first frame: ms since its navigation started, and as wall time. */
export async function firstFrame(page: Page, timeoutMs: number): Promise<{ ms: number; wallMs: number }> {
  await page.waitForFunction(() => (window as unknown as { __firstFrameMs: number | null }).__firstFrameMs !== null, null, { timeout: timeoutMs, polling: 20 });
  return page.evaluate(() => {
    const ms = (window as unknown as { __firstFrameMs: number }).__firstFrameMs;
    return { ms, wallMs: performance.timeOrigin + ms };
  });
}

export interface Downloaded {
  /** HTTP bytes received over the network (headers included), and how many such responses. */
  httpBytes: number;
  httpRequests: number;
  /** Responses answered by the service worker or the memory/disk cache, with no network. */
  fromCache: number;
  /** WebSocket payload bytes received (the socket's messages). */
  socketBytes: number;
}

interface Event {
  /** Chromium's monotonic clock, seconds. */
  at: number;
  kind: 'http' | 'cached' | 'socket';
  bytes: number;
}

/** One step of a page's load, for the timeline (--timeline): ms since its navigation started. */
export interface Step { ms: number; what: string }

/**
 * Chromium's own network events for one page (DevTools protocol): what arrived over the network,
 * with when, to count what came before the first frame. The service worker's own fetches are not
 * the page's and are not counted (a few hundred bytes, after the page has loaded).
 */
export class NetworkLog {
  readonly #events: Event[] = [];
  readonly #cached = new Set<string>();
  /** What each request was and on which connection it went, to say where the time went. */
  readonly #steps: { at: number; what: string }[] = [];
  readonly #urls = new Map<string, string>();
  /** Chromium's monotonic time and the wall time of the latest navigation request, to convert. */
  #clock: { at: number; wallMs: number } | null = null;

  static async attach(cdp: CDPSession): Promise<NetworkLog> {
    const log = new NetworkLog();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Document') log.#clock = { at: e.timestamp, wallMs: e.wallTime * 1000 };
      const path = new URL(e.request.url).pathname;
      log.#urls.set(e.requestId, path);
      log.#steps.push({ at: e.timestamp, what: `request ${path}` });
    });
    cdp.on('Network.responseReceived', (e) => {
      if (e.response.fromServiceWorker || e.response.fromDiskCache || e.response.fromPrefetchCache) log.#cached.add(e.requestId);
      const t = e.response.timing;
      const connected = t && t.connectStart >= 0 ? `, connected ${Math.round(t.connectStart)}–${Math.round(t.connectEnd)} ms after asking` : '';
      if (t) log.#steps.push({ at: t.requestTime + t.receiveHeadersStart / 1000, what: `headers ${log.#urls.get(e.requestId)} (connection ${e.response.connectionId}${connected}, sent ${Math.round(t.sendStart)} ms after asking)` });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const cached = log.#cached.has(e.requestId) || e.encodedDataLength === 0;
      log.#events.push({ at: e.timestamp, kind: cached ? 'cached' : 'http', bytes: cached ? 0 : e.encodedDataLength });
      log.#steps.push({ at: e.timestamp, what: `loaded ${log.#urls.get(e.requestId)} ${cached ? '(cached)' : `${e.encodedDataLength} B`}` });
    });
    cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => log.#steps.push({ at: e.timestamp, what: 'socket: handshake sent' }));
    cdp.on('Network.webSocketHandshakeResponseReceived', (e) => log.#steps.push({ at: e.timestamp, what: 'socket: open' }));
    cdp.on('Network.webSocketFrameSent', (e) => log.#steps.push({ at: e.timestamp, what: `socket ↑ ${e.response.payloadData.slice(0, 60)}` }));
    cdp.on('Network.webSocketFrameReceived', (e) => {
      log.#events.push({ at: e.timestamp, kind: 'socket', bytes: e.response.payloadData.length });
      log.#steps.push({ at: e.timestamp, what: `socket ↓ ${e.response.payloadData.slice(0, 60)}` });
    });
    await cdp.send('Network.enable');
    // The HTTP cache stays on: a warm reload is meant to use it.
    return log;
  }

  reset(): void {
    this.#events.length = 0;
    this.#steps.length = 0;
    this.#urls.clear();
    this.#cached.clear();
    this.#clock = null;
  }

  /** Each request, response, connection and socket message up to a wall time, in order. */
  timeline(wallMs: number): Step[] {
    const clock = this.#clock;
    if (!clock) throw new Error('no navigation seen');
    const limit = clock.at + (wallMs - clock.wallMs) / 1000;
    return this.#steps.filter((s) => s.at <= limit).sort((a, b) => a.at - b.at)
      .map((s) => ({ ms: Math.round((s.at - clock.at) * 1000), what: s.what }));
  }

  /** What arrived up to a wall time (the first frame). */
  before(wallMs: number): Downloaded {
    if (!this.#clock) throw new Error('no navigation seen');
    const limit = this.#clock.at + (wallMs - this.#clock.wallMs) / 1000;
    const events = this.#events.filter((e) => e.at <= limit);
    const of = (kind: Event['kind']) => events.filter((e) => e.kind === kind);
    return {
      httpBytes: of('http').reduce((sum, e) => sum + e.bytes, 0),
      httpRequests: of('http').length,
      fromCache: of('cached').length,
      socketBytes: of('socket').reduce((sum, e) => sum + e.bytes, 0),
    };
  }
}
