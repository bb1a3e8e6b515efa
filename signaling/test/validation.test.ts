import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, ROLES, type CommandName, type CreatedLesson, type Role } from '@classroom/shared';
import { FAKE_DTLS, join, ok, sendRaw, startServer, tokenOf, VP8_PARAMETERS, type TestServer, type TestSocket } from './harness.ts';

let server: TestServer;
let lesson: CreatedLesson;
const sockets = {} as Record<Role, TestSocket>;

beforeAll(async () => {
  // Hundreds of commands from one connection: above the per-connection rate limit on purpose.
  server = await startServer({ SOCKET_RATE_LIMIT: '10000' });
  lesson = await server.createLesson(['Hill', 'River']);
  sockets.teacher = await join(server.url, tokenOf(lesson.teacherUrl));
  sockets.projector = await join(server.url, tokenOf(lesson.classrooms[0]!.projectorUrl));
  sockets.assistant = await join(server.url, tokenOf(lesson.classrooms[0]!.assistantUrl));
});
afterAll(async () => {
  for (const socket of Object.values(sockets)) socket.close();
  await server.stop();
});

const id = 'abcdef0123456789';
/** A well-formed payload for every command (the objects it names may not exist). */
const VALID: { [K in CommandName]: unknown } = {
  'lesson:sync': {},
  'lesson:goLive': {},
  'lesson:stopLive': {},
  'lesson:setLocked': { locked: true },
  'lesson:end': {},
  'lesson:setRecording': { recording: false },
  'hand:raise': {},
  'hand:lower': { classroomId: id },
  'hand:lowerAll': {},
  'stage:invite': { classroomId: id },
  'stage:respond': { accept: true },
  'stage:end': { classroomId: id },
  'classroom:setMic': { classroomId: id, muted: true },
  'classroom:setCamera': { classroomId: id, off: true },
  'classroom:setAudioOnly': { classroomId: id, audioOnly: true },
  'classroom:setVideoCap': { classroomId: id, cap: 'low' },
  'classroom:remove': { classroomId: id },
  'message:send': { to: { kind: 'teacher' }, text: 'hello' },
  'quiz:create': { question: { kind: 'true_false', prompt: 'Is water wet?' } },
  'quiz:update': { questionId: id, question: { kind: 'true_false', prompt: 'Is water wet?' } },
  'quiz:delete': { questionId: id },
  'quiz:reorder': { order: [id] },
  'quiz:launch': { questionId: id },
  'quiz:close': { questionId: id },
  'quiz:reveal': { questionId: id },
  'quiz:results': { questionId: id },
  'quiz:submit': { questionId: id, answer: { mode: 'collective', choices: [0] } },
  'quality:report': { rttMs: 20, lossPercent: 0, jitterMs: 3, bitrateKbps: 900, frameHeight: 720, framesPerSecond: 30 },
  'wall:view': { visible: [id], spotlight: id },
  'classroom:setWallPicture': { classroomId: id, off: true },
  'wall:postStill': { jpeg: '/9j/4AAQSkZJRgABAQ==' },
  'media:getCapabilities': {},
  'media:createTransport': { direction: 'send' },
  'media:createPlainTransport': { direction: 'recv', destination: { ip: '127.0.0.1', port: 5004 } },
  'media:connectTransport': { transportId: id, dtlsParameters: FAKE_DTLS },
  'media:restartIce': { transportId: id },
  'media:produce': { transportId: id, kind: 'video', source: 'camera', rtpParameters: VP8_PARAMETERS },
  'media:closeProducer': { producerId: id },
  'media:pauseProducer': { producerId: id },
  'media:resumeProducer': { producerId: id },
  'media:consume': { producerId: id, rtpCapabilities: { codecs: [] } },
  'media:resumeConsumer': { consumerId: id },
  'media:resume': { previousConnectionId: id },
};

const NAMES = Object.keys(commands) as CommandName[];
const denied = NAMES.flatMap((name) => ROLES.filter((role) => !(commands[name].roles as readonly Role[]).includes(role)).map((role) => [name, role] as const));

