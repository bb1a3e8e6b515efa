import type { types } from 'mediasoup';
import type { StarvationGuardOptions } from './StarvationGuard.ts';
import type { PlainTransportRequest, PublishedMedia } from './types.ts';

/**
 * What a peer asks of its lesson (LessonMedia): it never touches a router itself, so where its
 * transports live and how the lesson's producers reach them stay the lesson's business.
 */
export interface PeerLesson {
  /** A WebRTC transport on the router the lesson places this direction on. */
  createWebRtcTransport(peerId: string, direction: 'send' | 'recv'): Promise<types.WebRtcTransport>;
  createPlainTransport(peerId: string, request: PlainTransportRequest): Promise<types.PlainTransport>;
  /**
   * A published media the client can decode, made available on the router `routerId` (that of
   * its receiving transport); a MediaRequestError says why not.
   */
  mediaToConsume(producerId: string, rtpCapabilities: types.RtpCapabilities, routerId: string): Promise<PublishedMedia>;
  /** A new producer of this peer: the lesson publishes it to everyone. */
  registerProducer(producer: types.Producer, media: PublishedMedia): void;
  /** The highest simulcast layer of a producer its consumers may take now; undefined: any (SenderLayers). */
  senderCap(producerId: string): number | undefined;
  readonly keyFrameRequestDelayMs: number;
  readonly starvation: StarvationGuardOptions;
}
