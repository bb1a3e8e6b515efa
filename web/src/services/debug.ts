import type { types } from 'mediasoup-client';
import type { MediaSource } from '@classroom/shared';
import { selectedCandidatePair, statEntries as entries, statNumber as num, statString as str, type Stat } from './rtcStats.ts';
import { getActiveMedia } from './session.ts';

/** Receive side (projector): what the teacher's camera and microphone consumers decoded. */
export interface ReceiveStatsSnapshot {
  side: 'recv';
  video: {
    framesDecoded: number; frameWidth: number; frameHeight: number; bytesReceived: number;
    /** Chromium's own freeze detection (inbound-rtp): how often and how long the picture stood still. */
    freezeCount: number; totalFreezesDuration: number;
  };
  audio: { packetsReceived: number; totalSamplesReceived: number; audioLevel: number };
  candidateProtocol: 'udp' | 'tcp' | null;
  consumers: number;
}

/** Send side (teacher): what the producers sent. */
export interface SendStatsSnapshot {
  side: 'send';
  producers: number;
  videoBytesSent: number;
  audioBytesSent: number;
  /** Summed over simulcast layers: key frames sent, and key frame requests (PLI) that asked for them. */
  videoKeyFramesEncoded: number;
  videoPlisReceived: number;
  candidateProtocol: 'udp' | 'tcp' | null;
  /** SRTP profile negotiated with the server over DTLS (e.g. AEAD_AES_256_GCM). */
  srtpCipher: string | null;
}

export type MediaStatsSnapshot = ReceiveStatsSnapshot | SendStatsSnapshot;

/** A projector's picture for the teacher's wall, as its browser sends it. */
export interface WallStatsSnapshot {
  producing: boolean;
  paused: boolean;
  /** Summed over the simulcast layers: what left the browser for the wall. */
  bytesSent: number;
  packetsSent: number;
  /** Height of each layer that sent frames (the encoder's outbound-rtp), lowest first. */
  layerHeights: number[];
  /** The teacher's side: wall tiles received, what they brought and decoded in all. */
  tilesReceived: number;
  bytesReceived: number;
  framesDecoded: number;
}

export interface ClassroomDebugHooks {
  mediaStats(): Promise<MediaStatsSnapshot>;
  wallStats(): Promise<WallStatsSnapshot>;
  /** A projector sending its wall picture falls back to still pictures, as on a too weak uplink. */
  wallFallBackToStills(): boolean;
}

declare global {
  interface Window {
    __classroom?: ClassroomDebugHooks;
  }
}

/** The protocol of the selected ICE candidate pair: UDP normally, TCP behind strict firewalls. */
async function candidateProtocol(transport: types.Transport | null): Promise<'udp' | 'tcp' | null> {
  if (!transport || transport.closed) return null;
  const stats = entries(await transport.getStats());
  const byId = new Map(stats.map((s) => [str(s, 'id'), s]));
  const pair = selectedCandidatePair(stats);
  if (!pair) return null;
  for (const key of ['remoteCandidateId', 'localCandidateId']) {
    const id = str(pair, key);
    const protocol = id ? str(byId.get(id), 'protocol') : null;
    if (protocol === 'udp' || protocol === 'tcp') return protocol;
  }
  return null;
}

async function srtpCipher(transport: types.Transport | null): Promise<string | null> {
  if (!transport || transport.closed) return null;
  const stats = entries(await transport.getStats()).find((s) => s['type'] === 'transport');
  return str(stats, 'srtpCipher') || null;
}

async function inbound(consumer: types.Consumer | undefined): Promise<Stat | undefined> {
  if (!consumer || consumer.closed) return undefined;
  return entries(await consumer.getStats()).find((s) => s['type'] === 'inbound-rtp');
}

