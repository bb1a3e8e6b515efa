import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NetworkCheckResult, NetworkChecksResponse, NetworkCheckStarted } from '@classroom/shared';
import { ensureProbeClip } from '@classroom/sfu';
import { NetworkChecks } from '../src/networkCheck/NetworkChecks.ts';
import { FAKE_DTLS, tokenOf, waitFor, type TestServer } from './harness.ts';
import { lessonOnNowFor, unique, useRecordsServer } from './schoolRecords.ts';

// Issue 17 item 5: a classroom's permanent link checks how the media server reaches it; the
// result is stored per classroom and read by that classroom, the lesson's teacher and the admin.
const { testServer, api } = useRecordsServer();
let server: TestServer;
beforeAll(() => { server = testServer.server; });

/** What a browser on a free link measures over UDP; TCP did not connect (blocked). */
const MEASURED = {
  paths: { udp: { connected: true, rttMs: 4 }, tcp: { connected: false, rttMs: null } },
  downlink: { path: 'udp', bitrateKbps: 1150, lossPercent: 0, jitterMs: 3, rttMs: 4 },
};

async function classroomsWithLesson() {
  const records = await lessonOnNowFor(api, { school: unique('希望小学'), classrooms: ['一班', '二班'], teacher: unique('李老师') });
  const links = await Promise.all(records.classrooms.map((c) => api.classroomLinks(c.id)));
  const { teacherUrl } = await api.teacherLink(records.teacher.id);
  const lessonId = (await api.today(teacherUrl)).body.lessons[0]!.lessonId!;
  return { ...records, links, teacherToken: tokenOf(teacherUrl), lessonId };
}

