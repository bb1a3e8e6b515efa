import type { Device, types } from 'mediasoup-client';
import type { MediaCapabilities, MediaSource, TransportDirection, TransportOptions } from '@classroom/shared';
import { setLinkState } from '../store/index.ts';
import { createDevice } from './mediaDevice.ts';
import { errorCodeOf, isSocketConnected, request } from './socket.ts';
import { delay, log } from './util.ts';

const ICE_RESTART_FIRST_DELAY_MS = 1_000;
const ICE_RESTART_MAX_DELAY_MS = 15_000;
/** Tries of a receiving transport's connect, and the wait before the next, times the tries so far (see #keepConnecting). */
const CONNECT_ATTEMPTS = 3;
const CONNECT_RETRY_MS = 1_000;

/** Appdata carried by our producers so the 'produce' event can tell the server the source. */
export interface ProducerAppData extends types.AppData {
  source: MediaSource;
}

// A local list rather than shared's MEDIA_SOURCES: importing that module at runtime pulls its
// zod schemas (and zod) into the browser bundle. `satisfies` keeps the two in step.
const SOURCES = { camera: true, microphone: true, screen: true, wall: true } as const satisfies Record<MediaSource, true>;

function isMediaSource(value: unknown): value is MediaSource {
  return typeof value === 'string' && Object.hasOwn(SOURCES, value);
}

// The protocol keeps mediasoup's parameter objects opaque (`unknown`); mediasoup-client
// validates them itself, so the casts below only restore the library's own types.
function toClientOptions(options: TransportOptions): types.TransportOptions {
  return {
    id: options.id,
    iceParameters: options.iceParameters as types.IceParameters,
    iceCandidates: options.iceCandidates as types.IceCandidate[],
    dtlsParameters: options.dtlsParameters as types.DtlsParameters,
    iceServers: options.iceServers,
    iceTransportPolicy: options.iceTransportPolicy,
  };
}

/**
 * The mediasoup-client side of one socket connection: a loaded Device and at most one transport
 * per direction. Transports live and die with the socket on the server, so a new connection
 * (or a media:reset) gets a new MediaSession; `close()` is idempotent.
 */
export class MediaSession {
  readonly device: Device;
  readonly #pending = new Map<TransportDirection, Promise<types.Transport>>();
  readonly #open = new Map<TransportDirection, types.Transport>();
  readonly #restarting = new Set<string>();
  /** The receiving transport's own DTLS certificate (see receivingCertificate); null: the browser's. */
  readonly #certificate: RTCCertificate | null;
  #closed = false;

  private constructor(device: Device, certificate: RTCCertificate | null) {
    this.device = device;
    this.#certificate = certificate;
  }

