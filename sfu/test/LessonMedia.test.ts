import { afterEach, describe, expect, it } from 'vitest';
import { LessonMedia } from '../src/LessonMedia.ts';
import type { MediaPeer } from '../src/MediaPeer.ts';
import { OPUS_PARAMETERS, silentLog, useTwoWorkers, waitFor } from './workers.ts';

// A router full after one consumer: the second classroom receives on an edge router.
const workers = useTwoWorkers();
const SETTINGS = { enableUdp: true, enableTcp: false, initialOutgoingBitrate: 1_000_000, maxIncomingBitrate: 3_000_000, consumersPerRouter: 1 };
let media: LessonMedia | undefined;
afterEach(async () => {
  media?.close();
  await waitFor(() => workers.counters.snapshot().routers === 0);
});

/** The teacher publishes a microphone; Hill receives it on the home router, which is then full. */
async function lessonWithHill() {
  media = new LessonMedia('lesson', workers.pool, SETTINGS, silentLog);
  const teacher = media.peer('teacher-connection', 'teacher');
  const send = await teacher.createTransport('send');
  const homeWorker = workers.routersPerWorker().indexOf(1);
  const microphone = await teacher.produce({ transportId: send.id, kind: 'audio', rtpParameters: OPUS_PARAMETERS, label: 'microphone' });
  const rtpCapabilities = await media.rtpCapabilities();
  const hill = media.peer('hill-connection', 'classroom:hill');
  await hill.createTransport('recv');
  await hill.consume(microphone.id, rtpCapabilities);
  return { media, teacher, hill, microphone, rtpCapabilities, homeWorker, edgeWorker: 1 - homeWorker };
}

/** As lessonWithHill, and River receives on an edge router on the other worker. */
async function lessonOnTwoWorkers() {
  const lesson = await lessonWithHill();
  const river = lesson.media.peer('river-connection', 'classroom:river');
  await river.createTransport('recv');
  await river.consume(lesson.microphone.id, lesson.rtpCapabilities);
  expect(lesson.media.counts().routers).toBe(2);
  return { ...lesson, river };
}

function lossesOf(media: LessonMedia, peers: Record<string, MediaPeer>): string[] {
  const losses: string[] = [];
  media.on('reset', () => losses.push('lesson reset'));
  for (const [name, peer] of Object.entries(peers)) peer.on('receivingLost', () => losses.push(name));
  return losses;
}

describe('the media of a lesson on two workers', () => {
  it('tells only the classrooms that received on a dead edge worker to receive anew', async () => {
    const { media, teacher, hill, river, microphone, edgeWorker } = await lessonOnTwoWorkers();
    const losses = lossesOf(media, { teacher, hill, river });

    await workers.crash(edgeWorker);
    expect(losses).toEqual(['river']);
    expect(media.published().map((m) => m.producerId)).toEqual([microphone.id]);
    expect(teacher.counts()).toEqual({ transports: 1, producers: 1, consumers: 0 });
    expect(hill.counts()).toEqual({ transports: 1, producers: 0, consumers: 1 });
    expect(media.counts().routers).toBe(1);
  });

  it('resets the whole lesson when the home worker dies: every producer is gone', async () => {
    const { media, teacher, hill, river, homeWorker } = await lessonOnTwoWorkers();
    const losses = lossesOf(media, { teacher, hill, river });
    const closed: string[] = [];
    media.on('producerClosed', (producerId) => closed.push(producerId));

    await workers.crash(homeWorker);
    expect(losses).toEqual(['lesson reset']);
    expect(closed).toHaveLength(1);
    expect(media.published()).toEqual([]);
    for (const peer of [teacher, hill, river]) expect(peer.counts()).toEqual({ transports: 0, producers: 0, consumers: 0 });
    expect(media.counts()).toEqual({ peers: 3, producers: 0, routers: 0 });
    expect(workers.counters.snapshot()).toMatchObject({ routers: 0, transports: 0, producers: 0, consumers: 0 });
  });

  it('leaves no mediasoup object behind once it closes, parked peers included', async () => {
    const { media, river } = await lessonOnTwoWorkers();
    media.parkPeer(river.id, { maxMs: 60_000, linkLostMs: 60_000 });
    expect(workers.counters.snapshot()).toMatchObject({ routers: 2, producers: 2, consumers: 3 });

    media.close();
    expect(media.parkedCount).toBe(0);
    expect(media.counts()).toEqual({ peers: 0, producers: 0, routers: 0 });
    await expectNothingLeft();
  });

  it('leaves no router behind when it closes while routers are being made', async () => {
    media = new LessonMedia('lesson', workers.pool, SETTINGS, silentLog);
    const home = media.rtpCapabilities();
    media.close();
    await home;
    await expectNothingLeft();

    // The home router is full: a new receiver makes an edge router, and the lesson closes the
    // moment the edge's worker has made it, before the lesson holds it.
    const lesson = await lessonWithHill();
    workers.pool.slots()[lesson.edgeWorker]!.worker.observer.once('newrouter', () => lesson.media.close());
    await expect(lesson.media.peer('river-connection', 'classroom:river').createTransport('recv')).rejects.toThrow('the lesson media is closed');
    await expectNothingLeft();
  });
});

async function expectNothingLeft(): Promise<void> {
  await waitFor(() => workers.counters.snapshot().routers === 0);
  expect(workers.counters.snapshot()).toEqual({ workers: 2, routers: 0, transports: 0, producers: 0, consumers: 0 });
  expect(workers.routersPerWorker()).toEqual([0, 0]);
}
