import { describe, expect, it, onTestFinished } from 'vitest';
import { ROUTER_MEDIA_CODECS } from '../src/codecs.ts';
import { RecordingTap } from '../src/RecordingTap.ts';
import { SimulcastLayerWatch } from '../src/SimulcastLayerWatch.ts';
import { LAYER_SSRCS, SIMULCAST_CAMERA, sendSimulcastCamera, sleep, startSink } from './simulcastCamera.ts';
import { useTwoWorkers, waitFor } from './workers.ts';

// The recorder's tap on a simulcast camera whose sender stops its top layer: it must not go
// without pictures for longer than the issue allows (1 s) while it moves to the next layer.

const MAX_HOLE_MS = 1000;

const workers = useTwoWorkers();

/** A router with a three-layer camera (see sendSimulcastCamera), its layers watched, and a started tap on it. */
async function tappedCamera(options: { fps: number; topLayerLagMs: number }) {
  const router = await workers.pool.slots()[0]!.worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
  onTestFinished(() => router.close());
  const ingest = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
  const producer = await ingest.produce({ kind: 'video', rtpParameters: SIMULCAST_CAMERA });
  const relay = await sendSimulcastCamera({ ip: '127.0.0.1', port: ingest.tuple.localPort }, options);
  const { sink, port } = await startSink();
  const tap = await RecordingTap.create(router, producer.id, '127.0.0.1', { ip: '127.0.0.1', port, rtcpPort: port + 1 }, new SimulcastLayerWatch(producer));
  await tap.start();
  await waitFor(() => tap.spatialLayer === 2, 10_000);
  return { tap, relay, sink };
}

describe('recording tap on a simulcast camera', () => {
  it('takes the next layer at once when the sender stops the top one, and the top one back when it returns', async () => {
    const { tap, relay, sink } = await tappedCamera({ fps: 30, topLayerLagMs: 0 });
    await sleep(1000);

    const stoppedAt = performance.now();
    relay.silenced.add(LAYER_SSRCS[2]);
    await waitFor(() => tap.spatialLayer === 1, 3000);
    await sleep(1000);
    expect(sink.longestHole(stoppedAt, performance.now())).toBeLessThan(MAX_HOLE_MS);

    const resumedAt = performance.now();
    relay.silenced.delete(LAYER_SSRCS[2]);
    await waitFor(() => tap.spatialLayer === 2, 8000);
    await sleep(500);
    expect(sink.longestHole(resumedAt, performance.now())).toBeLessThan(MAX_HOLE_MS);
  });

  it('keeps the top layer of a slow picture whose layers arrive a little apart (a slide deck)', async () => {
    // Two frames a second, the top layer's 60 ms behind: many reads see a lower layer grow first.
    const { tap } = await tappedCamera({ fps: 2, topLayerLagMs: 60 });
    const layers = new Set<number | undefined>();
    const until = performance.now() + 4000;
    while (performance.now() < until) {
      layers.add(tap.spatialLayer);
      await sleep(20);
    }
    expect([...layers]).toEqual([2]);
  });
});
