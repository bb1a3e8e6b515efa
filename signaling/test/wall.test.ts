import { describe, expect, it } from 'vitest';
import { observer, type types } from 'mediasoup';
import type { CreatedLesson, ProducerInfo } from '@classroom/shared';
import { FAKE_DTLS, nextEvent, ok, send, type TestSocket, useTestServer, waitFor } from './harness.ts';

// The classroom wall: the teacher's page says which tiles are on screen; the server alone decides
// from that which projectors send their picture, who may receive it, and at which layer.

// Every consumer the worker creates, to check what the server really does with the teacher's.
const consumers = new Map<string, types.Consumer>();
observer.on('newworker', (worker) => worker.observer.on('newrouter', (router) => router.observer.on('newtransport', (transport) =>
  transport.observer.on('newconsumer', (consumer) => consumers.set(consumer.id, consumer)))));

const testServer = useTestServer({ PLAIN_RTP: 'true' });
const connect = testServer.connect;

/** What a browser sends for the wall: VP8, two simulcast layers (tile, spotlight). */
function wallParameters(ssrc: number) {
  return {
    mid: '0',
    codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'ccm', parameter: 'fir' }] }],
    headerExtensions: [],
    encodings: [{ ssrc, maxBitrate: 120_000 }, { ssrc: ssrc + 1, maxBitrate: 350_000 }],
    rtcp: { cname: `wall-${ssrc}` },
  };
}

const classOf = (names: string[]) => testServer.classOf(names);

function live(lesson: CreatedLesson) {
  return testServer.server.app.registry.get(lesson.id)!;
}

async function receiving(socket: TestSocket) {
  const { routerRtpCapabilities } = await ok(socket, 'media:getCapabilities', {});
  const transport = await ok(socket, 'media:createTransport', { direction: 'recv' });
  await ok(socket, 'media:connectTransport', { transportId: transport.id, dtlsParameters: FAKE_DTLS });
  return routerRtpCapabilities as Record<string, unknown>;
}

/** What a projector page does when it is asked to send: a sending transport, the wall producer. */
async function sendWall(projector: TestSocket, ssrc: number): Promise<string> {
  const transport = await ok(projector, 'media:createTransport', { direction: 'send' });
  await ok(projector, 'media:connectTransport', { transportId: transport.id, dtlsParameters: FAKE_DTLS });
  const { producerId } = await ok(projector, 'media:produce', { transportId: transport.id, kind: 'video', source: 'wall', rtpParameters: wallParameters(ssrc) });
  return producerId;
}

