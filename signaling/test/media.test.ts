import { describe, expect, it } from 'vitest';
import { observer, type types } from 'mediasoup';
import type { CreatedLesson } from '@classroom/shared';
import {
  FAKE_DTLS, join, nextEvent, ok, publishTeacher, send, sendRaw, tokenOf, waitFor, type TestSocket, useTestServer,
} from './harness.ts';

// Every consumer the worker creates, to check which the server resumed.
const consumers = new Map<string, types.Consumer>();
observer.on('newworker', (worker) => worker.observer.on('newrouter', (router) => router.observer.on('newtransport', (transport) =>
  transport.observer.on('newconsumer', (consumer) => consumers.set(consumer.id, consumer)))));

const testServer = useTestServer();
const connect = testServer.connect;
let lesson: CreatedLesson;

async function projectorReady(projector: TestSocket) {
  const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
  const transport = await ok(projector, 'media:createTransport', { direction: 'recv' });
  await ok(projector, 'media:connectTransport', { transportId: transport.id, dtlsParameters: FAKE_DTLS });
  return { rtpCapabilities: routerRtpCapabilities as Record<string, unknown>, transportId: transport.id };
}

describe('broadcast signalling', () => {
  it('tells everyone when the teacher goes live, and projectors consume the teacher media', async () => {
    lesson = await testServer.server.createLesson(['Hill', 'River']);
    const teacher = await connect(lesson.teacherUrl);
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    const snapshot = await ok(projector, 'lesson:sync', {});
    expect(snapshot).toMatchObject({ lesson: { id: lesson.id, phase: 'scheduled' }, teacherConnected: true, producers: [] });
    expect(snapshot.you).toEqual({ role: 'projector', classroomId: lesson.classrooms[0]!.id, classroomName: 'Hill' });
    expect(snapshot.classrooms.map((c) => c.name)).toEqual(['Hill']);

    const phase = nextEvent(projector, 'lesson:phaseChanged');
    const added: string[] = [];
    projector.on('media:producerAdded', (p) => added.push(`${p.source}:${p.kind}:${p.owner.kind}`));
    const { camera, microphone } = await publishTeacher(teacher);
    expect(await phase).toEqual({ phase: 'live' });
    await waitFor(() => added.length === 2);
    expect(added.sort()).toEqual(['camera:video:teacher', 'microphone:audio:teacher']);

    const { rtpCapabilities } = await projectorReady(projector);
    const video = await ok(projector, 'media:consume', { producerId: camera, rtpCapabilities });
    expect(video).toMatchObject({ producerId: camera, kind: 'video', source: 'camera', owner: { kind: 'teacher' } });
    await ok(projector, 'media:resumeConsumer', { consumerId: video.consumerId });
    const audio = await ok(projector, 'media:consume', { producerId: microphone, rtpCapabilities });
    expect(audio.kind).toBe('audio');
    const again = await send(projector, 'media:consume', { producerId: camera, rtpCapabilities });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Stop: the server closes the teacher's producers itself and the projector's consumers follow.
    const closedConsumers: string[] = [];
    projector.on('media:consumerClosed', (e) => closedConsumers.push(e.consumerId));
    const offAir = nextEvent(projector, 'lesson:phaseChanged');
    expect(await ok(teacher, 'lesson:stopLive', {})).toEqual({ phase: 'off-air' });
    expect(await offAir).toEqual({ phase: 'off-air' });
    await waitFor(() => closedConsumers.length === 2);
    expect(testServer.server.app.registry.get(lesson.id)!.media.published()).toEqual([]);
    expect((await ok(projector, 'lesson:sync', {})).producers).toEqual([]);
  });

  it('refuses media before going live, and pausing a producer reaches projectors', async () => {
    lesson = await testServer.server.createLesson();
    const teacher = await connect(lesson.teacherUrl);
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    const transport = await ok(teacher, 'media:createTransport', { direction: 'send' });
    const early = await send(teacher, 'media:produce', {
      transportId: transport.id, kind: 'video', source: 'camera',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 1 }] },
    });
    expect(early).toMatchObject({ ok: false, error: { code: 'not_live' } });

    const { camera } = await publishTeacher(teacher);
    const paused = nextEvent(projector, 'media:producerPaused');
    await ok(teacher, 'media:pauseProducer', { producerId: camera });
    expect(await paused).toEqual({ producerId: camera, paused: true });
    expect((await ok(projector, 'lesson:sync', {})).producers.find((p) => p.producerId === camera)?.paused).toBe(true);
  });

  it('shows classroom presence to the teacher and to that classroom only', async () => {
    lesson = await testServer.server.createLesson(['Hill', 'River']);
    const teacher = await connect(lesson.teacherUrl);
    const riverAssistant = await connect(lesson.classrooms[1]!.assistantUrl);
    const riverSaw: string[] = [];
    riverAssistant.on('classroom:updated', (c) => riverSaw.push(c.name));
    const update = nextEvent(teacher, 'classroom:updated', (c) => c.name === 'Hill');
    const hillProjector = await connect(lesson.classrooms[0]!.projectorUrl);
    expect(await update).toMatchObject({ name: 'Hill', projectorOnline: true, assistantOnline: false, media: 'none' });
    const offline = nextEvent(teacher, 'classroom:updated', (c) => c.name === 'Hill' && !c.projectorOnline);
    hillProjector.close();
    expect(await offline).toMatchObject({ name: 'Hill', projectorOnline: false });
    await new Promise((r) => setTimeout(r, 100));
    // (River's own join may be told to River after the listener was added: only Hill matters.)
    expect(riverSaw.filter((name) => name !== 'River')).toEqual([]);
    expect((await ok(riverAssistant, 'lesson:sync', {})).classrooms.map((c) => c.name)).toEqual(['River']);
  });

  it('tells projectors when the teacher leaves, and closes the teacher media with the connection', async () => {
    lesson = await testServer.server.createLesson();
    const teacher = await connect(lesson.teacherUrl);
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    await publishTeacher(teacher);
    const gone = nextEvent(projector, 'teacher:presenceChanged');
    const closed: string[] = [];
    projector.on('media:producerClosed', (e) => closed.push(e.producerId));
    teacher.close();
    expect(await gone).toEqual({ connected: false });
    await waitFor(() => closed.length === 2);
    // The lesson stays live: the teacher is expected back.
    expect((await ok(projector, 'lesson:sync', {})).lesson.phase).toBe('live');
  });

  it('leaves no mediasoup objects behind when everyone leaves', async () => {
    lesson = await testServer.server.createLesson();
    const teacher = await connect(lesson.teacherUrl);
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    const { camera } = await publishTeacher(teacher);
    const { rtpCapabilities } = await projectorReady(projector);
    await ok(projector, 'media:consume', { producerId: camera, rtpCapabilities });
    const metric = async (type: string) => {
      const text = await (await fetch(`${testServer.server.url}/metrics`, { headers: { authorization: `Bearer ${testServer.server.app.adminToken}` } })).text();
      return Number(text.match(new RegExp(`classroom_mediasoup_objects\\{type="${type}"\\} (\\d+)`))![1]);
    };
    expect(await metric('consumers')).toBe(1);
    expect(await metric('routers')).toBe(1);
    teacher.close();
    projector.close();
    await waitFor(() => testServer.server.app.registry.liveLessons().length === 0);
    await waitFor(() => true, 100);
    for (const type of ['routers', 'transports', 'producers', 'consumers']) expect(await metric(type)).toBe(0);
    expect(testServer.server.app.pool.slots()[0]!.routers).toBe(0);
  });

});

