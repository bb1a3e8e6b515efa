import { describe, expect, it } from 'vitest';
import { FAKE_DTLS, nextEvent, ok, publishTeacher, useTestServer, waitFor, type TestSocket } from './harness.ts';

// Two workers, and a router full after two consumers: the third classroom's receiving link must
// be placed on the other worker, where the teacher's media arrives through a pipe transport.
const testServer = useTestServer({ MEDIASOUP_WORKERS: '2', CONSUMERS_PER_ROUTER: '2' });

async function receive(projector: TestSocket, producerIds: string[]) {
  const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
  const transport = await ok(projector, 'media:createTransport', { direction: 'recv' });
  await ok(projector, 'media:connectTransport', { transportId: transport.id, dtlsParameters: FAKE_DTLS });
  const consumers = [];
  for (const producerId of producerIds) {
    consumers.push(await ok(projector, 'media:consume', { producerId, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> }));
  }
  return consumers;
}

describe('fan-out across workers', () => {
  it('overflows receivers to a router on another worker, pipes the media there, and closes it when idle', async () => {
    const { server, connect } = testServer;
    const lesson = await server.createLesson(['Hill', 'River']);
    const teacher = await connect(lesson.teacherUrl);
    const { camera, microphone } = await publishTeacher(teacher);
    const media = server.app.registry.get(lesson.id)!.media;
    const routersPerWorker = () => server.app.pool.slots().map((s) => s.routers);

    const hill = await connect(lesson.classrooms[0]!.projectorUrl);
    await receive(hill, [camera, microphone]);
    expect(media.counts().routers).toBe(1);

    const river = await connect(lesson.classrooms[1]!.projectorUrl);
    const [riverCamera] = await receive(river, [camera, microphone]);
    expect(media.counts().routers).toBe(2);
    expect(routersPerWorker()).toEqual([1, 1]);
    expect(riverCamera).toMatchObject({ producerId: camera, kind: 'video' });

    // Closing the teacher's producer reaches consumers on the other worker too.
    const closed = nextEvent(river, 'media:consumerClosed', (e) => e.consumerId === riverCamera!.consumerId);
    await ok(teacher, 'media:closeProducer', { producerId: camera });
    await closed;

    // River leaves: its router on the second worker has no receiver left and is closed.
    river.close();
    await waitFor(() => media.counts().routers === 1);
    expect(routersPerWorker().reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('a dead edge worker makes only its classrooms receive anew; the teacher and the others keep theirs', async () => {
    const { server, connect } = testServer;
    const lesson = await server.createLesson(['Hill', 'River']);
    const teacher = await connect(lesson.teacherUrl);
    const { camera, microphone } = await publishTeacher(teacher);
    const media = server.app.registry.get(lesson.id)!.media;
    const hill = await connect(lesson.classrooms[0]!.projectorUrl);
    await receive(hill, [camera, microphone]);
    const river = await connect(lesson.classrooms[1]!.projectorUrl);
    await receive(river, [camera, microphone]);
    expect(media.counts().routers).toBe(2);

    const resets: string[] = [];
    for (const [name, socket] of [['teacher', teacher], ['hill', hill], ['river', river]] as const) {
      socket.on('media:reset', () => resets.push(name));
    }
    // The lesson started on the first worker; River's router is the edge on the second.
    const edgeWorker = server.app.pool.slots()[1]!.worker;
    process.kill(edgeWorker.pid, 'SIGKILL');
    await waitFor(() => resets.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(resets).toEqual(['river']);
    expect(media.published().map((m) => m.producerId).sort()).toEqual([camera, microphone].sort());
    expect(media.counts().routers).toBe(1);

    // River receives again (on the replaced worker, or on the home router until it is back).
    await waitFor(() => server.app.pool.slots().filter((s) => !s.worker.closed).length === 2);
    const again = await receive(river, [camera, microphone]);
    expect(again.map((c) => c.producerId)).toEqual([camera, microphone]);
  });
});