describe('classroom wall', () => {
  it('asks exactly the projectors whose tiles the teacher sees to send, and pauses the others', async () => {
    const { lesson, teacher, rooms: [a, b, c] } = await classOf(['Hill', 'River', 'Lake']);
    // Nobody looks: no projector may send its picture, nor even open a sending transport for it.
    expect(await send(a!.projector, 'media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'not_on_stage' } });

    // The teacher's page shows Hill and River: their projectors are told, Lake's is not.
    const hillTold = nextEvent(a!.projector, 'classroom:updated', (s) => s.wallView === 'tile');
    const lakeTold: string[] = [];
    c!.projector.on('classroom:updated', (s) => lakeTold.push(s.wallView));
    expect((await ok(teacher, 'wall:view', { visible: [a!.id, b!.id], spotlight: null })).sending.sort()).toEqual([a!.id, b!.id].sort());
    await hillTold;
    const hill = await sendWall(a!.projector, 1000);
    const river = await sendWall(b!.projector, 2000);
    expect(await send(c!.projector, 'media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'not_on_stage' } });

    // The teacher turns the page to River and Lake: Hill's picture is paused on the server at once.
    const hillPaused = nextEvent(teacher, 'media:producerPaused', (e) => e.producerId === hill && e.paused);
    const sending = await ok(teacher, 'wall:view', { visible: [b!.id, c!.id], spotlight: null });
    expect(sending.sending.sort()).toEqual([b!.id, c!.id].sort());
    await hillPaused;
    const wall = (id: string) => live(lesson).media.published().find((p) => p.producerId === id)!;
    expect(wall(hill).paused).toBe(true);
    expect(wall(river).paused).toBe(false);
    expect(live(lesson).classroom(a!.id).wallView).toBe('none');
    await waitFor(() => lakeTold.includes('tile'));
    // Hill's projector may not resume what the teacher no longer looks at.
    expect(await send(a!.projector, 'media:resumeProducer', { producerId: hill })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Shown again: resumed by the server, and Hill's projector is told.
    const hillBack = nextEvent(a!.projector, 'classroom:updated', (s) => s.wallView === 'tile');
    await ok(teacher, 'wall:view', { visible: [a!.id], spotlight: null });
    await hillBack;
    expect(wall(hill).paused).toBe(false);

    // The teacher leaves: nobody looks, every picture stops.
    teacher.close();
    await waitFor(() => wall(hill).paused && live(lesson).classroom(a!.id).wallView === 'none');
  });

  it('lets only the teacher receive a tile on screen, never a plain RTP receiver, and picks the spotlight layer', async () => {
    const { teacher, rooms: [a, b] } = await classOf(['Hill', 'River']);
    const announced: ProducerInfo[] = [];
    b!.projector.on('media:producerAdded', (p) => announced.push(p));
    await ok(teacher, 'wall:view', { visible: [a!.id], spotlight: null });
    const hill = await sendWall(a!.projector, 3000);

    // Another classroom is not even told of it, and may not receive it.
    const sync = await ok(b!.projector, 'lesson:sync', {});
    expect(sync.producers.filter((p) => p.source === 'wall')).toEqual([]);
    const riverCaps = await receiving(b!.projector);
    expect(await send(b!.projector, 'media:consume', { producerId: hill, rtpCapabilities: riverCaps })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(announced).toEqual([]);

    // The teacher does, at the tile's layer; the spotlight raises it, without a new consumer.
    const caps = await receiving(teacher);
    expect((await ok(teacher, 'lesson:sync', {})).producers.map((p) => p.source)).toContain('wall');
    const tile = await ok(teacher, 'media:consume', { producerId: hill, rtpCapabilities: caps });
    expect(tile.source).toBe('wall');
    expect(consumers.get(tile.consumerId)!.preferredLayers?.spatialLayer).toBe(0);
    const spotlit = nextEvent(a!.projector, 'classroom:updated', (s) => s.wallView === 'spotlight');
    await ok(teacher, 'wall:view', { visible: [a!.id], spotlight: a!.id });
    await spotlit;
    expect(consumers.get(tile.consumerId)!.preferredLayers?.spatialLayer).toBe(1);

    // Off the screen: the server closes the teacher's consumer (its page receives only what it shows).
    const closed = nextEvent(teacher, 'media:consumerClosed', (e) => e.consumerId === tile.consumerId);
    await ok(teacher, 'wall:view', { visible: [b!.id], spotlight: null });
    await closed;
    expect(consumers.get(tile.consumerId)!.closed).toBe(true);
    expect(await send(teacher, 'media:consume', { producerId: hill, rtpCapabilities: caps })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Nothing of the wall is recorded: a plain RTP receiver (a recorder) never gets it.
    await ok(teacher, 'wall:view', { visible: [a!.id], spotlight: null });
    const plain = await ok(teacher, 'media:createPlainTransport', { direction: 'recv', destination: { ip: '127.0.0.1', port: 5004 } });
    expect(plain.id).toBeTruthy();
    expect(await send(teacher, 'media:consume', { producerId: hill, rtpCapabilities: caps })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it("lets the classroom's assistant turn its picture off, which wins over the teacher", async () => {
    const { lesson, teacher, rooms: [a, b] } = await classOf(['Hill', 'River']);
    await ok(teacher, 'wall:view', { visible: [a!.id, b!.id], spotlight: a!.id });
    const hill = await sendWall(a!.projector, 4000);

    // Only its own assistant: not the teacher, not another classroom's assistant, not the projector.
    expect(await send(b!.assistant, 'classroom:setWallPicture', { classroomId: a!.id, off: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(teacher, 'classroom:setWallPicture', { classroomId: a!.id, off: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(a!.projector, 'classroom:setWallPicture', { off: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const teacherSees = nextEvent(teacher, 'classroom:updated', (s) => s.id === a!.id && s.wallPictureOff);
    const closed = nextEvent(teacher, 'media:producerClosed', (e) => e.producerId === hill);
    const status = await ok(a!.assistant, 'classroom:setWallPicture', { off: true });
    expect(status).toMatchObject({ wallPictureOff: true, wallView: 'none' });
    expect((await teacherSees).wallView).toBe('none');
    await closed;
    expect(live(lesson).media.published().filter((p) => p.label === 'wall')).toEqual([]);

    // The teacher still shows its tile: the projector may not send again.
    expect((await ok(teacher, 'wall:view', { visible: [a!.id, b!.id], spotlight: null })).sending).toEqual([b!.id]);
    expect(await send(a!.projector, 'media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'not_on_stage' } });

    // Back on: the tile on screen is sent again.
    expect(await ok(a!.assistant, 'classroom:setWallPicture', { off: false })).toMatchObject({ wallPictureOff: false, wallView: 'tile' });
    await sendWall(a!.projector, 5000);
  });

  it('passes still pictures of a watched classroom to the teacher only, a few seconds apart, never stored', async () => {
    const { teacher, rooms: [a, b] } = await classOf(['Hill', 'River']);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(6000, 7)]).toString('base64');
    // Not watched: refused.
    expect(await send(a!.projector, 'wall:postStill', { jpeg })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ok(teacher, 'wall:view', { visible: [a!.id], spotlight: null });
    const riverGot: unknown[] = [];
    b!.projector.on('wall:stillPosted', (e) => riverGot.push(e));
    b!.assistant.on('wall:stillPosted', (e) => riverGot.push(e));
    a!.assistant.on('wall:stillPosted', (e) => riverGot.push(e));
    const seen = nextEvent(teacher, 'wall:stillPosted');
    await ok(a!.projector, 'wall:postStill', { jpeg });
    expect(await seen).toMatchObject({ classroomId: a!.id, jpeg, at: expect.any(Number) });
    // One every few seconds at most; nothing but a JPEG, nothing large.
    expect(await send(a!.projector, 'wall:postStill', { jpeg })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await send(a!.projector, 'wall:postStill', { jpeg: Buffer.from('GIF89a....').toString('base64') })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(30_000)]).toString('base64');
    expect(await send(a!.projector, 'wall:postStill', { jpeg: huge })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // River is not on the wall: refused too; nobody but the teacher got Hill's picture.
    expect(await send(b!.projector, 'wall:postStill', { jpeg })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(riverGot).toEqual([]);
  });

  it('refuses a malformed view: too many tiles, a spotlight off screen, the teacher sending a wall', async () => {
    const { teacher, rooms: [a, b] } = await classOf(['Hill', 'River']);
    const many = Array.from({ length: 26 }, (_, i) => `c${i}`);
    expect(await send(teacher, 'wall:view', { visible: many, spotlight: null })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await send(teacher, 'wall:view', { visible: [a!.id], spotlight: b!.id })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // Unknown classrooms are left out, not refused (a tile may outlive a removed classroom).
    expect((await ok(teacher, 'wall:view', { visible: ['nosuchclassroom', a!.id], spotlight: null })).sending).toEqual([a!.id]);
    await ok(teacher, 'lesson:goLive', {});
    const transport = await ok(teacher, 'media:createTransport', { direction: 'send' });
    expect(await send(teacher, 'media:produce', { transportId: transport.id, kind: 'video', source: 'wall', rtpParameters: wallParameters(6000) }))
      .toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
