import { Device, detectDevice, type types } from 'mediasoup-client';
import { Chrome111 } from 'mediasoup-client/handlers/Chrome111';
import { log } from './util.ts';

type HandlerName = NonNullable<ReturnType<typeof detectDevice>>;
type NativeOptions = Parameters<types.HandlerFactory['getNativeRtpCapabilities']>[0];

/**
 * Handlers other than Chrome111 are left out of the bundle (web/build/mediasoupHandlers.ts) and
 * loaded only by the browsers that need them: a projector on a current Chromium downloads none.
 */
const ON_DEMAND: Partial<Record<HandlerName, () => Promise<types.HandlerFactory>>> = {
  Chrome74: async () => (await import('mediasoup-client/handlers/Chrome74')).Chrome74.createFactory({}),
  Firefox120: async () => (await import('mediasoup-client/handlers/Firefox120')).Firefox120.createFactory({}),
  Safari12: async () => (await import('mediasoup-client/handlers/Safari12')).Safari12.createFactory({}),
};

let prepared: Promise<types.HandlerFactory> | null = null;

/**
 * Starts what loading a Device needs from this browser alone, while the socket connects: the
 * handler, and the browser's own RTP capabilities, which mediasoup-client learns from a
 * throwaway RTCPeerConnection per direction (20–100 ms of the first frame otherwise).
 */
export function prepareDevice(): void {
  prepared ??= handlerFactory().then(withKnownCapabilities);
  prepared.catch(() => { prepared = null; }); // createDevice tries again, and reports
}

/** A mediasoup-client Device with the handler of this browser. */
export async function createDevice(): Promise<Device> {
  prepareDevice();
  return new Device({ handlerFactory: await prepared! });
}

/**
 * mediasoup-client picks its browser handler from the user agent; on a plain-HTTP school LAN
 * Chromium hides navigator.userAgentData, and kiosk or headless builds name themselves oddly
 * ("HeadlessChrome"), so detection can fail in a browser that has everything needed. Any browser
 * with RTCRtpTransceiver and unified plan works with the Chrome111 handler.
 */
async function handlerFactory(): Promise<types.HandlerFactory> {
  const name = detectDevice();
  const load = name && ON_DEMAND[name];
  if (load) return load();
  if (name && name !== 'Chrome111') throw new Error(`no ${name} handler in this bundle`);
  if (!name) {
    if (typeof RTCRtpTransceiver === 'undefined') throw new Error('this browser cannot receive WebRTC media');
    log('warn', 'media device detection failed; using the standard WebRTC handler', { userAgent: navigator.userAgent });
  }
  return Chrome111.createFactory({});
}

/** The browser's capabilities do not change while the page lives: asked once per direction, early. */
function withKnownCapabilities(factory: types.HandlerFactory): types.HandlerFactory {
  const known = new Map<NativeOptions['direction'], Promise<types.RtpCapabilities>>();
  const ask = (options: NativeOptions) => {
    let capabilities = known.get(options.direction);
    if (!capabilities) {
      capabilities = factory.getNativeRtpCapabilities(options);
      capabilities.catch(() => known.delete(options.direction));
      known.set(options.direction, capabilities);
    }
    return capabilities;
  };
  // Both at once (Device.load asks one after the other); the Device copies what it gets.
  void ask({ direction: 'recvonly' }).catch(() => undefined);
  void ask({ direction: 'sendonly' }).catch(() => undefined);
  return { ...factory, getNativeRtpCapabilities: ask };
}
