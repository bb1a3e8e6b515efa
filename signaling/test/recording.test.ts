import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { PRODUCER_PARAMETERS } from '../../bench/fanout/media.ts';
import { FAKE_DTLS, join, nextEvent, ok, send, startServer, TEST_ADMIN_TOKEN, tokenOf, waitFor, type TestServer, type TestSocket } from './harness.ts';
import { countRecordingMedia, probe, processesNaming, syntheticPublisher } from './syntheticPublisher.ts';

// Recording (issue #18): a real worker, real RTP (the bench's synthetic teacher), Debian's ffmpeg.
const open: { sockets: TestSocket[]; server?: TestServer } = { sockets: [] };
afterEach(async () => {
  for (const socket of open.sockets.splice(0)) socket.close();
  await open.server?.stop();
  open.server = undefined;
});

async function lesson(env: Record<string, string> = {}) {
  open.server = await startServer({ RECORDING: 'true', PLAIN_RTP: 'true', ...env });
  const created = await open.server.createLesson(['Hill']);
  const teacher = await join(open.server.url, tokenOf(created.teacherUrl));
  const projector = await join(open.server.url, tokenOf(created.classrooms[0]!.projectorUrl));
  open.sockets.push(teacher, projector);
  const dir = joinPath(open.server.dataDir, 'recordings', created.id);
  const files = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.webm')).sort() : []);
  const timeline = () => open.server!.app.stores.timeline.ofLesson(created.id);
  return { server: open.server, lessonId: created.id, classroom: created.classrooms[0]!, teacher, projector, dir, files, timeline };
}

