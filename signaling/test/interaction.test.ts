import { describe, expect, it } from 'vitest';
import { observer, type types } from 'mediasoup';
import type { ChatMessage, CreatedLesson } from '@classroom/shared';
import {
  FAKE_DTLS, join, nextEvent, ok, OPUS_PARAMETERS, publishTeacher, send, tokenOf, VP8_PARAMETERS, waitFor, type TestSocket, useTestServer,
} from './harness.ts';
import { plainCamera, plainDecoder } from './plainCamera.ts';

// Every consumer the worker creates, to check what the server really pauses.
const consumers = new Map<string, types.Consumer>();
observer.on('newworker', (worker) => worker.observer.on('newrouter', (router) => router.observer.on('newtransport', (transport) =>
  transport.observer.on('newconsumer', (consumer) => consumers.set(consumer.id, consumer)))));

const testServer = useTestServer({ HAND_GRACE_SECONDS: '0.4', PLAIN_RTP: 'true' });
const connect = testServer.connect;

const classOf = (names: string[]) => testServer.classOf(names);

async function receiving(socket: TestSocket) {
  const { routerRtpCapabilities } = await ok(socket, 'media:getCapabilities', {});
  const transport = await ok(socket, 'media:createTransport', { direction: 'recv' });
  await ok(socket, 'media:connectTransport', { transportId: transport.id, dtlsParameters: FAKE_DTLS });
  return routerRtpCapabilities as Record<string, unknown>;
}

function live(lesson: CreatedLesson) {
  return testServer.server.app.registry.get(lesson.id)!;
}

describe('hand-raising queue', () => {
  it('queues classrooms in the order they raised, and the assistant or the teacher lowers', async () => {
    const { teacher, rooms: [a, b, c] } = await classOf(['Hill', 'River', 'Lake']);
    const teacherSees: string[] = [];
    teacher.on('classroom:updated', (s) => { if (s.hand) teacherSees.push(s.name); });
    const ownProjector = nextEvent(b!.projector, 'classroom:updated', (s) => s.hand !== null);
    await ok(b!.projector, 'hand:raise', {});
    await new Promise((r) => setTimeout(r, 5));
    await ok(a!.assistant, 'hand:raise', {});
    await new Promise((r) => setTimeout(r, 5));
    await ok(c!.projector, 'hand:raise', {});
    expect((await ownProjector).hand).toMatchObject({ dropsAt: null });
    // Raising twice keeps the first place.
    const again = await ok(b!.assistant, 'hand:raise', {});
    await waitFor(() => teacherSees.length >= 3);

    const queue = (await ok(teacher, 'lesson:sync', {})).classrooms.filter((s) => s.hand).sort((x, y) => x.hand!.raisedAt - y.hand!.raisedAt);
    expect(queue.map((s) => s.name)).toEqual(['River', 'Hill', 'Lake']);
    expect(again.hand!.raisedAt).toBe(queue[0]!.hand!.raisedAt);

    expect((await ok(a!.assistant, 'hand:lower', {})).hand).toBeNull();
    expect((await ok(teacher, 'hand:lower', { classroomId: b!.id })).hand).toBeNull();
    expect(await ok(teacher, 'hand:lowerAll', {})).toEqual({ lowered: 1 });
    expect((await ok(teacher, 'lesson:sync', {})).classrooms.every((s) => s.hand === null)).toBe(true);
  });

  it('keeps the place of a classroom that drops out within the grace period, and then lets it go', async () => {
    const { lesson, teacher, rooms: [a, b] } = await classOf(['Hill', 'River']);
    const firstRaised = (await ok(a!.assistant, 'hand:raise', {})).hand!.raisedAt;
    await ok(b!.assistant, 'hand:raise', {});

    // Hill's projector and assistant lose their connection, and come back in time.
    const dropping = nextEvent(teacher, 'classroom:updated', (s) => s.id === a!.id && s.hand?.dropsAt != null);
    a!.projector.close();
    a!.assistant.close();
    expect((await dropping).hand!.raisedAt).toBe(firstRaised);
    const back = await connect(lesson.classrooms[0]!.assistantUrl);
    const kept = (await ok(back, 'lesson:sync', {})).classrooms[0]!;
    expect(kept.hand).toEqual({ raisedAt: firstRaised, dropsAt: null });

    // River leaves for longer than the grace period (0.4 s here): its hand is dropped.
    const dropped = nextEvent(teacher, 'classroom:updated', (s) => s.id === b!.id && s.hand === null, 3000);
    b!.projector.close();
    b!.assistant.close();
    await dropped;
    expect(live(lesson).classroom(b!.id).hand).toBeNull();
  });
});

