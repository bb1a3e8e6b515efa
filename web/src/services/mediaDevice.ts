import { Device, detectDevice, type types } from 'mediasoup-client';
import { log } from './util.ts';

type HandlerName = NonNullable<ReturnType<typeof detectDevice>>;

/**
 * Handlers other than Chrome111 are left out of the bundle (web/build/mediasoupHandlers.ts) and
 * loaded only by the browsers that need them: a projector on a current Chromium downloads none.
 */
const ON_DEMAND: Partial<Record<HandlerName, () => Promise<types.HandlerFactory>>> = {
  Chrome74: async () => (await import('mediasoup-client/handlers/Chrome74')).Chrome74.createFactory({}),
  Firefox120: async () => (await import('mediasoup-client/handlers/Firefox120')).Firefox120.createFactory({}),
  Safari12: async () => (await import('mediasoup-client/handlers/Safari12')).Safari12.createFactory({}),
};

/**
 * A mediasoup-client Device with the handler of this browser.
 *
 * mediasoup-client picks its browser handler from the user agent; on a plain-HTTP school LAN
 * Chromium hides navigator.userAgentData, and kiosk or headless builds name themselves oddly
 * ("HeadlessChrome"), so detection can fail in a browser that has everything needed. Any browser
 * with RTCRtpTransceiver and unified plan works with the Chrome111 handler.
 */
export async function createDevice(): Promise<Device> {
  const name = detectDevice();
  const load = name && ON_DEMAND[name];
  if (load) return new Device({ handlerFactory: await load() });
  if (name) return new Device({ handlerName: name });
  if (typeof RTCRtpTransceiver === 'undefined') throw new Error('this browser cannot receive WebRTC media');
  log('warn', 'media device detection failed; using the standard WebRTC handler', { userAgent: navigator.userAgent });
  return new Device({ handlerName: 'Chrome111' });
}
