import { describe, expect, it, onTestFinished } from 'vitest';
import { Cluster } from '../src/cluster/Cluster.ts';
import type { MediaCascade } from '../src/cluster/MediaCascade.ts';
import { startRedis } from './redis.ts';
import { flowing, log, originLesson, plainReceiver, simulcastCamera, TestNet, until, type TestNode } from './cascadeNodes.ts';

// The media cascade between nodes with real mediasoup workers and real RTP: a lesson runs on
// node A (origin); nodes B and C (edges) carry classrooms of it, fed from A through pipe
// transports. Cameras and decoders are plain RTP sockets of the test.

const LESSON = 'lesson-cascade';
const TEACHER = 'teacher';

/** The teacher's camera on A, received by Hill on the edge B. */
async function teacherToEdge(a: TestNode, b: TestNode) {
  const lesson = originLesson(a, LESSON);
  const camera = await simulcastCamera(lesson, TEACHER);
  const edge = b.cascade.edgeMedia(LESSON, a.id);
  const hill = await plainReceiver(edge, 'hill', 'classroom:hill');
  const consumer = await hill.consume(camera.producer.id);
  expect(await flowing(hill.packets)).toBe(true);
  return { lesson, camera, edge, hill, consumer };
}

describe('media cascade', () => {
  it('feeds an edge\'s classrooms through one pipe: every layer crosses once, each classroom gets its own', async () => {
    const net = new TestNet();
    // One consumer per router on the edge: its second classroom receives on its other worker.
    const [a, b] = await Promise.all([net.node('A'), net.node('B', { workers: 2, settings: { consumersPerRouter: 1 } })]);
    const lesson = originLesson(a, LESSON);
    const camera = await simulcastCamera(lesson, TEACHER);
    const edge = b.cascade.edgeMedia(LESSON, 'A');
    const announced: string[] = [];
    edge.on('producerAdded', (media) => announced.push(media.producerId));
    edge.on('producerPaused', (producerId) => announced.push(producerId));

    const hill = await plainReceiver(edge, 'hill', 'classroom:hill');
    await hill.peer.capVideo(0); // a data saver: the lowest layer only
    await hill.consume(camera.producer.id);
    const river = await plainReceiver(edge, 'river', 'classroom:river');
    await river.consume(camera.producer.id);
    expect(edge.counts().routers).toBe(2);

    await until(() => hill.lastLayer() === 0 && river.lastLayer() === 2, 'each classroom on its own layer');
    expect(await flowing(hill.packets)).toBe(true);
    expect(await flowing(river.packets)).toBe(true);
    // One copy crosses: the origin holds one pipe transport and one pipe consumer for the edge,
    // whatever the number of classrooms there.
    expect(a.counts()).toMatchObject({ pipeTransports: 1, consumers: 1 });
    expect(b.cascade.snapshot().edges).toEqual({ [LESSON]: 'A' });
    expect(a.cascade.snapshot().served).toEqual({ [LESSON]: ['B'] });
    // Stand-ins are never announced on the edge: its clients hear the origin's broadcasts.
    expect(edge.published()).toEqual([]);
    expect(announced).toEqual([]);

    // A key frame asked for on the edge reaches the camera on the origin.
    const asked = camera.keyFrameRequests();
    await river.peer.capVideo(1);
    await until(() => camera.keyFrameRequests() > asked, 'key frame request crossed back');
    await until(() => river.lastLayer() === 1 && hill.lastLayer() === 0, 'river switched alone');
  });

  it('mirrors the origin\'s pause, resume and close on the edge', async () => {
    const net = new TestNet();
    const [a, b] = await Promise.all([net.node('A'), net.node('B')]);
    const { camera, hill, consumer } = await teacherToEdge(a, b);

    await camera.producer.pause();
    await until(() => consumer.producerPaused, 'pause reached the edge consumer');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await flowing(hill.packets, 2, 500)).toBe(false);
    await camera.producer.resume();
    await until(() => !consumer.producerPaused, 'resume reached the edge consumer');
    expect(await flowing(hill.packets)).toBe(true);

    const closed: string[] = [];
    hill.peer.on('consumerClosed', (_consumerId, producerId) => closed.push(producerId));
    camera.producer.close();
    await until(() => closed.length === 1, 'the edge peer was told');
    expect(closed).toEqual([camera.producer.id]);
    expect(consumer.closed).toBe(true);
    expect(b.counts()).toMatchObject({ producers: 0, consumers: 0 });
    expect(a.counts()).toMatchObject({ consumers: 0 });
  });

  it('brings a classroom on stage on one edge to the teacher and to another edge; the lesson mutes and closes it there', async () => {
    const net = new TestNet();
    const [a, b, c] = await Promise.all([net.node('A'), net.node('B'), net.node('C')]);
    const lesson = originLesson(a, LESSON);
    const added: string[] = [];
    const pausedAtOrigin: boolean[] = [];
    lesson.on('producerAdded', (media) => added.push(`${media.publisherId}:${media.label}`));
    lesson.on('producerPaused', (_producerId, paused) => pausedAtOrigin.push(paused));
    const edgeB = b.cascade.edgeMedia(LESSON, 'A');
    const edgeC = c.cascade.edgeMedia(LESSON, 'A');

    // Hill, on node B, is on stage and publishes there.
    const stage = await simulcastCamera(edgeB, 'classroom:hill');
    await until(() => added.includes('classroom:hill:camera'), 'the origin adopted it');
    expect(lesson.published().map((media) => media.producerId)).toEqual([stage.producer.id]);

    const teacher = await plainReceiver(lesson, 'teacher', TEACHER);
    const river = await plainReceiver(edgeC, 'river', 'classroom:river');
    const atTeacher = await teacher.consume(stage.producer.id);
    const atRiver = await river.consume(stage.producer.id);
    expect(await flowing(teacher.packets)).toBe(true);
    expect(await flowing(river.packets)).toBe(true);

    // The assistant turns the camera off: the real producer on B pauses, and every receiver with it.
    await lesson.setPausedOf('classroom:hill', 'camera', true);
    await until(() => stage.producer.paused && atTeacher.producerPaused && atRiver.producerPaused, 'paused everywhere');
    expect(pausedAtOrigin).toEqual([true]); // announced once, no echo from B
    await lesson.setPausedOf('classroom:hill', 'camera', false);
    await until(() => !stage.producer.paused && !atRiver.producerPaused, 'resumed everywhere');
    expect(await flowing(river.packets)).toBe(true);
    expect(pausedAtOrigin).toEqual([true, false]);

    // The stage ends: the real producer on B closes, and with it every stand-in.
    const riverClosed: string[] = [];
    river.peer.on('consumerClosed', (_consumerId, producerId) => riverClosed.push(producerId));
    expect(lesson.closeProducersOf('classroom:hill')).toBe(1);
    await until(() => stage.producer.closed, 'the real producer closed');
    await until(() => riverClosed.length === 1 && atTeacher.closed, 'receivers told');
    expect(lesson.published()).toEqual([]);
    expect(edgeB.published()).toEqual([]);
    for (const node of [a, b, c]) expect(node.counts()).toMatchObject({ producers: 0, consumers: 0 });
  });

  it('leaves no pipe, producer or consumer of the lesson on either node once closed', async () => {
    const net = new TestNet();
    const [a, b, c] = await Promise.all([net.node('A'), net.node('B'), net.node('C')]);
    const lesson = originLesson(a, LESSON);
    const camera = await simulcastCamera(lesson, TEACHER);
    const edgeB = b.cascade.edgeMedia(LESSON, 'A');
    const edgeC = c.cascade.edgeMedia(LESSON, 'A');
    await simulcastCamera(edgeB, 'classroom:hill');
    await until(() => lesson.published().length === 2, 'the stage camera adopted');
    const river = await plainReceiver(edgeC, 'river', 'classroom:river');
    await river.consume(camera.producer.id);
    await until(() => river.packets() > 5, 'river receives');
    expect(a.counts().pipeTransports).toBe(2);

    // The last classroom on C leaves: both ends of its pipe close.
    c.cascade.closeEdge(LESSON);
    await until(() => a.counts().pipeTransports === 1, 'the origin closed its end to C');
    expect(c.counts()).toEqual({ routers: 0, pipeTransports: 0, producers: 0, consumers: 0 });

    // The lesson stops on A: B is told, its pipe and stand-ins close; B's own camera leaves A.
    const resets: string[] = [];
    edgeB.on('reset', (reason) => resets.push(reason));
    a.cascade.stopServing(LESSON);
    await until(() => resets.length === 1 && b.counts().pipeTransports === 0, 'B told');
    await until(() => a.counts().pipeTransports === 0, 'origin pipes closed');
    expect(a.counts()).toMatchObject({ producers: 1, consumers: 0 }); // the teacher's camera only
    expect(lesson.published().map((media) => media.producerId)).toEqual([camera.producer.id]);
    b.cascade.closeEdge(LESSON);
    lesson.close();
    for (const node of [a, b, c]) await until(() => node.counts().routers === 0, `${node.id} empty`);
    for (const node of [a, b, c]) expect(node.counts()).toEqual({ routers: 0, pipeTransports: 0, producers: 0, consumers: 0 });
  });

  it('closes what a killed node fed or was fed, and follows the lesson to its new origin', async () => {
    const net = new TestNet();
    const [a, b, c, d] = await Promise.all([net.node('A'), net.node('B'), net.node('C'), net.node('D')]);
    const lesson = originLesson(a, LESSON);
    const camera = await simulcastCamera(lesson, TEACHER);
    const edgeB = b.cascade.edgeMedia(LESSON, 'A');
    const edgeC = c.cascade.edgeMedia(LESSON, 'A');
    const hill = await plainReceiver(edgeB, 'hill', 'classroom:hill');
    const hillConsumer = await hill.consume(camera.producer.id);
    await (await plainReceiver(edgeC, 'river', 'classroom:river')).consume(camera.producer.id);
    await until(() => hill.packets() > 5, 'hill receives');

    // C is killed: A closes its end to C, and only that one.
    net.kill('C');
    a.cascade.nodeGone('C');
    await until(() => a.counts().pipeTransports === 1, 'the pipe to C closed');
    expect(await flowing(hill.packets)).toBe(true);

    // A is killed: B's stand-ins go, its classrooms are told to set up again.
    const resets: string[] = [];
    edgeB.on('reset', (reason) => resets.push(reason));
    net.kill('A');
    b.cascade.nodeGone('A');
    expect(resets).toHaveLength(1);
    await until(() => hillConsumer.closed, 'hill\'s consumer closed');
    await until(() => b.counts().pipeTransports === 0, 'B\'s pipe closed');
    expect(b.counts()).toMatchObject({ producers: 0, consumers: 0 });

    // D takes the lesson over; B follows it there.
    const moved = originLesson(d, LESSON);
    const camera2 = await simulcastCamera(moved, TEACHER);
    b.cascade.closeEdge(LESSON);
    const edgeB2 = b.cascade.edgeMedia(LESSON, 'D');
    expect(edgeB2).not.toBe(edgeB);
    const hill2 = await plainReceiver(edgeB2, 'hill-2', 'classroom:hill');
    await hill2.consume(camera2.producer.id);
    expect(await flowing(hill2.packets)).toBe(true);
    expect(d.counts().pipeTransports).toBe(1);
    onTestFinished(() => b.cascade.closeEdge(LESSON));
  });
});

