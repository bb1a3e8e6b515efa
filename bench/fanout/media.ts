// What the synthetic teacher sends, described once for both systems under test.
import { randomBytes } from 'node:crypto';
import { getSupportedRtpCapabilities, type types } from 'mediasoup';

export const ABS_CAPTURE_TIME_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';
/** Id of abs-capture-time in what the teacher sends (mediasoup forwards it untouched). */
export const INGEST_ABS_CAPTURE_TIME_ID = 10;
export const SOURCE_SSRC = { video: 1111, audio: 2222 } as const;
export const PAYLOAD_TYPE = { video: 101, audio: 100 } as const;

export type SrtpSuite = types.SrtpCryptoSuite;
/** Master key + salt lengths of each SRTP profile, in bytes. */
const KEY_BYTES: Record<SrtpSuite, number> = {
  AEAD_AES_256_GCM: 44, AEAD_AES_128_GCM: 28, AES_CM_128_HMAC_SHA1_80: 30, AES_CM_128_HMAC_SHA1_32: 30,
};

export function srtpKey(cryptoSuite: SrtpSuite): types.SrtpParameters {
  return { cryptoSuite, keyBase64: randomBytes(KEY_BYTES[cryptoSuite]).toString('base64') };
}

const ingestExtensions = [{ uri: ABS_CAPTURE_TIME_URI, id: INGEST_ABS_CAPTURE_TIME_ID }] as types.RtpHeaderExtensionParameters[];

/** Producer parameters of the teacher's camera and microphone as an encoder would declare them. */
export const PRODUCER_PARAMETERS = {
  video: {
    codecs: [{
      mimeType: 'video/VP8', payloadType: PAYLOAD_TYPE.video, clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
    }],
    headerExtensions: ingestExtensions,
    encodings: [{ ssrc: SOURCE_SSRC.video }],
    rtcp: { cname: 'bench-teacher' },
  },
  audio: {
    codecs: [{ mimeType: 'audio/opus', payloadType: PAYLOAD_TYPE.audio, clockRate: 48000, channels: 2 }],
    headerExtensions: ingestExtensions,
    encodings: [{ ssrc: SOURCE_SSRC.audio }],
    rtcp: { cname: 'bench-teacher' },
  },
} satisfies Record<'video' | 'audio', types.RtpParameters>;

/** The abs-capture-time id in what classrooms receive: mediasoup's preferred id (routers offer it). */
export const EGRESS_ABS_CAPTURE_TIME_ID = getSupportedRtpCapabilities().headerExtensions!
  .find((e) => e.uri === ABS_CAPTURE_TIME_URI && e.kind === 'video')!.preferredId;

/** Fails loudly if a consumer would not carry the capture time where the receiver looks for it. */
export function assertCarriesCaptureTime(rtpParameters: unknown): void {
  const found = (rtpParameters as types.RtpParameters).headerExtensions?.find((e) => e.uri === ABS_CAPTURE_TIME_URI);
  if (found?.id !== EGRESS_ABS_CAPTURE_TIME_ID) {
    throw new Error(`consumers carry abs-capture-time as id ${found?.id ?? 'none'}, not ${EGRESS_ABS_CAPTURE_TIME_ID}: delay cannot be measured`);
  }
}