  /**
   * `capabilities`: the router's, when the sync brought them (else they are asked for);
   * `recvTransport`: a receiving transport already asked for, to use instead of asking again.
   */
  static async create(capabilities: MediaCapabilities | null, recvTransport?: Promise<TransportOptions>): Promise<MediaSession> {
    const { routerRtpCapabilities } = capabilities ?? await request('media:getCapabilities', {});
    const [device, certificate] = await Promise.all([createDevice(), receivingCertificate()]);
    await device.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
    const session = new MediaSession(device, certificate);
    if (recvTransport) session.#build('recv', recvTransport);
    return session;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The transport of a direction, created on first use; concurrent callers share one. */
  transport(direction: TransportDirection): Promise<types.Transport> {
    return this.#pending.get(direction) ?? this.#build(direction, request('media:createTransport', { direction }));
  }

  /** The transport of `direction` once the server's answer is here, shared by whoever needs it. */
  #build(direction: TransportDirection, asked: Promise<TransportOptions>): Promise<types.Transport> {
    const pending = asked.then((options) => this.#createTransport(direction, options));
    // A failed creation must not poison later attempts.
    pending.catch(() => this.#pending.delete(direction));
    this.#pending.set(direction, pending);
    return pending;
  }

  /** The transport if it already exists (stats must not create one). */
  openTransport(direction: TransportDirection): types.Transport | null {
    return this.#open.get(direction) ?? null;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [direction, transport] of this.#open) {
      transport.close();
      setLinkState(direction, null);
    }
    this.#open.clear();
    this.#pending.clear();
  }

  #createTransport(direction: TransportDirection, serverOptions: TransportOptions): types.Transport {
    const options = toClientOptions(serverOptions);
    if (this.#closed) throw new Error('media session closed');
    const certificate = direction === 'recv' ? this.#certificate : null;
    const transport = direction === 'send'
      ? this.device.createSendTransport(options)
      : this.device.createRecvTransport({ ...options, ...(certificate ? { additionalSettings: { certificates: [certificate] } } : {}) });
    const connectedEarly = certificate ? this.#connectEarly(transport, certificate) : null;

    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      // Connected with our own certificate's fingerprint already: ICE and DTLS start now.
      if (connectedEarly && sameFingerprint(connectedEarly, dtlsParameters)) {
        callback();
        return;
      }
      request('media:connectTransport', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });

    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const source = appData['source'];
        if (!isMediaSource(source)) {
          errback(new Error('produce without a media source'));
          return;
        }
        request('media:produce', { transportId: transport.id, kind, source, rtpParameters })
          .then(({ producerId }) => callback({ id: producerId }), errback);
      });
    }

    transport.on('connectionstatechange', (state) => {
      setLinkState(direction, state);
      if (state === 'failed' || state === 'disconnected') void this.#restartIce(transport);
    });

    this.#open.set(direction, transport);
    setLinkState(direction, transport.connectionState);
    return transport;
  }

  /**
   * Connects the receiving transport as soon as it exists, with the fingerprint of the
   * certificate it was made with: mediasoup-client would connect only with its first consumer's
   * SDP, and then wait for the answer before starting ICE (a round trip on the way to the first
   * frame); and the server is ready long before the browser's DTLS hello reaches it (a hello
   * before the connect is ignored, and Chromium sends it again only a second later).
   */
  #connectEarly(transport: types.Transport, certificate: RTCCertificate): types.DtlsParameters {
    const dtlsParameters: types.DtlsParameters = {
      // mediasoup-client makes the receiving side the DTLS client.
      role: 'client',
      fingerprints: certificate.getFingerprints().map(({ algorithm, value }) => ({
        algorithm: algorithm as types.FingerprintAlgorithm, value: (value ?? '').toUpperCase(),
      })),
    };
    void this.#keepConnecting(transport, dtlsParameters);
    return dtlsParameters;
  }

  /**
   * The receiving transport's connect: asked again after a passing refusal (rate_limited, no
   * answer in time). `not_found` is not passing: the server dropped the transport, and the
   * media reset or reconnect that follows rebuilds it.
   */
  async #keepConnecting(transport: types.Transport, dtlsParameters: types.DtlsParameters): Promise<void> {
    let asked = request('media:connectTransport', { transportId: transport.id, dtlsParameters });
    for (let attempt = 1; ; attempt++) {
      try {
        await asked;
        return;
      } catch (error) {
        const gone = errorCodeOf(error) === 'not_found' || transport.closed || this.#closed;
        if (gone || attempt === CONNECT_ATTEMPTS) {
          log('warn', 'receiving transport not connected', { transportId: transport.id, attempt, error });
          return;
        }
      }
      await delay(CONNECT_RETRY_MS * attempt);
      asked = request('media:connectTransport', { transportId: transport.id, dtlsParameters });
    }
  }

  /** After the signalling connection came back: restart ICE on links that failed meanwhile. */
  recoverLinks(): void {
    for (const transport of this.#open.values()) {
      if (transport.connectionState === 'failed' || transport.connectionState === 'disconnected') void this.#restartIce(transport);
    }
  }

  /**
   * Networks in schools drop out for seconds at a time; an ICE restart recovers the same
   * transport without re-creating producers or consumers. Retries with backoff while the socket
   * is up; when the socket drops, the whole session is rebuilt anyway.
   */
  async #restartIce(transport: types.Transport): Promise<void> {
    if (this.#restarting.has(transport.id)) return;
    this.#restarting.add(transport.id);
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.#closed || transport.closed || !isSocketConnected()) return;
        const state = transport.connectionState;
        if (state !== 'failed' && state !== 'disconnected') return;
        try {
          const { iceParameters, iceServers } = await request('media:restartIce', { transportId: transport.id });
          if (transport.closed) return;
          await transport.updateIceServers({ iceServers });
          await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
        } catch (error) {
          log('warn', 'ICE restart failed', { transportId: transport.id, attempt, error });
        }
        await delay(Math.min(ICE_RESTART_FIRST_DELAY_MS * 2 ** attempt, ICE_RESTART_MAX_DELAY_MS));
      }
    } finally {
      this.#restarting.delete(transport.id);
    }
  }
}

/**
 * A certificate for the receiving transport, made before it (see MediaSession.#connectEarly);
 * null where the browser cannot make one: then it connects the usual way.
 */
async function receivingCertificate(): Promise<RTCCertificate | null> {
  try {
    return await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams);
  } catch (error) {
    log('warn', 'no DTLS certificate made ahead: the receiving transport connects with its first consumer', { error });
    return null;
  }
}

/** Whether two DTLS parameters name a fingerprint in common (the same certificate). */
function sameFingerprint(a: types.DtlsParameters, b: types.DtlsParameters): boolean {
  return a.fingerprints.some((x) => b.fingerprints.some((y) => x.algorithm === y.algorithm && x.value.toUpperCase() === y.value.toUpperCase()));
}
