import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { ClassroomLinks, LessonRecording, RecordingSettingsView, RecordingSummary } from '@classroom/shared';
import { FileUrlSigner } from '../src/auth/fileUrls.ts';
import { join, nextEvent, ok, startServer, TEST_ADMIN_TOKEN, tokenOf, waitFor, type TestServer, type TestSocket } from './harness.ts';
import { lessonOnNow, lessonOnNowFor, restClient, unique } from './schoolRecords.ts';
import { probe, processesNaming, syntheticPublisher } from './syntheticPublisher.ts';

// The replay library (issue #18): real lessons recorded by a real worker and Debian's ffmpeg, then
// listed, served by range, deleted and kept within the retention through the REST API.
const open: { sockets: TestSocket[]; server?: TestServer } = { sockets: [] };
afterEach(async () => {
  for (const socket of open.sockets.splice(0)) socket.close();
  await open.server?.stop();
  open.server = undefined;
});

const DAY_MS = 24 * 60 * 60 * 1000;

async function recordingServer(env: Record<string, string> = {}) {
  open.server = await startServer({ RECORDING: 'true', PLAIN_RTP: 'true', ADMIN_RATE_LIMIT: '100000', ...env });
  return open.server;
}

/** A lesson of one classroom with its teacher and projector connected. */
async function lessonOn(server: TestServer, room = 'Hill', dataDir = server.dataDir) {
  const created = await server.createLesson([room]);
  const teacher = await join(server.url, tokenOf(created.teacherUrl));
  const projector = await join(server.url, tokenOf(created.classrooms[0]!.projectorUrl));
  open.sockets.push(teacher, projector);
  const dir = joinPath(dataDir, 'recordings', created.id);
  const files = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.webm')).sort() : []);
  const timeline = () => server.app.stores.timeline.ofLesson(created.id);
  return { created, lessonId: created.id, teacher, projector, dir, files, timeline };
}

/** A REST call with a bearer token (null: none); the status and the parsed body. */
async function api<T>(server: TestServer, path: string, token: string | null = TEST_ADMIN_TOKEN, init: RequestInit = {}) {
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) };
  const res = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A recording made up in the library: one file of `bytes` random bytes, its clock's 0 `ageMs` ago. */
