import { describe, expect, it } from 'vitest';
import type { ClassroomStatus } from '@classroom/shared';
import type { TestServer } from './harness.ts';
import { adminApi, killed, LEASE_SECONDS, useCluster } from './clusterNodes.ts';
import { nextEvent, ok, publishTeacher, send, VP8_PARAMETERS, waitFor, type TestSocket } from './harness.ts';

// The cascade's signalling: a node that does not run a lesson keeps its classrooms (projector,
// assistant) as the lesson's edge. Their commands run on the lesson's node, their media here.
const cluster = useCluster();
const { inProcessNode, childNode, client } = cluster;

/** The teacher's view of one classroom, kept current from its broadcasts. */
function watchClassroom(teacher: TestSocket, classroomId: string): { status: ClassroomStatus | undefined } {
  const seen: { status: ClassroomStatus | undefined } = { status: undefined };
  teacher.on('classroom:updated', (status) => { if (status.id === classroomId) seen.status = status; });
  return seen;
}

/** How many routers this node's workers hold now (every lesson's, edge ones too). */
async function routersOn(node: TestServer): Promise<number> {
  const dumps = await Promise.all(node.app.pool.slots().map((slot) => slot.worker.dump()));
  return dumps.reduce((sum, dump) => sum + dump.routerIds.length, 0);
}

/** The WebRTC ports of this node's workers. */
async function portsOf(node: TestServer): Promise<number[]> {
  const dumps = await Promise.all(node.app.pool.slots().map((slot) => slot.webRtcServer.dump()));
  return dumps.flatMap((dump) => [...dump.udpSockets, ...dump.tcpServers].map((socket) => socket.port));
}

