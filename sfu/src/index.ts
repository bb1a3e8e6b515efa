export { CONSUMER_PRIORITY, ROUTER_MEDIA_CODECS } from './codecs.ts';
export { LessonMedia, MediaRequestError, type PublishedMedia, type TransportSettings } from './LessonMedia.ts';
export type { MediaLogger } from './logger.ts';
export { MediaCounters, type MediaCounts } from './MediaCounters.ts';
export { MediaPeer, PEER_LIMITS, type LinkState } from './MediaPeer.ts';
export { resolveWorkerBin } from './workerBin.ts';
export { WorkerPool, type WorkerPoolOptions, type WorkerSlot } from './WorkerPool.ts';
export { version as mediasoupVersion } from 'mediasoup';
export type { types as mediasoupTypes } from 'mediasoup';