describe('cascade messages', () => {
  it('refuses malformed ones, and lets only the lesson\'s origin speak for it', async () => {
    const net = new TestNet();
    const [a, b, c] = await Promise.all([net.node('A'), net.node('B'), net.node('C')]);
    const { camera, consumer } = await teacherToEdge(a, b);
    await expect(b.cascade.handle('A', { cascade: { op: 'pull', lessonId: LESSON } })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(b.cascade.handle('A', { cascade: { op: 'explode', lessonId: LESSON } })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(c.cascade.handle('B', { cascade: { op: 'pull', lessonId: LESSON, producerId: camera.producer.id } }))
      .rejects.toMatchObject({ code: 'wrong_node' });
    // C is not the lesson's origin for B: its notice is dropped.
    await b.cascade.handle('C', { cascade: { op: 'notice', lessonId: LESSON, to: 'edge', notice: { op: 'closed', producerId: camera.producer.id } } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(consumer.closed).toBe(false);
  });
});

describe('media cascade when a worker dies', () => {
  /** Kills a node's only worker as a crash would; resolves once its pool replaced it. */
  async function crash(node: TestNode): Promise<void> {
    const [slot] = node.pool.slots();
    const replaced = new Promise<void>((resolve) => node.pool.once('workerReplaced', () => resolve()));
    process.kill(slot!.worker.pid, 'SIGKILL');
    await replaced;
  }

  it('opens the pipe again when the origin\'s router went with its worker', async () => {
    const net = new TestNet();
    const [a, b] = await Promise.all([net.node('A'), net.node('B')]);
    const { lesson, edge, hill, consumer } = await teacherToEdge(a, b);
    const resets = { origin: 0, edge: 0 };
    lesson.on('reset', () => { resets.origin += 1; });
    edge.on('reset', () => { resets.edge += 1; });

    await crash(a);
    // The lesson resets on A; B hears its pipe is gone and resets too; Hill's stand-in is gone.
    await until(() => resets.origin === 1 && resets.edge === 1 && consumer.closed, 'both reset');
    await until(() => b.counts().pipeTransports === 0, 'B closed its end');

    // The teacher publishes again on A's new router; Hill consumes again: a new pipe opens.
    const camera = await simulcastCamera(lesson, TEACHER);
    const before = hill.packets();
    await hill.consume(camera.producer.id);
    await until(() => hill.packets() > before + 5, 'Hill receives through the new pipe');
    expect(b.counts().pipeTransports).toBe(1);
  });

  it('opens the pipe again when the edge\'s router went with its worker', async () => {
    const net = new TestNet();
    const [a, b] = await Promise.all([net.node('A'), net.node('B')]);
    const { camera, edge } = await teacherToEdge(a, b);
    const resets: string[] = [];
    edge.on('reset', (reason) => resets.push(reason));

    await crash(b);
    expect(resets).toHaveLength(1);
    // The origin closes its end to B (nothing of B's is left on A)...
    await until(() => a.counts().pipeTransports === 0 && a.counts().consumers === 0, 'A closed its end');
    // ...and a classroom setting up again on B's new router is fed through a new pipe.
    const hill = await plainReceiver(edge, 'hill-again', 'classroom:hill');
    await hill.consume(camera.producer.id);
    await until(() => hill.packets() > 5, 'Hill receives again');
    expect(a.counts().pipeTransports).toBe(1);
  });
});

describe('media cascade over the nodes\' request channel', () => {
  it('opens the pipe, pulls, mirrors and closes through real Redis', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const cascades = new Map<string, MediaCascade>();
    const cluster = async (nodeId: string) => {
      const node = await Cluster.connect({
        redisUrl: redis.url, nodeId, publicUrl: `http://${nodeId}.test`, rtc: { address: '127.0.0.1', port: 0 }, origin: true, leaseTtlMs: 6000, renewEveryMs: 2000,
      }, log);
      onTestFinished(() => node.close());
      await node.start({
        isLive: () => false, liveLessons: () => [], stopLesson: () => undefined, serve: async () => undefined, closeGoneAttendance: async () => 0,
        serveEdge: async () => undefined, nodesGone: () => undefined, places: () => false,
        load: () => ({ connections: 0, lessons: 0, workers: 0, routers: 0, transports: 0, consumers: 0 }),
        cascade: (from, body) => cascades.get(nodeId)!.handle(from, body),
      });
      return node;
    };
    const [clusterA, clusterB] = await Promise.all([cluster('A'), cluster('B')]);
    const net = new TestNet();
    const [a, b] = await Promise.all([
      net.node('A', { request: (to, body, timeoutMs) => clusterA.ask(to, body, timeoutMs) }),
      net.node('B', { request: (to, body, timeoutMs) => clusterB.ask(to, body, timeoutMs) }),
    ]);
    cascades.set('A', a.cascade).set('B', b.cascade);

    const { camera, consumer } = await teacherToEdge(a, b);
    await camera.producer.pause();
    await until(() => consumer.producerPaused, 'pause crossed');

    b.cascade.closeEdge(LESSON);
    await until(() => a.counts().pipeTransports === 0, 'the origin closed its end');
    expect(a.counts()).toMatchObject({ consumers: 0 });
    expect(b.counts()).toEqual({ routers: 0, pipeTransports: 0, producers: 0, consumers: 0 });
  });
});