describe('a classroom on another node than its lesson (edge)', () => {
  it('stays there: present, hand, stage and answers go through the lesson\'s node, its media on its own', async () => {
    const a = await inProcessNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await a.createLesson(['Hill', 'River']);
    const hill = lesson.classrooms[0]!;
    const teacher = await client(a.url, lesson.teacherUrl);
    const seen = watchClassroom(teacher, hill.id);
    const { camera } = await publishTeacher(teacher);

    // Both of Hill's links open on b: b keeps them (no redirect), a shows them present.
    const projector = await client(b.url, hill.projectorUrl);
    const assistant = await client(b.url, hill.assistantUrl);
    await waitFor(() => seen.status?.projectorOnline === true && seen.status.assistantOnline === true);
    expect(b.app.registry.get(lesson.id)).toBeUndefined();
    expect(b.app.edge!.lessonIds).toEqual([lesson.id]);
    const sync = await ok(projector, 'lesson:sync', {});
    expect(sync).toMatchObject({ lesson: { id: lesson.id, phase: 'live' }, you: { role: 'projector', classroomId: hill.id } });
    expect(sync.producers.map((p) => p.producerId)).toContain(camera);

    // Refused on b as on a: bad input, a command of another role.
    expect(await send(assistant, 'hand:lower', { classroomId: 'not an id!' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await send(projector, 'lesson:goLive', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // The hand goes up on a, in the queue, and the answer reaches the assistant on b.
    const raised = await ok(assistant, 'hand:raise', {});
    expect(raised.hand).not.toBeNull();
    await waitFor(() => seen.status?.hand !== null && seen.status?.hand !== undefined);

    // Stage: invited on a, accepted on b; every client sees it, b's projector may publish on b.
    const staged = nextEvent(projector, 'stage:updated', ({ stage }) => stage.some((entry) => entry.state === 'on-stage'));
    await ok(teacher, 'stage:invite', { classroomId: hill.id });
    await ok(assistant, 'stage:respond', { accept: true });
    await staged;
    const send_ = await ok(projector, 'media:createTransport', { direction: 'send' });
    // The transport is b's: its ICE candidates carry b's WebRTC port, not a's.
    const port = (send_.iceCandidates as { port: number }[])[0]!.port;
    expect(await portsOf(b)).toContain(port);
    expect(await portsOf(a)).not.toContain(port);
    expect(await routersOn(b)).toBe(1);

    // A quiz answered on b is in the lesson's report.
    const question = await ok(teacher, 'quiz:create', { question: { kind: 'single', prompt: '2 + 2?', options: ['3', '4'], correct: [1] } });
    await ok(teacher, 'quiz:launch', { questionId: question.id });
    await ok(assistant, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [1] } });
    const report = (await adminApi(b.url, `/api/lessons/${lesson.id}/report`)).body as { quizzes: { correctness: { classroomId: string; correct: boolean | null }[] }[] };
    expect(report.quizzes[0]!.correctness.find((row) => row.classroomId === hill.id)?.correct).toBe(true);

    // The lesson ends: b's connections close, and b holds nothing of it any more.
    const gone = [projector, assistant].map((socket) => new Promise((resolve) => socket.once('disconnect', resolve)));
    await ok(teacher, 'lesson:end', {});
    await Promise.all(gone);
    await waitFor(() => b.app.edge!.lessonIds.length === 0);
    await waitFor(async () => (await routersOn(b)) === 0);
  });

  it('tells the lesson\'s node what a classroom receives: the assistant\'s sound-only switch holds video on the edge', async () => {
    const a = await inProcessNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await a.createLesson(['Hill']);
    const hill = lesson.classrooms[0]!;
    const teacher = await client(a.url, lesson.teacherUrl);
    await publishTeacher(teacher);
    const projector = await client(b.url, hill.projectorUrl);
    const assistant = await client(b.url, hill.assistantUrl);
    const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
    await ok(projector, 'media:createTransport', { direction: 'recv' });
    expect((routerRtpCapabilities as { codecs?: unknown[] }).codecs?.length).toBeGreaterThan(0);

    await ok(assistant, 'classroom:setAudioOnly', { audioOnly: true });
    const peers = () => b.app.edge!.peersOf(lesson.id, hill.id);
    await waitFor(() => peers().length === 1 && peers()[0]!.videoHeld);
    await ok(assistant, 'classroom:setAudioOnly', { audioOnly: false });
    await waitFor(() => !peers()[0]!.videoHeld);
  });

  it("brings a watched wall picture from an edge node to the teacher, paused there when the teacher looks away", async () => {
    const a = await inProcessNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await a.createLesson(['Hill']);
    const hill = lesson.classrooms[0]!;
    const teacher = await client(a.url, lesson.teacherUrl);
    const projector = await client(b.url, hill.projectorUrl);
    const watched = nextEvent(projector, 'classroom:updated', (s) => s.wallView === 'tile');
    await ok(teacher, 'wall:view', { visible: [hill.id], spotlight: null });
    await watched;
    // Produced on the edge, offered to the lesson's node: the teacher is told and receives it there.
    const announced = nextEvent(teacher, 'media:producerAdded', (p) => p.source === 'wall');
    const transport = await ok(projector, 'media:createTransport', { direction: 'send' });
    const { producerId } = await ok(projector, 'media:produce', { transportId: transport.id, kind: 'video', source: 'wall', rtpParameters: VP8_PARAMETERS });
    expect(await announced).toMatchObject({ producerId, owner: { kind: 'classroom', classroomId: hill.id } });
    const { routerRtpCapabilities } = await ok(teacher, 'media:getCapabilities', {});
    await ok(teacher, 'media:createTransport', { direction: 'recv' });
    expect(await ok(teacher, 'media:consume', { producerId, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> })).toMatchObject({ source: 'wall' });
    // The teacher looks away: the real producer on the edge is paused, nothing crosses the pipe.
    const onEdge = () => b.app.edge!.peersOf(lesson.id, hill.id)[0]!.ownProducer(producerId);
    expect(onEdge().paused).toBe(false);
    await ok(teacher, 'wall:view', { visible: [], spotlight: null });
    await waitFor(() => onEdge().paused);
  });

  it('has its classrooms taken off the lesson when the edge node is killed', async () => {
    const a = await inProcessNode('node-a');
    const b = await childNode('node-b');
    const lesson = await a.createLesson(['Hill']);
    const hill = lesson.classrooms[0]!;
    const teacher = await client(a.url, lesson.teacherUrl);
    const seen = watchClassroom(teacher, hill.id);
    await client(b.url, hill.projectorUrl);
    await waitFor(() => seen.status?.projectorOnline === true);

    const killedAt = Date.now();
    await killed(b.child);
    // b's entry in the registry expires within the lease time; a then lets its connections go.
    await waitFor(() => seen.status?.projectorOnline === false, LEASE_SECONDS * 1000 + 4000);
    console.info(`edge node killed: its classroom shown offline on the lesson's node after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    const report = (await adminApi(a.url, `/api/lessons/${lesson.id}/report`)).body as { attendance: { name: string; present: boolean }[] };
    expect(report.attendance).toHaveLength(1);
  });

  it('drops its classrooms when the lesson\'s node no longer runs it: they reconnect and find it', async () => {
    const a = await inProcessNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await a.createLesson(['Hill']);
    await client(a.url, lesson.teacherUrl);
    const projector = await client(b.url, lesson.classrooms[0]!.projectorUrl);
    await ok(projector, 'lesson:sync', {});

    // a's lease is gone (as after its renewals failed): a stops the lesson and tells b.
    const dropped = new Promise((resolve) => projector.once('disconnect', resolve));
    await cluster.raw.set(`lesson:${lesson.id}:owner`, 'node-c:9', { PX: 10_000 });
    expect(await dropped).toBe('io server disconnect');
    await waitFor(() => b.app.edge!.lessonIds.length === 0);
  });

  it('never runs a lesson on a county node (CLUSTER_ORIGIN=false): its first classroom places it on an origin node', async () => {
    const a = await inProcessNode('node-a');
    const county = await inProcessNode('county-1', { CLUSTER_ORIGIN: 'false' });
    const lesson = await county.createLesson(['Hill']);
    const hill = lesson.classrooms[0]!;

    // The projector reaches the county node before anyone else: the lesson runs on a, Hill stays.
    const projector = await client(county.url, hill.projectorUrl);
    expect((await ok(projector, 'lesson:sync', {})).lesson.id).toBe(lesson.id);
    expect((await cluster.raw.get(`lesson:${lesson.id}:owner`))?.split(':')[0]).toBe('node-a');
    expect(county.app.registry.get(lesson.id)).toBeUndefined();
    expect(county.app.edge!.lessonIds).toEqual([lesson.id]);
    // The teacher who opens the link on the county node is sent to a.
    expect(await cluster.refusal(county.url, lesson.teacherUrl)).toMatchObject({ code: 'wrong_node', url: a.url });
  });
});