describe('a projector\'s first frame in fewer round trips', () => {
  it('gets the router capabilities with the lesson\'s state, if it may receive media', async () => {
    lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await connect(lesson.teacherUrl);
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    const assistant = await connect(lesson.classrooms[0]!.assistantUrl);
    const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
    expect((await ok(projector, 'lesson:sync', {})).media).toEqual({ routerRtpCapabilities });
    expect((await ok(teacher, 'lesson:sync', {})).media).toEqual({ routerRtpCapabilities });
    // The assistant never receives media.
    expect((await ok(assistant, 'lesson:sync', {})).media).toBeNull();
  });

  it('has its receiving transport made alongside the sync, and consumers resumed at once when it asks', async () => {
    lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await connect(lesson.teacherUrl);
    const { camera, microphone } = await publishTeacher(teacher);
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    // What the web app sends on connecting, without waiting between the two.
    const [sync, transport] = await Promise.all([
      ok(projector, 'lesson:sync', {}),
      ok(projector, 'media:createTransport', { direction: 'recv' }),
    ]);
    const rtpCapabilities = (sync.media!.routerRtpCapabilities) as Record<string, unknown>;
    expect(sync.producers.map((p) => p.producerId).sort()).toEqual([camera, microphone].sort());
    // Both consumes at once, before the transport is connected: nothing can be lost yet.
    const [video, audio] = await Promise.all([
      ok(projector, 'media:consume', { producerId: camera, rtpCapabilities, resume: true }),
      ok(projector, 'media:consume', { producerId: microphone, rtpCapabilities, resume: true }),
    ]);
    expect(consumers.get(video.consumerId)!.paused).toBe(false);
    expect(consumers.get(audio.consumerId)!.paused).toBe(false);
    await ok(projector, 'media:connectTransport', { transportId: transport.id, dtlsParameters: FAKE_DTLS });

    // Without the flag (a link already up), a consumer still waits for media:resumeConsumer.
    const other = await connect(lesson.classrooms[0]!.projectorUrl);
    const { rtpCapabilities: caps } = await projectorReady(other);
    const paused = await ok(other, 'media:consume', { producerId: camera, rtpCapabilities: caps });
    expect(consumers.get(paused.consumerId)!.paused).toBe(true);
    await ok(other, 'media:resumeConsumer', { consumerId: paused.consumerId });
    expect(consumers.get(paused.consumerId)!.paused).toBe(false);
    expect(await sendRaw(other, 'media:consume', { producerId: microphone, rtpCapabilities: caps, resume: 'yes' }))
      .toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('still holds the video of a sound-only classroom that asks for it resumed', async () => {
    lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await connect(lesson.teacherUrl);
    const { camera } = await publishTeacher(teacher);
    const assistant = await connect(lesson.classrooms[0]!.assistantUrl);
    await ok(assistant, 'classroom:setAudioOnly', { audioOnly: true });
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    const { rtpCapabilities } = await projectorReady(projector);
    const video = await ok(projector, 'media:consume', { producerId: camera, rtpCapabilities, resume: true });
    expect(consumers.get(video.consumerId)!.paused).toBe(true);
  });
});