async function madeUpRecording(server: TestServer, ageMs: number, bytes: number): Promise<string> {
  const { id } = await server.createLesson(['Old']);
  await server.app.stores.recordings.begin(id, Date.now() - ageMs);
  const dir = joinPath(server.dataDir, 'recordings', id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(joinPath(dir, 'teacher-camera-000000000.webm'), randomBytes(bytes));
  await server.app.stores.recordings.addFile(id, { file: 'teacher-camera-000000000.webm', source: 'teacher-camera', startMs: 0, durationMs: 60_000, bytes, nodeId: null }, Date.now());
  return id;
}

describe('the replay library', () => {
  it('lists a recorded lesson with its segments, duration and size; serves its files by range to signed URLs; deletes it', async () => {
    const server = await recordingServer();
    const { lessonId, teacher, projector, dir, files, timeline, created } = await lessonOn(server);
    const foreign = await lessonOn(server, 'Lake');
    await ok(teacher, 'lesson:goLive', {});
    const source = await syntheticPublisher(teacher);
    await waitFor(() => files().length === 2);
    await sleep(4000);
    await ok(teacher, 'lesson:stopLive', {});
    await source.stop();
    const list = async () => (await api<RecordingSummary[]>(server, '/api/recordings')).body;
    await waitFor(async () => (await list()).some((r) => r.lessonId === lessonId && r.segments === 2 && !r.recordingNow), 10_000);

    // What the library says is what is on disk: ffprobe's durations, the files' sizes.
    const onDisk = await Promise.all(files().map(async (file) => ({ file, bytes: statSync(joinPath(dir, file)).size, ...(await probe(joinPath(dir, file))) })));
    const startOf = (file: string) => Number(/-(\d{9})\.webm$/.exec(file)![1]);
    const [summary] = (await list()).filter((r) => r.lessonId === lessonId);
    const clockStart = (await timeline())[0]!.wallAt;
    expect(summary).toEqual({
      lessonId, title: 'Test lesson', teacherName: null, startedAt: new Date(clockStart).toISOString(),
      durationMs: Math.max(...onDisk.map((f) => startOf(f.file) + Math.round(f.seconds * 1000))),
      bytes: onDisk.reduce((sum, f) => sum + f.bytes, 0), segments: 2, recordingNow: false, stoppedReason: null,
    });
    expect(summary!.durationMs).toBeGreaterThan(4000);

    // The lesson's classroom sees it (and its teacher); another lesson's classroom does not.
    const seen = await api<LessonRecording>(server, `/api/recordings/${lessonId}`, tokenOf(created.classrooms[0]!.projectorUrl));
    expect(seen.status).toBe(200);
    expect(seen.body.files.map(({ url: _url, ...f }) => f)).toEqual(['teacher-camera', 'teacher-microphone'].map((name) => {
      const f = onDisk.find((d) => d.file.startsWith(`${name}-`))!;
      return {
        source: name, publisher: 'teacher', classroomId: null, label: name.endsWith('camera') ? 'camera' : 'microphone',
        kind: name.endsWith('camera') ? 'video' : 'audio', startMs: startOf(f.file), durationMs: Math.round(f.seconds * 1000), bytes: f.bytes,
      };
    }).sort((a, b) => a.startMs - b.startMs || a.source.localeCompare(b.source)));
    expect(seen.body.timeline.map((m) => m.kind)).toEqual((await timeline()).map((m) => m.kind));
    expect((await api(server, `/api/recordings/${lessonId}`, tokenOf(created.teacherUrl))).status).toBe(200);
    expect((await api(server, `/api/recordings/${lessonId}`, tokenOf(foreign.created.classrooms[0]!.projectorUrl))).status).toBe(403);
    expect((await api<RecordingSummary[]>(server, '/api/recordings', tokenOf(foreign.created.classrooms[0]!.projectorUrl))).body).toEqual([]);
    expect((await api(server, `/api/recordings/${lessonId}`, null)).status).toBe(401);

    // A range: 206 with exactly those bytes, to the signed URL a media element loads.
    const camera = seen.body.files.find((f) => f.label === 'camera')!;
    const cameraFile = readFileSync(joinPath(dir, onDisk.find((f) => f.file.startsWith('teacher-camera'))!.file));
    const ranged = await fetch(`${server.url}${camera.url}`, { headers: { range: 'bytes=100-1099' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-1099/${cameraFile.length}`);
    expect(ranged.headers.get('accept-ranges')).toBe('bytes');
    expect(ranged.headers.get('content-type')).toMatch(/^video\/webm/);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(cameraFile.subarray(100, 1100))).toBe(true);
    const voice = await fetch(`${server.url}${seen.body.files.find((f) => f.label === 'microphone')!.url}`);
    expect(voice.status).toBe(200);
    expect(voice.headers.get('content-type')).toMatch(/^audio\/webm/);
    // Unsigned, signed wrong, expired, or signed for another file: refused.
    const path = camera.url.split('?')[0]!;
    const secret = readFileSync(joinPath(server.dataDir, 'token-secret'), 'utf8').trim();
    const refused = async (url: string) => (await fetch(`${server.url}${url}`, { headers: { range: 'bytes=0-99' } })).status;
    expect(await refused(path)).toBe(403);
    expect(await refused(camera.url.replace(/sig=./, (s) => (s.endsWith('A') ? 'sig=B' : 'sig=A')))).toBe(403);
    expect(await refused(new FileUrlSigner(secret).sign(path, 60, Date.now() - 2 * 60 * 60 * 1000))).toBe(403);
    expect(await refused(new FileUrlSigner(secret).sign(path, 60))).toBe(206);
    const otherFile = seen.body.files.find((f) => f.label === 'microphone')!.url.split('?')[0]!;
    expect(await refused(`${otherFile}?${camera.url.split('?')[1]}`)).toBe(403);

    // Deleted by the admin only: its files and rows are gone.
    expect((await api(server, `/api/recordings/${lessonId}`, tokenOf(created.teacherUrl), { method: 'DELETE' })).status).toBe(403);
    expect((await api(server, `/api/recordings/${lessonId}`, TEST_ADMIN_TOKEN, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(dir)).toBe(false);
    expect((await api(server, `/api/recordings/${lessonId}`)).status).toBe(404);
    expect(await server.app.stores.recordings.files(lessonId)).toEqual([]);
    expect(await timeline()).toEqual([]);
    expect((await list()).map((r) => r.lessonId)).not.toContain(lessonId);
    expect((await fetch(`${server.url}${camera.url}`)).status).toBe(404);
  }, 60_000);

  it('keeps recordings within the days and the quota, the oldest deleted first, never the one being recorded', async () => {
    const server = await recordingServer();
    const settings = async () => (await api<RecordingSettingsView>(server, '/api/recordings/settings')).body;
    const put = (body: unknown, token = TEST_ADMIN_TOKEN) => api<RecordingSettingsView>(server, '/api/recordings/settings', token, { method: 'PUT', body: JSON.stringify(body) });
    expect(await settings()).toMatchObject({ retentionDays: 180, quotaBytes: null, diskFullSince: null });

    // Being recorded now, on a clock that began 400 days ago (the lesson went live then, and again now).
    const live = await lessonOn(server);
    await server.app.stores.timeline.add(live.lessonId, { kind: 'recording-off', atMs: 0, wallAt: Date.now() - 400 * DAY_MS, detail: {} });
    await ok(live.teacher, 'lesson:goLive', {});
    await syntheticPublisher(live.teacher);
    await waitFor(() => live.files().length === 2);
    const MB = 1024 * 1024;
    const [a, b, c, d] = [await madeUpRecording(server, 200 * DAY_MS, 4 * MB), await madeUpRecording(server, 100 * DAY_MS, 4 * MB),
      await madeUpRecording(server, 10 * DAY_MS, 4 * MB), await madeUpRecording(server, DAY_MS, 4 * MB)];
    const kept = async () => (await api<RecordingSummary[]>(server, '/api/recordings')).body.map((r) => r.lessonId);
    const onDisk = () => readdirSync(joinPath(server.dataDir, 'recordings')).sort();
    expect(await kept()).toEqual([d, c, b, a, live.lessonId]);

    expect((await put({ retentionDays: 150, quotaBytes: null }, tokenOf(live.created.teacherUrl))).status).toBe(403);
    expect((await put({ retentionDays: 0, quotaBytes: null })).status).toBe(400);
    expect((await put({ retentionDays: 150, quotaBytes: null })).body).toMatchObject({ retentionDays: 150, quotaBytes: null });
    expect(await kept()).toEqual([d, c, b, live.lessonId]);
    expect(onDisk()).toEqual([b, c, d, live.lessonId].sort());
    // The one being recorded cannot be deleted, by hand either.
    expect((await api(server, `/api/recordings/${live.lessonId}`, TEST_ADMIN_TOKEN, { method: 'DELETE' })).status).toBe(409);

    // 12 MB made up plus what is being recorded (well under 3 MB by now) over an 11 MB quota: the oldest goes.
    const liveBytes = () => live.files().reduce((sum, f) => sum + statSync(joinPath(live.dir, f)).size, 0);
    expect(liveBytes()).toBeLessThan(3 * MB);
    expect((await put({ retentionDays: 3650, quotaBytes: 11 * MB })).status).toBe(200);
    expect(await kept()).toEqual([d, c, live.lessonId]);
    expect(onDisk()).toEqual([c, d, live.lessonId].sort());
    // No room at all: all but the one being recorded.
    const view = (await put({ retentionDays: 3650, quotaBytes: 0 })).body;
    expect(await kept()).toEqual([live.lessonId]);
    expect(onDisk()).toEqual([live.lessonId]);
    expect(view).toMatchObject({ retentionDays: 3650, quotaBytes: 0, diskFullSince: null });
    expect(view.usedBytes).toBeGreaterThan(0);
    expect(view.usedBytes).toBeLessThan(3 * MB);
    expect(view.freeBytes).toBeGreaterThan(0);
    // Kept in the database: a restarted server reads them back.
    expect(await server.app.stores.recordings.settings()).toEqual({ retentionDays: 3650, quotaBytes: 0 });
  }, 60_000);

  it('shows a timetabled lesson\'s recording to its teacher and the classrooms of its weekly lesson, to no one else', async () => {
    const server = await recordingServer({ RECORDING: 'false' });
    const rest = restClient(() => server);
    const { classrooms, teacher, weekly } = await lessonOnNowFor(rest, { school: unique('希望小学'), classrooms: ['一班', '二班'], teacher: unique('陈老师') });
    const [hill, river] = await Promise.all(classrooms.map((c) => rest.classroomLinks(c.id))) as [ClassroomLinks, ClassroomLinks];
    const lessonId = (await rest.today(hill.projectorUrl)).body.lessons[0]!.lessonId!;
    await server.app.stores.recordings.begin(lessonId, Date.now());
    const otherSchool = await rest.createSchool(unique('山区小学'));
    const lake = await rest.classroomLinks((await rest.addClassroom(otherSchool.id, '三班')).id);
    const otherTeacher = await rest.teacherLink((await rest.createTeacher(unique('李老师'))).id);

    const status = async (link: string) => (await api(server, `/api/recordings/${lessonId}`, tokenOf(link))).status;
    expect(await status(hill.projectorUrl)).toBe(200);
    expect(await status(river.assistantUrl)).toBe(200);
    expect(await status((await rest.teacherLink(teacher.id)).teacherUrl)).toBe(200);
    expect(await status(lake.projectorUrl)).toBe(403);
    expect(await status(otherTeacher.teacherUrl)).toBe(403);
    expect((await api<RecordingSummary[]>(server, '/api/recordings', tokenOf(lake.assistantUrl))).body).toEqual([]);
    const teacherList = (await api<RecordingSummary[]>(server, '/api/recordings', tokenOf((await rest.teacherLink(teacher.id)).teacherUrl))).body;
    expect(teacherList).toMatchObject([{ lessonId, teacherName: teacher.name, title: weekly.title }]);

    // A class that joins the weekly lesson later takes the lessons it missed.
    await rest.ok('PUT', `/api/weekly-lessons/${weekly.id}`, {
      title: weekly.title, teacherId: teacher.id, classroomIds: [...classrooms.map((c) => c.id), lake.classroomId], ...lessonOnNow(),
    });
    expect(await status(lake.projectorUrl)).toBe(200);
  }, 30_000);

  it('stops recording when ffmpeg fails on a full disk (ENOSPC), without starting segment after segment', async () => {
    // An ffmpeg that, once told (a file appears), fails as one writing to a full disk does.
    const bin = mkdtempSync(joinPath(tmpdir(), 'ffmpeg-enospc-'));
    onTestFinished(() => { rmSync(bin, { recursive: true, force: true }); });
    const full = joinPath(bin, 'full');
    writeFileSync(joinPath(bin, 'ffmpeg'), [
      '#!/bin/sh',
      '/usr/bin/ffmpeg "$@" &',
      'pid=$!',
      'while kill -0 $pid 2>/dev/null; do',
      `  if [ -e ${full} ]; then kill -9 $pid; echo "av_interleaved_write_frame(): No space left on device" >&2; exit 1; fi`,
      '  sleep 0.1',
      'done',
      'wait $pid',
      '',
    ].join('\n'), { mode: 0o755 });
    const server = await recordingServer({ FFMPEG_PATH: joinPath(bin, 'ffmpeg') });
    const { lessonId, teacher, projector, files, timeline } = await lessonOn(server);
    await ok(teacher, 'lesson:goLive', {});
    await syntheticPublisher(teacher);
    await waitFor(() => files().length === 2);
    await sleep(2000);
    const stopped = nextEvent(projector, 'lesson:recordingChanged', (e) => !e.active, 15_000);
    writeFileSync(full, '');
    expect(await stopped).toEqual({ enabled: true, active: false });
    const kinds = (await timeline()).map((m) => m.kind);
    expect(kinds.slice(kinds.indexOf('disk-full'))).toEqual(['disk-full', 'recording-off']);
    // No new segment after the failure, now or later.
    await sleep(2000);
    expect(files()).toHaveLength(2);
    expect((await timeline()).filter((m) => m.kind === 'segment')).toHaveLength(2);
    expect((await ok(projector, 'lesson:sync', {})).lesson.phase).toBe('live');
    await waitFor(async () => (await api<RecordingSummary[]>(server, '/api/recordings')).body[0]?.segments === 2, 10_000);
    expect((await api<RecordingSummary[]>(server, '/api/recordings')).body).toMatchObject([{ lessonId, recordingNow: false, stoppedReason: 'disk-full' }]);
  }, 60_000);

  // A recordings directory on a 3 MB tmpfs: the disk fills within seconds of recording.
  // Skipped only when the run is not root (mount needs it); CI runs as root, so there it runs.
  const root = process.getuid?.() === 0;
  it.skipIf(!root)('stops recording on a full disk, says so to the admin, and the live lesson goes on (needs root to mount a tmpfs)', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'classroom-full-'));
    const recordings = joinPath(dataDir, 'recordings');
    mkdirSync(recordings);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', recordings]);
    onTestFinished(() => {
      execFileSync('umount', ['-l', recordings]);
      rmSync(dataDir, { recursive: true, force: true });
    });
    const server = await recordingServer({ DATA_DIR: dataDir, RECORDING_MIN_FREE_MB: '1' });
    const { lessonId, teacher, projector, timeline, files } = await lessonOn(server, 'Hill', dataDir);
    await ok(teacher, 'lesson:goLive', {});
    const { camera } = await syntheticPublisher(teacher);

    // The projector receives the teacher's camera over plain RTP: the bytes that reach it are counted.
    const received = { bytes: 0 };
    const decoder = createSocket('udp4');
    onTestFinished(() => { decoder.close(); });
    await new Promise<void>((resolve) => decoder.bind(0, '127.0.0.1', resolve));
    decoder.on('message', (packet) => { received.bytes += packet.length; });
    await ok(projector, 'media:createPlainTransport', { direction: 'recv', destination: { ip: '127.0.0.1', port: decoder.address().port } });
    const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
    const consumer = await ok(projector, 'media:consume', { producerId: camera, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> });
    await ok(projector, 'media:resumeConsumer', { consumerId: consumer.consumerId });
    await waitFor(() => files().length === 2);

    const stopped = nextEvent(projector, 'lesson:recordingChanged', (e) => !e.active, 45_000);
    await waitFor(async () => (await timeline()).some((m) => m.kind === 'disk-full'), 45_000);
    expect(await stopped).toEqual({ enabled: true, active: false });
    const kinds = (await timeline()).map((m) => m.kind);
    expect(kinds.slice(kinds.indexOf('disk-full'))).toEqual(['disk-full', 'recording-off']);
    // Cleanly: no ffmpeg left, the files that were written are kept and listed.
    await waitFor(() => processesNaming(recordings).length === 0, 10_000);
    const list = (await api<RecordingSummary[]>(server, '/api/recordings')).body;
    expect(list).toMatchObject([{ lessonId, recordingNow: false, stoppedReason: 'disk-full', segments: 2 }]);

    // The lesson goes on: still live, and the projector still gets the teacher's camera.
    const before = received.bytes;
    await sleep(3000);
    expect(received.bytes - before).toBeGreaterThan(100_000);
    expect((await ok(projector, 'lesson:sync', {})).lesson.phase).toBe('live');

    // The admin is told: since when, and which lesson.
    const view = (await api<RecordingSettingsView>(server, '/api/recordings/settings')).body;
    expect(view.diskFullLesson).toEqual({ lessonId, title: 'Test lesson' });
    expect(Date.now() - Date.parse(view.diskFullSince!)).toBeLessThan(60_000);
    expect(view.freeBytes).toBeLessThan(1024 * 1024);
  }, 90_000);
});
