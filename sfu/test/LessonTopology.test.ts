import type { types } from 'mediasoup';
import { afterEach, describe, expect, it } from 'vitest';
import { LessonTopology, type LessonRouter } from '../src/LessonTopology.ts';
import { OPUS_PARAMETERS, silentLog, useTwoWorkers, waitFor } from './workers.ts';

// Two workers, and a router full after two consumers: the threshold is reached in a few steps.
const workers = useTwoWorkers();
let topology: LessonTopology | undefined;
afterEach(async () => {
  topology?.close();
  await waitFor(() => workers.counters.snapshot().routers === 0);
});

/** A lesson with one microphone published on its home router. */
async function lessonWithMicrophone() {
  const producerIds = new Set<string>();
  topology = new LessonTopology({ lessonId: 'lesson', pool: workers.pool, consumersPerRouter: 2, producerIds: () => producerIds, log: silentLog });
  const home = await topology.routerToSend();
  const send = await transportOn(home);
  const microphone = await send.produce({ kind: 'audio', rtpParameters: OPUS_PARAMETERS });
  producerIds.add(microphone.id);
  topology.spread(microphone.id);
  return { topology, home, send, microphone, producerIds };
}

function transportOn({ router, webRtcServer }: LessonRouter): Promise<types.WebRtcTransport> {
  return router.createWebRtcTransport({ webRtcServer, appData: { routerId: router.id } });
}

/** Two classrooms fill the home router; a third receives on an edge router on the other worker. */
async function lessonGrownToEdge() {
  const lesson = await lessonWithMicrophone();
  const homeWorker = workers.routersPerWorker().indexOf(1);
  await receiver(lesson.topology, lesson.microphone.id);
  await receiver(lesson.topology, lesson.microphone.id);
  const edge = await receiver(lesson.topology, lesson.microphone.id);
  return { ...lesson, homeWorker, edge };
}

/** A classroom receiving the microphone where the topology places it. */
async function receiver(topology: LessonTopology, producerId: string) {
  const at = await topology.routerToReceive();
  const transport = await transportOn(at);
  await topology.makeAvailable(producerId, at.router.id);
  const consumer = await transport.consume({ producerId, rtpCapabilities: at.router.rtpCapabilities });
  return { at, transport, consumer };
}

describe('the routers of a lesson', () => {
  it('places receivers on the home router up to the threshold, then on an edge on the other worker fed by a pipe', async () => {
    const { topology, home, microphone } = await lessonWithMicrophone();
    const first = await receiver(topology, microphone.id);
    const second = await receiver(topology, microphone.id);
    expect([first.at.router.id, second.at.router.id]).toEqual([home.router.id, home.router.id]);
    expect(workers.routersPerWorker().sort()).toEqual([0, 1]);

    const third = await receiver(topology, microphone.id);
    expect(third.at.router.id).not.toBe(home.router.id);
    expect(workers.routersPerWorker()).toEqual([1, 1]);
    expect(topology.routerCount).toBe(2);
    // The microphone reached the edge through a pipe transport pair (one on each router).
    expect(third.consumer.producerId).toBe(microphone.id);
    expect(workers.counters.snapshot().transports).toBe(1 + 3 + 2);

    // Room left on the edge: the next receiver goes there, not to a third router.
    const fourth = await receiver(topology, microphone.id);
    expect(fourth.at.router.id).toBe(third.at.router.id);
    // Every router full, no worker left: the least busy one takes it.
    const fifth = await receiver(topology, microphone.id);
    expect([home.router.id, third.at.router.id]).toContain(fifth.at.router.id);
    expect(topology.routerCount).toBe(2);
  });

  it('closes an edge router once nobody receives from it, with its pipe transports; the home router stays', async () => {
    const { topology, home, microphone, edge } = await lessonGrownToEdge();
    const another = await receiver(topology, microphone.id);
    expect(another.at.router.id).toBe(edge.at.router.id);

    edge.transport.close();
    expect(topology.routerCount).toBe(2);
    another.transport.close();
    expect(topology.routerCount).toBe(1);
    expect(edge.at.router.closed).toBe(true);
    expect(home.router.closed).toBe(false);
    expect(workers.routersPerWorker().reduce((a, b) => a + b, 0)).toBe(1);
    // Left: the sender's transport and the two receivers on the home router; no pipe transport.
    await waitFor(() => workers.counters.snapshot().transports === 3);
    expect(workers.counters.snapshot().routers).toBe(1);
  });

  it('pipes every producer to an edge router before anyone asks for it there', async () => {
    const { topology, send, microphone, producerIds } = await lessonWithMicrophone();
    await receiver(topology, microphone.id);
    await receiver(topology, microphone.id);
    await topology.routerToReceive();
    // The microphone, and its copy on the edge.
    await waitFor(() => workers.counters.snapshot().producers === 2);

    // Published once the edge exists: it flows there at once too.
    const second = await send.produce({ kind: 'audio', rtpParameters: { ...OPUS_PARAMETERS, mid: '2', encodings: [{ ssrc: 33333333 }] } });
    producerIds.add(second.id);
    topology.spread(second.id);
    await waitFor(() => workers.counters.snapshot().producers === 4);
  });

  it('reports a dead edge worker as the loss of that edge only; the home router keeps its producers', async () => {
    const { topology, home, microphone, homeWorker, edge } = await lessonGrownToEdge();
    const events = recordLosses(topology);

    await workers.crash(1 - homeWorker);
    expect(events).toEqual([['edgesLost', [edge.at.router.id]]]);
    expect(topology.routerCount).toBe(1);
    expect(microphone.closed).toBe(false);
    expect(home.router.closed).toBe(false);
    expect(workers.routersPerWorker()[homeWorker]).toBe(1);

    // Receivers past the threshold grow the lesson to the replaced worker again.
    const again = await receiver(topology, microphone.id);
    expect(again.at.router.id).not.toBe(home.router.id);
    expect(again.consumer.producerId).toBe(microphone.id);
  });

  it('reports a dead home worker as the loss of the home router, and closes the edges it fed', async () => {
    const { topology, home, homeWorker, edge } = await lessonGrownToEdge();
    const events = recordLosses(topology);

    await workers.crash(homeWorker);
    expect(events).toEqual([['homeLost']]);
    expect(home.router.closed).toBe(true);
    expect(edge.at.router.closed).toBe(true);
    expect(topology.routerCount).toBe(0);
    expect(workers.routersPerWorker()).toEqual([0, 0]);
    expect(workers.counters.snapshot()).toMatchObject({ routers: 0, transports: 0, producers: 0, consumers: 0 });

    // The lesson starts again on a new home router.
    const newHome = await topology.routerToSend();
    expect(newHome.router.id).not.toBe(home.router.id);
  });
});

function recordLosses(topology: LessonTopology): unknown[][] {
  const events: unknown[][] = [];
  topology.on('edgesLost', (routerIds) => events.push(['edgesLost', [...routerIds]]));
  topology.on('homeLost', () => events.push(['homeLost']));
  return events;
}
