import type { types } from 'mediasoup';
import type { StarvationGuardOptions } from './StarvationGuard.ts';

/** A producer as the rest of the lesson sees it. `label` says what it is (camera, microphone…). */
export interface PublishedMedia {
  producerId: string;
  kind: types.MediaKind;
  label: string;
  /** Who publishes it (signaling decides the meaning: the teacher, a classroom on stage). */
  publisherId: string;
  paused: boolean;
}

export interface TransportSettings {
  enableUdp: boolean;
  enableTcp: boolean;
  /** Estimate to start a classroom's downlink at before the bandwidth estimator learns it. */
  initialOutgoingBitrate: number;
  /** Cap on what one publisher may send (camera simulcast + screen + voice). */
  maxIncomingBitrate: number;
  /** When a receiver's link is too weak for any camera layer (defaults: DEFAULT_STARVATION). */
  starvation?: StarvationGuardOptions;
  /**
   * Consumers a router takes before the lesson's receivers overflow to a router on another
   * worker, fed with the lesson's media through pipe transports.
   */
  consumersPerRouter?: number;
  /**
   * Key frame requests for a video source within this delay are merged into one (0: each goes
   * to the sender as soon as the last key frame arrived). Defaults to DEFAULT_KEY_FRAME_REQUEST_DELAY_MS.
   */
  keyFrameRequestDelayMs?: number;
  /** Plain RTP transports (studio encoders, hardware decoders): off when unset. */
  plainRtp?: PlainRtpSettings;
}

export interface PlainRtpSettings {
  listenIp: string;
  announcedAddress?: string;
}

/** How long a peer's media stays parked for its client's reconnect (see LessonMedia.parkPeer). */
export interface ParkLimits {
  maxMs: number;
  linkLostMs: number;
}

/** What a client asks of a plain RTP transport (see MediaPeer.createPlainTransport). */
export interface PlainTransportRequest {
  direction: 'send' | 'recv';
  /** Receiving: where the worker sends RTP (and expects RTCP from, muxed on one port). */
  destination?: { ip: string; port: number };
  /** The client's SRTP key: encrypts what it sends, decrypts what it gets. */
  srtp?: types.SrtpParameters;
}
