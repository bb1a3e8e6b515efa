import { z } from 'zod';
import { idSchema } from './ids.ts';

/**
 * What a producer carries, so that views can place it (the teacher's camera goes full screen).
 * `wall`: a projector's small silent picture of its class, for the teacher's wall only.
 */
export const MEDIA_SOURCES = ['camera', 'microphone', 'screen', 'wall'] as const;
export const mediaSourceSchema = z.enum(MEDIA_SOURCES);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

export const mediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

export const transportDirectionSchema = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof transportDirectionSchema>;

// mediasoup validates RTP/DTLS parameters in depth when it receives them; these schemas bound
// their shape and size so that nothing absurd reaches the worker, and keep unknown fields
// (browsers add new ones) instead of rejecting them.
const shortString = z.string().max(256);
const fingerprintSchema = z.object({ algorithm: shortString, value: z.string().max(256) });
export const dtlsParametersSchema = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z.array(fingerprintSchema).min(1).max(8),
});
const codecSchema = z.looseObject({
  mimeType: shortString,
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
});
const headerExtensionSchema = z.looseObject({ uri: shortString, id: z.number().int().min(1).max(255) });
const encodingSchema = z.looseObject({});
export const rtpParametersSchema = z.looseObject({
  mid: shortString.optional(),
  codecs: z.array(codecSchema).min(1).max(16),
  headerExtensions: z.array(headerExtensionSchema).max(32).optional(),
  encodings: z.array(encodingSchema).max(8).optional(),
  rtcp: z.looseObject({}).optional(),
});
export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(z.looseObject({ kind: mediaKindSchema, mimeType: shortString })).max(64).optional(),
  headerExtensions: z.array(z.looseObject({})).max(64).optional(),
});

export type DtlsParametersInput = z.infer<typeof dtlsParametersSchema>;
export type RtpParametersInput = z.infer<typeof rtpParametersSchema>;
export type RtpCapabilitiesInput = z.infer<typeof rtpCapabilitiesSchema>;

/** Who publishes a producer: the teacher, or a classroom brought on stage. */
export type ProducerOwner = { kind: 'teacher' } | { kind: 'classroom'; classroomId: string };

/** A piece of media that clients of the lesson can consume. */
export interface ProducerInfo {
  producerId: string;
  kind: MediaKind;
  source: MediaSource;
  owner: ProducerOwner;
  paused: boolean;
}

/** Everything a browser needs to build a mediasoup-client transport. Opaque mediasoup objects. */
export interface TransportOptions {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
  iceServers: RTCIceServerLike[];
  iceTransportPolicy: 'all' | 'relay';
}

export interface RTCIceServerLike {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface ConsumerOptions {
  consumerId: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: unknown;
  source: MediaSource;
  owner: ProducerOwner;
}

export const createTransportRequest = z.strictObject({ direction: transportDirectionSchema });

/** SRTP profiles a plain RTP transport may use (mediasoup's names). */
export const SRTP_CRYPTO_SUITES = ['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const;
export const srtpParametersSchema = z.strictObject({
  cryptoSuite: z.enum(SRTP_CRYPTO_SUITES),
  keyBase64: z.base64().min(40).max(64),
});
export type SrtpParametersInput = z.infer<typeof srtpParametersSchema>;

/**
 * A plain RTP transport, for devices without WebRTC: a studio encoder sending the teacher's
 * media, a hardware decoder or recorder receiving a classroom's. Off unless the server enables
 * it. `destination` (receiving only) is where the server sends RTP; it must be the client's own
 * address. With `srtp` (the client's key), media is encrypted both ways.
 */
export const createPlainTransportRequest = z.strictObject({
  direction: transportDirectionSchema,
  destination: z.strictObject({ ip: z.ipv4().or(z.ipv6()), port: z.number().int().min(1).max(65535) }).optional(),
  srtp: srtpParametersSchema.optional(),
}).refine((r) => (r.direction === 'recv') === (r.destination !== undefined), {
  message: 'a receiving plain transport needs a destination, a sending one takes none',
  path: ['destination'],
});

/** Where a plain transport listens, and the server's SRTP key when SRTP is on. */
export interface PlainTransportOptions {
  id: string;
  ip: string;
  port: number;
  srtp?: { cryptoSuite: (typeof SRTP_CRYPTO_SUITES)[number]; keyBase64: string };
}
export const connectTransportRequest = z.strictObject({ transportId: idSchema, dtlsParameters: dtlsParametersSchema });
export const restartIceRequest = z.strictObject({ transportId: idSchema });
export const produceRequest = z.strictObject({
  transportId: idSchema,
  kind: mediaKindSchema,
  source: mediaSourceSchema,
  rtpParameters: rtpParametersSchema,
});
export const producerRequest = z.strictObject({ producerId: idSchema });
/**
 * `resume`: the server resumes the consumer as soon as it is made, instead of waiting for
 * `media:resumeConsumer` (a round trip less before the first frame). For a transport that has not
 * connected yet, where nothing can reach the client before its side is ready.
 */
export const consumeRequest = z.strictObject({ producerId: idSchema, rtpCapabilities: rtpCapabilitiesSchema, resume: z.boolean().default(false) });
export const consumerRequest = z.strictObject({ consumerId: idSchema });

/** `media:resume`: the connection this client had before (its socket id), whose media may be kept. */
export const resumeMediaRequest = z.strictObject({ previousConnectionId: z.string().min(1).max(64) });