async function phase(): Promise<string> {
  return (await ok(sockets.teacher, 'lesson:sync', {})).lesson.phase;
}

describe('authorisation', () => {
  it.each(denied)('%s is forbidden to a %s, and changes nothing', async (name, role) => {
    const before = await phase();
    const answer = await sendRaw(sockets[role], name, VALID[name]);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await phase()).toBe(before);
  });

  it('a projector cannot open a sending transport unless its classroom is on stage', async () => {
    expect(await sendRaw(sockets.projector, 'media:createTransport', { direction: 'send' }))
      .toMatchObject({ ok: false, error: { code: 'not_on_stage' } });
    expect(server.app.registry.get(lesson.id)!.media.counts().producers).toBe(0);
  });

  it('nobody can act on media that is not theirs', async () => {
    await ok(sockets.teacher, 'lesson:goLive', {});
    const transport = await ok(sockets.teacher, 'media:createTransport', { direction: 'send' });
    const { producerId } = await ok(sockets.teacher, 'media:produce', { transportId: transport.id, kind: 'video', source: 'camera', rtpParameters: VP8_PARAMETERS });
    // The projector's own transport list does not contain the teacher's transport.
    expect(await sendRaw(sockets.projector, 'media:connectTransport', { transportId: transport.id, dtlsParameters: FAKE_DTLS }))
      .toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Projectors may pause their own producers (on stage), never the teacher's.
    expect(await sendRaw(sockets.projector, 'media:pauseProducer', { producerId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await ok(sockets.teacher, 'lesson:stopLive', {});
  });
});

const MALFORMED: [string, unknown][] = [
  ['a string', 'hello'],
  ['a number', 42],
  ['an array', [1, 2]],
  ['unknown keys', { surprise: true }],
  ['prototype keys', JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}')],
  ['a huge string', { direction: 'x'.repeat(50_000) }],
];

describe('validation', () => {
  it.each(NAMES.flatMap((name) => MALFORMED.map(([label, payload]) => [name, label, payload] as const)))(
    '%s with %s gets invalid_payload',
    async (name, _label, payload) => {
      const role = commands[name].roles[0]!;
      const answer = await sendRaw(sockets[role], name, payload);
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.any(String) } });
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    },
  );

  it.each([
    ['media:createTransport', { direction: 'sideways' }],
    ['media:connectTransport', { transportId: id, dtlsParameters: { fingerprints: [] } }],
    ['media:connectTransport', { transportId: '../../etc', dtlsParameters: FAKE_DTLS }],
    ['media:produce', { transportId: id, kind: 'audio', source: 'camera', rtpParameters: { codecs: 'x' } }],
    ['media:consume', { producerId: id }],
  ] as const)('%s with wrong field values gets invalid_payload (%j)', async (name, payload) => {
    const answer = await sendRaw(sockets.teacher, name, payload);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('rejects RTP parameters that mediasoup refuses without crashing', async () => {
    await ok(sockets.teacher, 'lesson:goLive', {});
    const transport = await ok(sockets.teacher, 'media:createTransport', { direction: 'send' });
    const answer = await sendRaw(sockets.teacher, 'media:produce', {
      transportId: transport.id, kind: 'video', source: 'camera',
      rtpParameters: { codecs: [{ mimeType: 'video/NOPE', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 5 }] },
    });
    expect(answer).toMatchObject({ ok: false });
    await ok(sockets.teacher, 'lesson:stopLive', {});
  });

  it('answers unknown commands with unknown_command', async () => {
    expect(await sendRaw(sockets.teacher, 'admin:deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });

  it('ignores commands sent without an ack and keeps serving', async () => {
    (sockets.projector as unknown as { emit(e: string): void }).emit('lesson:goLive');
    (sockets.teacher as unknown as { emit(e: string, p: unknown): void }).emit('media:createTransport', { direction: 'recv' });
    expect(await phase()).toBeTypeOf('string');
    expect(sockets.teacher.connected).toBe(true);
  });

  it('is still healthy after all of that', async () => {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string };
    expect(health.status).toBe('ok');
  });
});