/** mediasoup routers alive in the worker, and ffmpeg processes this test process runs (the server is in it). */
async function probeResources() {
  const routers = (await server.app.pool.slots()[0]!.worker.dump()).routerIds.length;
  // Running ones: a killed ffmpeg not yet reaped (Z) is gone already.
  const ps = execFileSync('ps', ['-o', 'stat=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return { routers, ffmpeg: ps.split('\n').filter((line) => /^[^Z]\S*\s+ffmpeg$/.test(line.trim())).length };
}

async function runCheck(token: string, measured: unknown = MEASURED) {
  const call = <T>(path: string, body: unknown) => api.call<T>('POST', path, body, token);
  const started = await call<NetworkCheckStarted>('/api/network-checks', { trigger: 'opened' });
  expect(started.status).toBe(201);
  const { checkId, paths, routerRtpCapabilities } = started.body;
  expect(paths.map((p) => p.path)).toEqual(['udp', 'tcp']);
  expect(await call(`/api/network-checks/${checkId}/connect`, { path: 'udp', dtlsParameters: FAKE_DTLS })).toMatchObject({ status: 200 });
  // Every path at once, as the browser asks: one probe stream for them all.
  const consumed = await Promise.all(['udp', 'tcp'].map((path) => call(`/api/network-checks/${checkId}/consume`, { path, rtpCapabilities: routerRtpCapabilities })));
  expect(consumed.map((c) => c.status)).toEqual([200, 200]);
  expect(await call(`/api/network-checks/${checkId}/resume`, { path: 'udp' })).toMatchObject({ status: 200 });
  return { checkId, finish: () => call<NetworkCheckResult>(`/api/network-checks/${checkId}/finish`, measured) };
}

describe('network check', () => {
  it('runs a real probe stream, stores the grade with the advice, and leaves no router or ffmpeg behind', async () => {
    const { classrooms, links } = await classroomsWithLesson();
    const before = await probeResources();
    const check = await runCheck(tokenOf(links[0]!.projectorUrl));
    // The probe is up: a router of its own, and ffmpeg feeding it.
    await waitFor(async () => (await probeResources()).ffmpeg > before.ffmpeg, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await probeResources()).toEqual({ routers: before.routers + 1, ffmpeg: before.ffmpeg + 1 });

    const finished = await check.finish();
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({
      classroomId: classrooms[0]!.id, trigger: 'opened', grade: 'good', layer: 'high',
      paths: { udp: 'ok', tcp: 'blocked', relay: 'not_configured' },
      advice: [{ path: 'tcp', protocol: 'tcp', host: '127.0.0.1' }],
    });
    await waitFor(async () => {
      const now = await probeResources();
      return now.routers === before.routers && now.ffmpeg === before.ffmpeg;
    }, 10_000);
    expect(server.app.networkChecks.running).toBe(0);
    // Finished means gone: the check cannot be used again.
    expect((await check.finish()).status).toBe(404);
  }, 60_000);

  it('lets each see what it may: a classroom its own, the lesson\'s teacher its classrooms, the admin all', async () => {
    const mine = await classroomsWithLesson();
    const other = await classroomsWithLesson();
    await (await runCheck(tokenOf(mine.links[0]!.assistantUrl))).finish();
    await (await runCheck(tokenOf(other.links[0]!.projectorUrl))).finish();

    const read = (token: string | null, query = '') => api.call<NetworkChecksResponse & { classrooms?: number }>('GET', `/api/network-checks${query}`, undefined, token);
    // The classroom's own links (projector or assistant): its own check only.
    const own = await read(tokenOf(mine.links[0]!.projectorUrl));
    expect(own.body.checks.map((c) => c.classroomId)).toEqual([mine.classrooms[0]!.id]);
    expect((await read(tokenOf(mine.links[1]!.assistantUrl))).body.checks).toEqual([]);
    // The teacher, for its lesson: its classrooms' checks, out of how many classrooms.
    const teacher = await read(mine.teacherToken, `?lessonId=${mine.lessonId}`);
    expect(teacher.body).toMatchObject({ classrooms: 2, checks: [{ classroomId: mine.classrooms[0]!.id, grade: 'good' }] });
    expect((await read(mine.teacherToken, `?lessonId=${other.lessonId}`)).status).toBe(403);
    expect((await read(mine.teacherToken)).status).toBe(403);
    // The admin: every classroom's.
    const all = (await read(server.app.adminToken)).body.checks.map((c) => c.classroomId);
    expect(all).toEqual(expect.arrayContaining([mine.classrooms[0]!.id, other.classrooms[0]!.id]));
    expect((await read(null)).status).toBe(401);
  }, 60_000);

  it('refuses others, bad payloads and a second check too soon', async () => {
    const mine = await classroomsWithLesson();
    const other = await classroomsWithLesson();
    const start = (token: string | null, body: unknown = { trigger: 'assistant' }) => api.call('POST', '/api/network-checks', body, token);
    expect((await start(mine.teacherToken)).status).toBe(403);
    expect((await start(server.app.adminToken)).status).toBe(403);
    expect((await start(null)).status).toBe(401);
    expect(await start(tokenOf(mine.links[0]!.assistantUrl), { trigger: 'whenever' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });

    const check = await runCheck(tokenOf(mine.links[0]!.assistantUrl));
    // Another classroom cannot drive or finish this check.
    const foreign = await api.call('POST', `/api/network-checks/${check.checkId}/finish`, MEASURED, tokenOf(other.links[0]!.projectorUrl));
    expect(foreign.status).toBe(404);
    expect((await api.call('POST', `/api/network-checks/${check.checkId}/finish`, { ...MEASURED, downlink: { path: 'udp' } },
      tokenOf(mine.links[0]!.assistantUrl))).status).toBe(400);
    expect((await api.call('POST', `/api/network-checks/${check.checkId}/connect`, { path: 'relay', dtlsParameters: FAKE_DTLS },
      tokenOf(mine.links[0]!.assistantUrl))).status).toBe(400);
    // It costs the server bandwidth: one a minute per classroom (projector and assistant alike).
    expect(await start(tokenOf(mine.links[0]!.projectorUrl))).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect((await check.finish()).status).toBe(200);
  }, 60_000);
});

describe('a network check left unfinished', () => {
  it('is closed after its time, with its router and ffmpeg', async () => {
    const { pool, stores, log } = server.app;
    const checks = new NetworkChecks({
      pool, store: stores.networkChecks, log, clipDir: join(server.dataDir, 'probe-clip'), limits: { maxMs: 4_000 },
      reach: { host: '127.0.0.1', rtcPort: 0, numWorkers: 1, enableUdp: true, enableTcp: true, turn: undefined },
    });
    // The clip is encoded once per data directory: before the clock of this check runs.
    await ensureProbeClip(join(server.dataDir, 'probe-clip'));
    const before = await probeResources();
    const { classrooms } = await classroomsWithLesson();
    const started = await checks.start(classrooms[0]!.id, 'morning');
    await checks.consume(started.checkId, classrooms[0]!.id, 'udp', started.routerRtpCapabilities);
    expect(checks.running).toBe(1);
    expect((await probeResources()).ffmpeg).toBe(before.ffmpeg + 1);
    // The page went away: nothing finishes it.
    await waitFor(async () => checks.running === 0, 10_000);
    await waitFor(async () => {
      const now = await probeResources();
      return now.routers === before.routers && now.ffmpeg === before.ffmpeg;
    }, 10_000);
    checks.close();
  }, 30_000);
});

describe('a network check on a server without ffmpeg', () => {
  it('says what to install instead of failing with a server error', async () => {
    const { pool, stores, log } = server.app;
    const checks = new NetworkChecks({
      pool, store: stores.networkChecks, log, clipDir: join(server.dataDir, 'no-ffmpeg-clip'), ffmpegPath: '/nonexistent/ffmpeg',
      reach: { host: '127.0.0.1', rtcPort: 0, numWorkers: 1, enableUdp: true, enableTcp: true, turn: undefined },
    });
    const { classrooms } = await classroomsWithLesson();
    const started = await checks.start(classrooms[0]!.id, 'assistant');
    await expect(checks.consume(started.checkId, classrooms[0]!.id, 'udp', started.routerRtpCapabilities))
      .rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/no ffmpeg at \/nonexistent\/ffmpeg.*FFMPEG_PATH/) });
    checks.close();
  }, 30_000);
});