async function receiveStats(): Promise<ReceiveStatsSnapshot> {
  const media = getActiveMedia();
  const consumers = media?.receiver.consumers ?? [];
  const teacher = (source: MediaSource) => media?.receiver.teacherConsumer(source);
  const [video, audio, protocol] = await Promise.all([
    inbound(teacher('camera')),
    inbound(teacher('microphone')),
    candidateProtocol(media?.session.openTransport('recv') ?? null),
  ]);
  return {
    side: 'recv',
    video: {
      framesDecoded: num(video, 'framesDecoded'),
      frameWidth: num(video, 'frameWidth'),
      frameHeight: num(video, 'frameHeight'),
      bytesReceived: num(video, 'bytesReceived'),
      freezeCount: num(video, 'freezeCount'),
      totalFreezesDuration: num(video, 'totalFreezesDuration'),
    },
    audio: {
      packetsReceived: num(audio, 'packetsReceived'),
      totalSamplesReceived: num(audio, 'totalSamplesReceived'),
      audioLevel: num(audio, 'audioLevel'),
    },
    candidateProtocol: protocol,
    consumers: consumers.length,
  };
}

async function sendStats(): Promise<SendStatsSnapshot> {
  const media = getActiveMedia();
  const producers = media?.publisher.producers ?? [];
  let videoBytesSent = 0;
  let audioBytesSent = 0;
  let videoKeyFramesEncoded = 0;
  let videoPlisReceived = 0;
  for (const producer of producers) {
    if (producer.closed) continue;
    // Simulcast: one outbound-rtp entry per layer; the total is what left the browser.
    const outbound = entries(await producer.getStats()).filter((s) => s['type'] === 'outbound-rtp');
    const sum = (key: string) => outbound.reduce((total, s) => total + num(s, key), 0);
    if (producer.kind === 'video') {
      videoBytesSent += sum('bytesSent');
      videoKeyFramesEncoded += sum('keyFramesEncoded');
      videoPlisReceived += sum('pliCount');
    } else {
      audioBytesSent += sum('bytesSent');
    }
  }
  const transport = media?.session.openTransport('send') ?? null;
  return {
    side: 'send',
    producers: producers.length,
    videoBytesSent,
    audioBytesSent,
    videoKeyFramesEncoded,
    videoPlisReceived,
    candidateProtocol: await candidateProtocol(transport),
    srtpCipher: await srtpCipher(transport),
  };
}

async function wallStats(): Promise<WallStatsSnapshot> {
  const media = getActiveMedia();
  const tiles = (media?.receiver.consumers ?? []).filter((c) => c.appData['source'] === 'wall' && !c.closed);
  const inbound = (await Promise.all(tiles.map(async (c) => entries(await c.getStats()).filter((s) => s['type'] === 'inbound-rtp')))).flat();
  const received = {
    tilesReceived: tiles.length,
    bytesReceived: inbound.reduce((total, s) => total + num(s, 'bytesReceived'), 0),
    framesDecoded: inbound.reduce((total, s) => total + num(s, 'framesDecoded'), 0),
  };
  const producer = media?.wall?.picture.producer;
  if (!producer || producer.closed) return { producing: false, paused: false, bytesSent: 0, packetsSent: 0, layerHeights: [], ...received };
  const outbound = entries(await producer.getStats()).filter((s) => s['type'] === 'outbound-rtp');
  const sum = (key: string) => outbound.reduce((total, s) => total + num(s, key), 0);
  return {
    producing: true,
    paused: producer.paused,
    bytesSent: sum('bytesSent'),
    packetsSent: sum('packetsSent'),
    layerHeights: outbound.map((s) => num(s, 'frameHeight')).filter((h) => h > 0).sort((a, b) => a - b),
    ...received,
  };
}

/** Test hooks for Playwright: `await window.__classroom.mediaStats()`. */
export function installDebugHooks(side: 'send' | 'recv'): void {
  window.__classroom = {
    mediaStats: side === 'send' ? sendStats : receiveStats,
    wallStats,
    wallFallBackToStills: () => getActiveMedia()?.wall?.picture.fallBackToStills() ?? false,
  };
}