describe('stage', () => {
  it('lets a classroom publish only when invited and accepted, forwards it to everyone, and cuts it when ended', async () => {
    const { lesson, teacher, rooms: [a, b] } = await classOf(['Hill', 'River']);
    await publishTeacher(teacher);

    // Not invited: a projector can neither open a sending transport nor publish.
    expect(await send(a!.projector, 'media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'not_on_stage' } });

    const stageSeen = nextEvent(b!.projector, 'stage:updated', (e) => e.stage.some((s) => s.state === 'on-stage'));
    expect((await ok(teacher, 'stage:invite', { classroomId: a!.id })).stage).toBe('invited');
    // Invited is not enough: the assistant must accept.
    expect(await send(a!.projector, 'media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'not_on_stage' } });
    // A projector cannot accept; another classroom's assistant has nothing to accept.
    expect(await send(a!.projector as TestSocket, 'stage:respond', { accept: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(b!.assistant, 'stage:respond', { accept: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // At most one classroom on stage by default.
    expect(await send(teacher, 'stage:invite', { classroomId: b!.id })).toMatchObject({ ok: false, error: { code: 'limit_reached' } });

    expect((await ok(a!.assistant, 'stage:respond', { accept: true })).stage).toBe('on-stage');
    expect((await stageSeen).stage).toEqual([{ classroomId: a!.id, name: 'Hill', state: 'on-stage' }]);

    // On stage: Hill's projector publishes its camera and microphone; nothing else.
    const added: string[] = [];
    b!.projector.on('media:producerAdded', (p) => { if (p.owner.kind === 'classroom') added.push(`${p.source}:${p.owner.classroomId}`); });
    const send1 = await ok(a!.projector, 'media:createTransport', { direction: 'send' });
    await ok(a!.projector, 'media:connectTransport', { transportId: send1.id, dtlsParameters: FAKE_DTLS });
    expect(await send(a!.projector, 'media:produce', { transportId: send1.id, kind: 'video', source: 'screen', rtpParameters: VP8_PARAMETERS }))
      .toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const camera = await ok(a!.projector, 'media:produce', { transportId: send1.id, kind: 'video', source: 'camera', rtpParameters: VP8_PARAMETERS });
    const microphone = await ok(a!.projector, 'media:produce', { transportId: send1.id, kind: 'audio', source: 'microphone', rtpParameters: OPUS_PARAMETERS });
    await waitFor(() => added.length === 2);
    expect(added.sort()).toEqual([`camera:${a!.id}`, `microphone:${a!.id}`]);

    // The teacher and the other classroom receive it; the classroom itself does not get its own back.
    const riverCaps = await receiving(b!.projector);
    const riverSees = await ok(b!.projector, 'media:consume', { producerId: camera.producerId, rtpCapabilities: riverCaps });
    expect(riverSees.owner).toEqual({ kind: 'classroom', classroomId: a!.id });
    const teacherCaps = await receiving(teacher);
    await ok(teacher, 'media:consume', { producerId: microphone.producerId, rtpCapabilities: teacherCaps });
    const hillCaps = await receiving(a!.projector);
    expect(await send(a!.projector, 'media:consume', { producerId: microphone.producerId, rtpCapabilities: hillCaps }))
      .toMatchObject({ ok: false, error: { code: 'conflict' } });

    // The assistant mutes the classroom: the server pauses the producer and the projector cannot undo it.
    expect((await ok(a!.assistant, 'classroom:setMic', { muted: true })).micMuted).toBe(true);
    const mic = () => live(lesson).media.published().find((p) => p.producerId === microphone.producerId)!;
    expect(mic().paused).toBe(true);
    expect(await send(a!.projector, 'media:resumeProducer', { producerId: microphone.producerId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The teacher may mute but never unmute a classroom.
    expect(await send(teacher, 'classroom:setMic', { classroomId: a!.id, muted: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ok(a!.assistant, 'classroom:setMic', { muted: false });
    expect(mic().paused).toBe(false);
    await ok(a!.assistant, 'classroom:setCamera', { off: true });
    expect(live(lesson).media.published().find((p) => p.producerId === camera.producerId)!.paused).toBe(true);

    // The assistant ends the stage: the producers are closed at once and River's consumer goes.
    const riverLost = nextEvent(b!.projector, 'media:consumerClosed', (e) => e.consumerId === riverSees.consumerId);
    const ended = await ok(a!.assistant, 'stage:end', {});
    expect(ended).toMatchObject({ stage: 'none', micMuted: false, cameraOff: false });
    await riverLost;
    expect(live(lesson).media.published().filter((p) => p.publisherId !== 'teacher')).toEqual([]);
    expect(await send(a!.projector, 'media:produce', { transportId: send1.id, kind: 'video', source: 'camera', rtpParameters: VP8_PARAMETERS }))
      .toMatchObject({ ok: false, error: { code: 'not_on_stage' } });
  });

  it('ends the stage when the teacher stops the broadcast, and refuses invitations while off air', async () => {
    const { lesson, teacher, rooms: [a] } = await classOf(['Hill']);
    expect(await send(teacher, 'stage:invite', { classroomId: a!.id })).toMatchObject({ ok: false, error: { code: 'not_live' } });
    await publishTeacher(teacher);
    await ok(teacher, 'stage:invite', { classroomId: a!.id });
    await ok(a!.assistant, 'stage:respond', { accept: true });
    const transport = await ok(a!.projector, 'media:createTransport', { direction: 'send' });
    await ok(a!.projector, 'media:produce', { transportId: transport.id, kind: 'audio', source: 'microphone', rtpParameters: OPUS_PARAMETERS });
    await ok(teacher, 'lesson:stopLive', {});
    expect(live(lesson).classroom(a!.id).stage).toBe('none');
    expect(live(lesson).media.published()).toEqual([]);
  });

  it('lets the teacher end the stage, and a declined invitation leaves nothing behind', async () => {
    const { lesson, teacher, rooms: [a, b] } = await classOf(['Hill', 'River']);
    await publishTeacher(teacher);
    await ok(teacher, 'stage:invite', { classroomId: b!.id });
    expect((await ok(b!.assistant, 'stage:respond', { accept: false })).stage).toBe('none');
    await ok(teacher, 'stage:invite', { classroomId: a!.id });
    await ok(a!.assistant, 'stage:respond', { accept: true });
    expect((await ok(teacher, 'stage:end', { classroomId: a!.id })).stage).toBe('none');
    expect(live(lesson).stage()).toEqual([]);
  });
});

describe('moderation boundaries', () => {
  it('refuses an assistant acting on another classroom, and changes nothing', async () => {
    const { lesson, rooms: [a, b] } = await classOf(['Hill', 'River']);
    await ok(b!.assistant, 'hand:raise', {});
    for (const [name, payload] of [
      ['hand:lower', { classroomId: b!.id }],
      ['stage:end', { classroomId: b!.id }],
      ['classroom:setMic', { classroomId: b!.id, muted: true }],
      ['classroom:setCamera', { classroomId: b!.id, off: true }],
      ['classroom:setAudioOnly', { classroomId: b!.id, audioOnly: true }],
    ] as const) {
      const answer = await (a!.assistant.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(name, payload);
      expect(answer, name).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'you can act only on your own classroom' } });
    }
    const river = live(lesson).classroom(b!.id);
    expect(river.hand).not.toBeNull();
    expect([river.micMuted, river.cameraOff, river.audioOnly]).toEqual([false, false, false]);
  });

  it('requires the teacher to name the classroom', async () => {
    const { teacher } = await classOf(['Hill']);
    expect(await send(teacher, 'hand:lower', {})).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await send(teacher, 'stage:invite', { classroomId: 'nosuchclassroom0' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('switches a projector to audio-only by pausing its video consumers in the worker, and back', async () => {
    const { teacher, rooms: [a] } = await classOf(['Hill']);
    const { camera, microphone } = await publishTeacher(teacher);
    const caps = await receiving(a!.projector);
    const video = await ok(a!.projector, 'media:consume', { producerId: camera, rtpCapabilities: caps });
    const audio = await ok(a!.projector, 'media:consume', { producerId: microphone, rtpCapabilities: caps });
    await ok(a!.projector, 'media:resumeConsumer', { consumerId: video.consumerId });
    await ok(a!.projector, 'media:resumeConsumer', { consumerId: audio.consumerId });
    expect(consumers.get(video.consumerId)!.paused).toBe(false);

    expect((await ok(a!.assistant, 'classroom:setAudioOnly', { audioOnly: true })).audioOnly).toBe(true);
    expect(consumers.get(video.consumerId)!.paused).toBe(true);
    expect(consumers.get(audio.consumerId)!.paused).toBe(false);
    // The projector page asking to resume does not bring the video back.
    await ok(a!.projector, 'media:resumeConsumer', { consumerId: video.consumerId });
    expect(consumers.get(video.consumerId)!.paused).toBe(true);

    await ok(a!.assistant, 'classroom:setAudioOnly', { audioOnly: false });
    expect(consumers.get(video.consumerId)!.paused).toBe(false);
  });

  it.each(['the classroom chooses sound only', 'the teacher pauses the camera'])('is no weak link when %s, and the picture is back within 2 s after', async (why) => {
    const { teacher, rooms: [a] } = await classOf(['Hill']);
    await ok(teacher, 'lesson:goLive', {});
    const camera = await plainCamera(teacher);
    const decoder = await plainDecoder(a!.projector, camera.producerId);
    await waitFor(() => decoder.keyFrames() > 0);
    const pause = async (paused: boolean) => {
      if (why === 'the classroom chooses sound only') await ok(a!.assistant, 'classroom:setAudioOnly', { audioOnly: paused });
      else await ok(teacher, paused ? 'media:pauseProducer' : 'media:resumeProducer', { producerId: camera.producerId });
    };
    const weakLinkSeen: boolean[] = [];
    teacher.on('classroom:updated', (s) => weakLinkSeen.push(s.weakLink));

    await pause(true);
    // The worker reports "no layer" for a paused video; a weak link is judged after 3 s of it.
    await new Promise((r) => setTimeout(r, 3000 + 1500));
    expect((await ok(teacher, 'lesson:sync', {})).classrooms[0]!.weakLink).toBe(false);
    expect(weakLinkSeen).not.toContain(true);

    const requested = camera.keyFrameRequests();
    const shown = decoder.keyFrames();
    await pause(false);
    expect(consumers.get(decoder.consumerId)!.paused).toBe(false);
    // The picture needs a key frame: the server asks the camera for one, no waiting for a trial.
    await waitFor(() => decoder.keyFrames() > shown, 2000);
    expect(camera.keyFrameRequests()).toBeGreaterThan(requested);
    expect(weakLinkSeen).not.toContain(true);
  });

  it('drops a weak link judged before sound only was chosen; video chosen again starts afresh', async () => {
    const { teacher, rooms: [a] } = await classOf(['Hill']);
    await ok(teacher, 'lesson:goLive', {});
    const camera = await plainCamera(teacher);
    const decoder = await plainDecoder(a!.projector, camera.producerId);
    await waitFor(() => decoder.keyFrames() > 0);
    // No layer for 3 s (the stream goes inactive after 1.5 s): judged a weak link, video paused.
    camera.stall(true);
    await nextEvent(teacher, 'classroom:updated', (s) => s.weakLink, 8000);
    await waitFor(() => consumers.get(decoder.consumerId)!.paused);

    const chosen = await ok(a!.assistant, 'classroom:setAudioOnly', { audioOnly: true });
    expect(chosen).toMatchObject({ audioOnly: true, weakLink: false });
    camera.stall(false);
    await new Promise((r) => setTimeout(r, 1000));
    const shown = decoder.keyFrames();
    // Not the guard's next trial (15 s after it judged): the picture is back at once.
    expect(await ok(a!.assistant, 'classroom:setAudioOnly', { audioOnly: false })).toMatchObject({ audioOnly: false, weakLink: false });
    await waitFor(() => decoder.keyFrames() > shown, 2000);
    await new Promise((r) => setTimeout(r, 3000 + 500));
    expect((await ok(teacher, 'lesson:sync', {})).classrooms[0]).toMatchObject({ weakLink: false });
    expect(consumers.get(decoder.consumerId)!.paused).toBe(false);
  });
});

const SIMULCAST_CAMERA = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
  headerExtensions: [
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 },
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', id: 2 },
  ],
  encodings: [{ rid: 'r0' }, { rid: 'r1' }, { rid: 'r2' }],
  rtcp: { cname: 'teacher' },
};

describe('data saver', () => {
  it('caps the camera layer a classroom receives, now and for consumers created later', async () => {
    const { lesson, teacher, rooms: [a] } = await classOf(['Hill']);
    await ok(teacher, 'lesson:goLive', {});
    const transport = await ok(teacher, 'media:createTransport', { direction: 'send' });
    const { producerId } = await ok(teacher, 'media:produce', { transportId: transport.id, kind: 'video', source: 'camera', rtpParameters: SIMULCAST_CAMERA });
    const caps = await receiving(a!.projector);
    const before = await ok(a!.projector, 'media:consume', { producerId, rtpCapabilities: caps });
    expect(consumers.get(before.consumerId)!.type).toBe('simulcast');
    expect(consumers.get(before.consumerId)!.preferredLayers?.spatialLayer).toBe(2);

    expect((await ok(a!.assistant, 'classroom:setVideoCap', { cap: 'low' })).videoCap).toBe('low');
    expect(consumers.get(before.consumerId)!.preferredLayers?.spatialLayer).toBe(0);

    // A projector that reconnects keeps the classroom's cap.
    a!.projector.close();
    const again = await connect(lesson.classrooms[0]!.projectorUrl);
    const after = await ok(again, 'media:consume', { producerId, rtpCapabilities: await receiving(again) });
    expect(consumers.get(after.consumerId)!.preferredLayers?.spatialLayer).toBe(0);
    await ok(a!.assistant, 'classroom:setVideoCap', { cap: 'high' });
    expect(consumers.get(after.consumerId)!.preferredLayers?.spatialLayer).toBe(2);
  });
});

describe('lesson control', () => {
  it('removes a classroom: it is told, cut off, and its links are refused from then on', async () => {
    const { lesson, teacher, rooms: [a, b] } = await classOf(['Hill', 'River']);
    await ok(b!.assistant, 'hand:raise', {});
    const told = nextEvent(b!.projector, 'classroom:removed');
    const cut = new Promise((r) => b!.assistant.once('disconnect', r));
    expect(await ok(teacher, 'classroom:remove', { classroomId: b!.id })).toEqual({ classroomId: b!.id });
    expect(await told).toEqual({ classroomId: b!.id });
    await cut;
    await expect(join(testServer.server.url, tokenOf(lesson.classrooms[1]!.projectorUrl))).rejects.toThrow('classroom_removed');
    await expect(join(testServer.server.url, tokenOf(lesson.classrooms[1]!.assistantUrl))).rejects.toThrow('classroom_removed');
    expect((await ok(teacher, 'lesson:sync', {})).classrooms.map((c) => c.id)).toEqual([a!.id]);
  });

  it('locks the lesson against classrooms that have not joined yet', async () => {
    const lesson = await testServer.server.createLesson(['Hill', 'River']);
    const teacher = await connect(lesson.teacherUrl);
    const hill = await connect(lesson.classrooms[0]!.projectorUrl);
    const lockSeen = nextEvent(hill, 'lesson:lockChanged');
    expect(await ok(teacher, 'lesson:setLocked', { locked: true })).toEqual({ locked: true });
    expect(await lockSeen).toEqual({ locked: true });
    await expect(join(testServer.server.url, tokenOf(lesson.classrooms[1]!.assistantUrl))).rejects.toThrow('lesson_locked');
    // Hill was here before the lock: it may come back.
    hill.close();
    await connect(lesson.classrooms[0]!.assistantUrl);
    await ok(teacher, 'lesson:setLocked', { locked: false });
    await connect(lesson.classrooms[1]!.assistantUrl);
  });

  it('ends the lesson for everyone, and nobody can join it again', async () => {
    const { lesson, teacher, rooms: [a] } = await classOf(['Hill']);
    await publishTeacher(teacher);
    const seen = nextEvent(a!.projector, 'lesson:phaseChanged', (e) => e.phase === 'ended');
    const cut = new Promise((r) => a!.assistant.once('disconnect', r));
    expect(await ok(teacher, 'lesson:end', {})).toEqual({ phase: 'ended' });
    await seen;
    await cut;
    expect((await testServer.server.app.store.lesson(lesson.id))!.phase).toBe('ended');
    await expect(join(testServer.server.url, tokenOf(lesson.classrooms[0]!.projectorUrl))).rejects.toThrow('lesson_ended');
  });
});

describe('messages', () => {
  it('delivers to the right people, stores them, and replays them on reconnect', async () => {
    const { lesson, teacher, rooms: [a, b] } = await classOf(['Hill', 'River']);
    const riverGot: ChatMessage[] = [];
    b!.assistant.on('message:received', (m) => riverGot.push(m));
    // Projectors show no messages (their snapshot has none): none may reach them either.
    const projectorsGot: ChatMessage[] = [];
    for (const room of [a!, b!]) room.projector.on('message:received', (m) => projectorsGot.push(m));

    const atTeacher = nextEvent(teacher, 'message:received');
    const quick = await ok(a!.assistant, 'message:send', { to: { kind: 'teacher' }, quick: 'cant_hear' });
    expect(quick).toMatchObject({ from: { role: 'assistant', classroomId: a!.id, classroomName: 'Hill' }, quick: 'cant_hear', text: null });
    expect((await atTeacher).id).toBe(quick.id);

    const atHill = nextEvent(a!.assistant, 'message:received');
    await ok(teacher, 'message:send', { to: { kind: 'classroom', classroomId: a!.id }, text: 'Turn up your speakers, please' });
    expect((await atHill).text).toBe('Turn up your speakers, please');
    const toAll = nextEvent(b!.assistant, 'message:received', (m) => m.to.kind === 'all');
    await ok(teacher, 'message:send', { to: { kind: 'all' }, text: 'Five minutes left' });
    await toAll;

    expect(await send(a!.assistant, 'message:send', { to: { kind: 'all' }, text: 'hello everyone' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(a!.assistant, 'message:send', { to: { kind: 'teacher' }, text: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(riverGot.map((m) => m.text)).toEqual(['Five minutes left']);
    expect(projectorsGot).toEqual([]);

    // Reconnecting gets the history this reader may see, oldest first.
    a!.assistant.close();
    const hillAgain = await connect(lesson.classrooms[0]!.assistantUrl);
    expect((await ok(hillAgain, 'lesson:sync', {})).messages.map((m) => m.quick ?? m.text))
      .toEqual(['cant_hear', 'Turn up your speakers, please', 'Five minutes left']);
    expect((await ok(b!.assistant, 'lesson:sync', {})).messages.map((m) => m.text)).toEqual(['Five minutes left']);
    expect((await ok(teacher, 'lesson:sync', {})).messages).toHaveLength(3);
  });
});
