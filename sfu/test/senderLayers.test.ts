import type { types } from 'mediasoup';
import { afterEach, describe, expect, it } from 'vitest';
import { LessonMedia } from '../src/LessonMedia.ts';
import { LAYER_SSRCS, SIMULCAST_CAMERA, sendSimulcastCamera, sleep, startSink } from './simulcastCamera.ts';
import { silentLog, useTwoWorkers, waitFor } from './workers.ts';

// A classroom watching the teacher's camera on its top layer when the teacher's browser stops
// sending that layer: it must get the next layer at once, not a frozen picture for the ~1.5 s
// mediasoup's inactivity check takes to notice.

const MAX_HOLE_MS = 1000;
const SETTINGS = { enableUdp: true, enableTcp: false, initialOutgoingBitrate: 1_000_000, maxIncomingBitrate: 3_000_000, plainRtp: { listenIp: '127.0.0.1' } };

const workers = useTwoWorkers();
let media: LessonMedia | undefined;
afterEach(async () => {
  media?.close();
  await waitFor(() => workers.counters.snapshot().routers === 0);
});

/**
 * What a plain RTP receiver without congestion control can take: the codecs with NACK and key
 * frame requests, no header extension (else the worker's estimate of its link stays at nothing).
 */
function plainReceiver(router: types.RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: (router.codecs ?? []).map((codec) => ({ ...codec, rtcpFeedback: (codec.rtcpFeedback ?? []).filter((fb) => fb.type === 'nack' || fb.type === 'ccm') })),
    headerExtensions: [],
  };
}

/** The teacher's three-layer camera, and a classroom receiving it (on a plain transport to a sink). */
async function classroomWatchingTheTeacher() {
  media = new LessonMedia('lesson', workers.pool, SETTINGS, silentLog);
  const teacher = media.peer('teacher-connection', 'teacher');
  const send = await teacher.createPlainTransport({ direction: 'send' });
  const camera = await teacher.produce({ transportId: send.id, kind: 'video', rtpParameters: SIMULCAST_CAMERA, label: 'camera' });
  const relay = await sendSimulcastCamera({ ip: '127.0.0.1', port: send.tuple.localPort }, { fps: 30, topLayerLagMs: 0 });
  const { sink, port } = await startSink();
  const hill = media.peer('hill-connection', 'classroom:hill');
  await hill.createPlainTransport({ direction: 'recv', destination: { ip: '127.0.0.1', port } });
  const { consumer } = await hill.consume(camera.id, plainReceiver(await media.rtpCapabilities()));
  await hill.resumeConsumer(consumer.id);
  await waitFor(() => consumer.currentLayers?.spatialLayer === 2, 10_000);
  return { consumer, relay, sink };
}

describe('a classroom on the top layer when the teacher\'s browser stops it', () => {
  it('gets the next layer at once, and the top one back when it returns', async () => {
    const { consumer, relay, sink } = await classroomWatchingTheTeacher();
    await sleep(1000);

    const stoppedAt = performance.now();
    relay.silenced.add(LAYER_SSRCS[2]);
    await waitFor(() => consumer.currentLayers?.spatialLayer === 1, 3000);
    // Held below the silent layer by the lesson (mediasoup alone would keep preferring it).
    expect(consumer.preferredLayers?.spatialLayer).toBe(1);
    await sleep(1000);
    expect(sink.longestHole(stoppedAt, performance.now())).toBeLessThan(MAX_HOLE_MS);

    const resumedAt = performance.now();
    relay.silenced.delete(LAYER_SSRCS[2]);
    await waitFor(() => consumer.currentLayers?.spatialLayer === 2, 8000);
    await sleep(500);
    expect(sink.longestHole(resumedAt, performance.now())).toBeLessThan(MAX_HOLE_MS);
    // The hold is lifted: the classroom prefers the best layer again.
    expect(consumer.preferredLayers?.spatialLayer).toBe(2);
  });
});
