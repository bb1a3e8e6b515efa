import type { types } from 'mediasoup';
import { MediaRequestError } from './errors.ts';
import type { LessonRouter } from './LessonTopology.ts';
import type { PlainRtpSettings, PlainTransportRequest, TransportSettings } from './types.ts';

/**
 * A browser's transport on a router of the lesson. `appData.routerId` says where it lives: a
 * receiver on an edge router gets the lesson's producers piped there, and loses its link with
 * that router alone.
 */
export async function createWebRtcTransport(
  { router, webRtcServer }: LessonRouter, settings: TransportSettings, peerId: string, direction: 'send' | 'recv',
): Promise<types.WebRtcTransport> {
  const { enableUdp, enableTcp, initialOutgoingBitrate, maxIncomingBitrate } = settings;
  const transport = await router.createWebRtcTransport({
    webRtcServer,
    enableUdp,
    enableTcp,
    preferUdp: true,
    initialAvailableOutgoingBitrate: initialOutgoingBitrate,
    appData: { peerId, direction, routerId: router.id },
  });
  if (direction === 'send') await transport.setMaxIncomingBitrate(maxIncomingBitrate);
  return transport;
}

/** A plain RTP transport (a studio encoder, a hardware decoder), connected as asked. */
export async function createPlainTransport(
  { router }: LessonRouter, plain: PlainRtpSettings, peerId: string, { direction, destination, srtp }: PlainTransportRequest,
): Promise<types.PlainTransport> {
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: plain.listenIp, announcedAddress: plain.announcedAddress },
    rtcpMux: true,
    // A sender is learnt from its first packet (an encoder behind NAT cannot say its port).
    comedia: direction === 'send',
    enableSrtp: srtp !== undefined,
    srtpCryptoSuite: srtp?.cryptoSuite,
    appData: { peerId, direction, routerId: router.id },
  });
  try {
    if (direction === 'recv' || srtp) {
      await transport.connect({ ip: destination?.ip, port: destination?.port, srtpParameters: srtp });
    }
  } catch (error) {
    transport.close();
    throw new MediaRequestError('invalid', `cannot use that plain transport: ${(error as Error).message}`);
  }
  return transport;
}
