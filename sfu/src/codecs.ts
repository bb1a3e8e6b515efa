import type { types } from 'mediasoup';

/**
 * The codecs every lesson router offers. Opus for voice; VP8 for cameras and slides, because
 * every browser that a school may have encodes and decodes it in software and it is the codec
 * whose simulcast Chromium supports best. H264 is offered second for hardware decoders
 * (older projector PCs, set-top boxes).
 */
export const ROUTER_MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];

/**
 * Bitrate priorities of consumers on one transport: when a classroom's link is short, mediasoup
 * serves higher priorities first. Voice matters most (a lesson without sound is lost), then the
 * teacher's slides (text must stay readable), then the camera.
 */
export const CONSUMER_PRIORITY = { audio: 255, screen: 20, camera: 10 } as const;
