import { z } from 'zod';
import type { PipedMedia, PipeEndpoint, PipeNotice } from '@classroom/sfu';

// What nodes tell each other about a lesson's media pipes, over the request channel
// (NodeRequests). Checked on arrival like any message: another node runs other code during an
// upgrade, and Redis is a network hop.

const id = z.string().min(1).max(200);
const endpoint = z.object({
  ip: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  srtpParameters: z.object({ cryptoSuite: z.literal('AEAD_AES_256_GCM'), keyBase64: z.string().min(1) }),
});
const media = z.object({
  producerId: id, kind: z.enum(['audio', 'video']), label: z.string().min(1), publisherId: z.string().min(1), paused: z.boolean(),
});
const piped = z.object({
  producerId: id,
  kind: z.enum(['audio', 'video']),
  // mediasoup checks the RTP parameters itself when it produces the stand-in.
  rtpParameters: z.looseObject({ codecs: z.array(z.looseObject({})), encodings: z.array(z.looseObject({})).optional() }),
  paused: z.boolean(),
  appData: z.record(z.string(), z.unknown()),
  media,
});
const notice = z.discriminatedUnion('op', [
  z.object({ op: z.literal('paused'), producerId: id, paused: z.boolean() }),
  z.object({ op: z.literal('closed'), producerId: id }),
]);
/** Which end a message is for: one node may serve a lesson and never be an edge of it, but say it anyway. */
const to = z.enum(['origin', 'edge']);

const cascadeOp = z.discriminatedUnion('op', [
  /** Edge → origin: opens the lesson's pipe (the edge's end); answered with the origin's end. */
  z.object({ op: z.literal('open'), lessonId: id, endpoint }),
  /** Edge → origin: sends a producer of the lesson into the pipe; answered with a PipedMedia. */
  z.object({ op: z.literal('pull'), lessonId: id, producerId: id }),
  /** Edge → origin: a producer published on the edge (a classroom on stage), sent into the pipe to be adopted. */
  z.object({ op: z.literal('offer'), lessonId: id, piped }),
  /** Either way: a producer the sender sends was paused, resumed or closed at its source. */
  z.object({ op: z.literal('notice'), lessonId: id, to, notice }),
  /** Origin → edge: the lesson paused, resumed or closed an adopted producer: the real one follows. */
  z.object({ op: z.literal('control'), lessonId: id, producerId: id, action: z.enum(['pause', 'resume', 'close']) }),
  /** Either way: the sender closed its end of the lesson's pipe. */
  z.object({ op: z.literal('close'), lessonId: id, to }),
]);

type Parsed = z.infer<typeof cascadeOp>;
type Typed<T, K extends string, V> = T extends unknown ? (K extends keyof T ? Omit<T, K> & Record<K, V> : T) : never;
/** A cascade message, with the pipe types of the sfu (the schema checks their shape). */
export type CascadeOp = Typed<Typed<Typed<Parsed, 'endpoint', PipeEndpoint>, 'piped', PipedMedia>, 'notice', PipeNotice>;

/** How a cascade message travels in a node request's body, told apart from lesson actions. */
export interface CascadeRequest {
  cascade: CascadeOp;
}

export function isCascadeRequest(body: unknown): body is { cascade: unknown } {
  return typeof body === 'object' && body !== null && 'cascade' in body;
}

/** The message, checked; undefined if it is not one. */
export function parseCascadeOp(body: { cascade: unknown }): CascadeOp | undefined {
  const parsed = cascadeOp.safeParse(body.cascade);
  return parsed.success ? parsed.data as CascadeOp : undefined;
}