describe('recording a lesson', () => {
  it('writes the teacher\'s camera and voice as they were live (VP8, Opus, no re-encoding), with the timeline', async () => {
    const recordingMedia = countRecordingMedia();
    const { server, teacher, projector, classroom, dir, files, timeline } = await lesson();
    const question = await ok(teacher, 'quiz:create', { question: { kind: 'true_false', prompt: 'Is it recorded?', correct: [0] } });
    const marked = nextEvent(projector, 'lesson:recordingChanged', (e) => e.active);
    await ok(teacher, 'lesson:goLive', {});
    const source = await syntheticPublisher(teacher);
    // Live with something to record: the teacher's media flows from here.
    const liveAt = Date.now();
    expect(await marked).toEqual({ enabled: true, active: true });
    await waitFor(() => files().length === 2);
    expect(recordingMedia()).toEqual({ transports: 2, consumers: 2 });
    // The teacher looks at Hill's tile on the wall: its picture is for the teacher only, never recorded.
    await ok(teacher, 'wall:view', { visible: [classroom.id], spotlight: null });
    const wall = await ok(projector, 'media:createTransport', { direction: 'send' });
    await ok(projector, 'media:connectTransport', { transportId: wall.id, dtlsParameters: FAKE_DTLS });
    await ok(projector, 'media:produce', { transportId: wall.id, kind: 'video', source: 'wall', rtpParameters: {
      mid: '0', codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], headerExtensions: [],
      encodings: [{ ssrc: 7777, maxBitrate: 120_000 }], rtcp: { cname: 'wall' },
    } });
    await sleep(4000);
    await ok(teacher, 'quiz:launch', { questionId: question.id });
    await sleep(8000);
    const unmarked = nextEvent(projector, 'lesson:recordingChanged', (e) => !e.active);
    await ok(teacher, 'lesson:stopLive', {});
    const liveSeconds = (Date.now() - liveAt) / 1000;
    await source.stop();
    await unmarked;
    expect((await ok(projector, 'lesson:sync', {})).lesson.recording).toEqual({ enabled: true, active: false });

    expect(files()).toEqual([expect.stringMatching(/^teacher-camera-\d{9}\.webm$/), expect.stringMatching(/^teacher-microphone-\d{9}\.webm$/)]);
    const [camera, voice] = await Promise.all(files().map((f) => probe(joinPath(dir, f))));
    expect(camera!.codecs).toEqual(['vp8']);
    expect(voice!.codecs).toEqual(['opus']);
    expect(Math.abs(camera!.seconds - liveSeconds)).toBeLessThan(1);
    expect(Math.abs(voice!.seconds - liveSeconds)).toBeLessThan(1);
    expect(camera!.longestGap).toBeLessThan(1);
    expect(voice!.longestGap).toBeLessThan(1);

    const moments = await timeline();
    expect(moments.map((m) => m.kind)).toEqual(['recording-on', 'live', 'segment', 'segment', 'question-launched', 'off-air', 'recording-off']);
    expect(moments.find((m) => m.kind === 'question-launched')).toMatchObject({ detail: { questionId: question.id } });
    // On the recording's clock: ms since it started, in step with the wall clock.
    expect(moments[0]!.atMs).toBe(0);
    for (const m of moments) expect(m.wallAt - m.atMs).toBe(moments[0]!.wallAt);
    expect(moments.at(-1)!.atMs).toBeGreaterThan(11_000);

    // Off air: nothing of the recorder is left.
    expect(recordingMedia()).toEqual({ transports: 0, consumers: 0 });
    expect(processesNaming(server.dataDir)).toEqual([]);
    console.log(`recorded ${liveSeconds.toFixed(2)} s live: camera ${camera!.seconds.toFixed(2)} s, voice ${voice!.seconds.toFixed(2)} s; longest holes ${camera!.longestGap.toFixed(3)} s, ${voice!.longestGap.toFixed(3)} s`);
  }, 60_000);

  it('records the classroom on stage while it is there, and notes who was, and the slides', async () => {
    const { server, classroom, teacher, projector, files, dir, timeline } = await lesson();
    const classroomId = classroom.id;
    const assistant = await join(server.url, tokenOf(classroom.assistantUrl));
    open.sockets.push(assistant);
    await ok(teacher, 'lesson:goLive', {});
    await syntheticPublisher(teacher);
    await waitFor(() => files().length === 2);
    // Slides shared and stopped (a screen producer; no picture needed for the timeline).
    const slides = await ok(teacher, 'media:createPlainTransport', { direction: 'send' });
    const { producerId: screen } = await ok(teacher, 'media:produce', {
      transportId: slides.id, kind: 'video', source: 'screen', rtpParameters: { ...PRODUCER_PARAMETERS.video, encodings: [{ ssrc: 4444 }] },
    });
    await waitFor(async () => (await timeline()).some((m) => m.kind === 'segment' && String(m.detail.source) === 'teacher-screen'));
    await ok(teacher, 'media:closeProducer', { producerId: screen });
    await ok(teacher, 'stage:invite', { classroomId });
    await ok(assistant, 'stage:respond', { accept: true });
    const onStage = await syntheticPublisher(projector);
    const classroomFiles = () => files().filter((f) => f.startsWith(`classroom-${classroomId}-`));
    await waitFor(() => classroomFiles().length === 2);
    await sleep(3000);
    await ok(teacher, 'stage:end', { classroomId });
    await onStage.stop();
    await waitFor(async () => (await timeline()).filter((m) => m.kind === 'stage').length === 3);
    await ok(teacher, 'lesson:stopLive', {});
    await waitFor(async () => (await timeline()).at(-1)!.kind === 'recording-off', 10_000);

    expect(classroomFiles()).toEqual([expect.stringMatching(/-camera-\d{9}\.webm$/), expect.stringMatching(/-microphone-\d{9}\.webm$/)]);
    for (const file of classroomFiles()) {
      const { codecs, seconds } = await probe(joinPath(dir, file));
      expect(codecs).toEqual([file.includes('camera') ? 'vp8' : 'opus']);
      expect(seconds).toBeGreaterThan(2);
      expect(seconds).toBeLessThan(4.5);
    }
    // The slides sent no picture: no file is left of them.
    expect(files().filter((f) => f.startsWith('teacher-screen'))).toEqual([]);
    const stage = (await timeline()).filter((m) => m.kind === 'stage').map((m) => m.detail.classroomIds);
    // Invited (nobody on stage yet), on stage, off.
    expect(stage).toEqual([[], [classroomId], []]);
    const kinds = (await timeline()).map((m) => m.kind);
    expect(kinds.indexOf('slides-on')).toBeGreaterThan(kinds.indexOf('live'));
    expect(kinds.indexOf('slides-off')).toBeGreaterThan(kinds.indexOf('slides-on'));
    expect(kinds.indexOf('slides-off')).toBeLessThan(kinds.indexOf('stage'));
  }, 60_000);

  it('goes on in a new segment when its ffmpeg dies, and notes the gap', async () => {
    const { server, teacher, dir, files, timeline } = await lesson();
    await ok(teacher, 'lesson:goLive', {});
    await syntheticPublisher(teacher);
    await waitFor(() => files().length === 2);
    await sleep(3000);
    const [victim] = processesNaming(joinPath(server.dataDir, 'recordings')).filter((pid) => processesNaming(`teacher-camera`).includes(pid));
    expect(victim).toBeDefined();
    process.kill(victim!, 'SIGKILL');
    await waitFor(() => files().filter((f) => f.startsWith('teacher-camera')).length === 2);
    await sleep(3000);
    await ok(teacher, 'lesson:end', {});
    await waitFor(async () => (await timeline()).at(-1)!.kind === 'recording-off', 10_000);
    expect(processesNaming(server.dataDir)).toEqual([]);

    const cameraFiles = files().filter((f) => f.startsWith('teacher-camera'));
    const moments = await timeline();
    const gap = moments.find((m) => m.kind === 'gap')!;
    expect(gap).toMatchObject({ detail: { source: 'teacher-camera', file: cameraFiles[0] } });
    const resumed = moments.find((m) => m.kind === 'segment' && m.detail.file === cameraFiles[1])!;
    // A new segment within a few seconds of the gap, its file named by its start on the recording's clock.
    expect(resumed.atMs - gap.atMs).toBeLessThan(3000);
    // (named when its ffmpeg starts, a moment before the media flows to it)
    const namedAt = Number(/-(\d{9})\.webm$/.exec(cameraFiles[1]!)![1]);
    expect(resumed.atMs - namedAt).toBeGreaterThanOrEqual(0);
    expect(resumed.atMs - namedAt).toBeLessThan(1000);
    const second = await probe(joinPath(dir, cameraFiles[1]!));
    expect(second.codecs).toEqual(['vp8']);
    expect(second.seconds).toBeGreaterThan(2);
    expect(moments.map((m) => m.kind).slice(-2)).toEqual(['ended', 'recording-off']);
  }, 60_000);

  it('tries again when an ffmpeg does not start (its port taken meanwhile)', async () => {
    // An ffmpeg that fails the first time it is run, as one finding its port taken does.
    const bin = mkdtempSync(joinPath(tmpdir(), 'ffmpeg-once-'));
    onTestFinished(() => rmSync(bin, { recursive: true, force: true }));
    writeFileSync(joinPath(bin, 'ffmpeg'), `#!/bin/sh\nif [ ! -e ${bin}/ran ]; then touch ${bin}/ran; exit 1; fi\nexec /usr/bin/ffmpeg "$@"\n`, { mode: 0o755 });
    const { teacher, files, timeline } = await lesson({ FFMPEG_PATH: joinPath(bin, 'ffmpeg') });
    await ok(teacher, 'lesson:goLive', {});
    await syntheticPublisher(teacher);
    await waitFor(() => files().length === 2);
    expect(existsSync(joinPath(bin, 'ran'))).toBe(true);
    expect((await timeline()).map((m) => m.kind)).toEqual(['recording-on', 'live', 'segment', 'segment']);
  }, 30_000);

  it('records nothing once turned off, by the teacher or the admin', async () => {
    const recordingMedia = countRecordingMedia();
    const { server, lessonId, teacher, projector, files, timeline } = await lesson();
    const told = nextEvent(projector, 'lesson:recordingChanged');
    expect(await ok(teacher, 'lesson:setRecording', { recording: false })).toEqual({ enabled: false, active: false });
    expect(await told).toEqual({ enabled: false, active: false });
    expect(await send(projector, 'lesson:setRecording', { recording: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(teacher, 'lesson:setRecording', { recording: 'no' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    await ok(teacher, 'lesson:goLive', {});
    await syntheticPublisher(teacher);
    await sleep(2000);
    expect(files()).toEqual([]);
    expect(recordingMedia()).toEqual({ transports: 0, consumers: 0 });

    // The admin turns it on: it starts at once, live.
    const put = (body: unknown, token = TEST_ADMIN_TOKEN, id = lessonId) => fetch(`${server.url}/api/lessons/${id}/recording`, {
      method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect((await put({ recording: true }, 'not-the-admin-token-at-all')).status).toBe(401);
    expect((await put({ recording: 'yes' })).status).toBe(400);
    expect((await put({ recording: true }, TEST_ADMIN_TOKEN, 'nosuchlesson0000')).status).toBe(404);
    const started = nextEvent(projector, 'lesson:recordingChanged', (e) => e.active);
    const answer = await put({ recording: true });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: lessonId, recording: true });
    await started;
    await waitFor(() => files().length === 2);
    const stopped = nextEvent(projector, 'lesson:recordingChanged', (e) => !e.active, 10_000);
    expect((await put({ recording: false })).status).toBe(200);
    expect(await stopped).toEqual({ enabled: false, active: false });
    expect(recordingMedia()).toEqual({ transports: 0, consumers: 0 });
    expect((await timeline()).map((m) => m.kind)).toEqual(['recording-on', 'segment', 'segment', 'recording-off']);
    expect(processesNaming(server.dataDir)).toEqual([]);
  }, 60_000);
});
