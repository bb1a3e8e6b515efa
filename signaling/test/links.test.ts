import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreatedLesson, EndedLesson, HttpErrorBody } from '@classroom/shared';
import { join, ok, publishTeacher, send, tokenOf, useTestServer, waitFor, type TestServer } from './harness.ts';

// Links can be withdrawn, and only properly formed links are accepted.
const testServer = useTestServer();
const connect = (link: string) => testServer.connect(link);
let server: TestServer;
beforeAll(() => { server = testServer.server; });

async function refusal(link: string): Promise<{ code: string; message: string }> {
  try {
    (await join(server.url, tokenOf(link))).close();
  } catch (error) {
    return (error as { data: { code: string; message: string } }).data;
  }
  throw new Error('the link was accepted');
}

function admin(path: string, method = 'GET', token = server.app.adminToken): Promise<Response> {
  return fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
}

describe('token form', () => {
  it('refuses a correctly signed token without an expiry or an issue time', async () => {
    const lesson = await server.createLesson(['Hill']);
    const secret = new TextEncoder().encode(readFileSync(joinPath(server.dataDir, 'token-secret'), 'utf8').trim());
    const base = () => new SignJWT({ lid: lesson.id, role: 'teacher', tv: 1 }).setProtectedHeader({ alg: 'HS256' }).setIssuer('live-classroom');
    const noExpiry = await base().setIssuedAt().sign(secret);
    const noIssued = await base().setExpirationTime('1h').sign(secret);
    const proper = await base().setIssuedAt().setExpirationTime('1h').sign(secret);
    for (const token of [noExpiry, noIssued]) {
      await expect(join(server.url, token)).rejects.toThrow('unauthenticated');
    }
    // The same claims with both times are a valid teacher link: the missing times were the reason.
    (await join(server.url, proper)).close();
  });
});

describe('revoking a lesson\'s links', () => {
  it('refuses every old link with a reason, closes their connections, and hands out new links', async () => {
    const lesson = await server.createLesson(['Hill', 'River']);
    const teacher = await connect(lesson.teacherUrl);
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    const assistant = await connect(lesson.classrooms[1]!.assistantUrl);
    const cut = [teacher, projector, assistant].map((s) => new Promise((resolve) => s.once('disconnect', resolve)));

    const response = await admin(`/api/lessons/${lesson.id}/links/revoke`, 'POST');
    expect(response.status).toBe(200);
    const fresh = (await response.json()) as CreatedLesson;
    await Promise.all(cut);

    for (const link of [lesson.teacherUrl, lesson.classrooms[0]!.projectorUrl, lesson.classrooms[1]!.assistantUrl]) {
      expect(await refusal(link)).toEqual({ code: 'link_revoked', message: expect.stringMatching(/withdrawn.*new one/) });
    }
    // The old teacher token is refused by the API too, saying why.
    const api = await fetch(`${server.url}/api/lessons/${lesson.id}/report`, { headers: { authorization: `Bearer ${tokenOf(lesson.teacherUrl)}` } });
    expect(api.status).toBe(401);
    expect(((await api.json()) as HttpErrorBody).error.code).toBe('link_revoked');

    // The new links work, and "issue again" gives links of the new generation too.
    const newTeacher = await connect(fresh.teacherUrl);
    expect((await ok(newTeacher, 'lesson:sync', {})).lesson.id).toBe(lesson.id);
    await connect(fresh.classrooms[0]!.projectorUrl);
    const again = (await (await admin(`/api/lessons/${lesson.id}/links`)).json()) as CreatedLesson;
    await connect(again.classrooms[1]!.assistantUrl);
    const report = await fetch(`${server.url}/api/lessons/${lesson.id}/report`, { headers: { authorization: `Bearer ${tokenOf(fresh.teacherUrl)}` } });
    expect(report.status).toBe(200);
  });

  it('is for the admin only', async () => {
    const lesson = await server.createLesson(['Hill']);
    expect((await admin(`/api/lessons/${lesson.id}/links/revoke`, 'POST', tokenOf(lesson.teacherUrl))).status).toBe(403);
    expect((await admin('/api/lessons/nosuchlesson/links/revoke', 'POST')).status).toBe(404);
    (await join(server.url, tokenOf(lesson.teacherUrl))).close();
  });
});

describe('the admin ends a lesson', () => {
  it('ends a lesson in progress for everyone, recorded as ended by the admin', async () => {
    const lesson = await server.createLesson(['Hill']);
    const teacher = await connect(lesson.teacherUrl);
    await publishTeacher(teacher);
    const projector = await connect(lesson.classrooms[0]!.projectorUrl);
    const cut = new Promise((resolve) => projector.once('disconnect', resolve));
    const response = await admin(`/api/lessons/${lesson.id}/end`, 'POST');
    expect(response.status).toBe(200);
    expect((await response.json()) as EndedLesson).toEqual({ id: lesson.id, phase: 'ended', endedReason: 'admin' });
    await cut;
    await waitFor(() => server.app.registry.get(lesson.id) === undefined);
    expect(await refusal(lesson.teacherUrl)).toMatchObject({ code: 'lesson_ended' });
    // Asked again: still ended, still by the admin.
    expect((await (await admin(`/api/lessons/${lesson.id}/end`, 'POST')).json()) as EndedLesson).toMatchObject({ phase: 'ended', endedReason: 'admin' });
  });

  it('ends a lesson nobody is connected to, and refuses changes to it afterwards', async () => {
    const lesson = await server.createLesson(['Hill']);
    const teacher = await join(server.url, tokenOf(lesson.teacherUrl));
    await ok(teacher, 'lesson:goLive', {});
    teacher.close();
    await waitFor(() => server.app.registry.get(lesson.id) === undefined);
    expect((await admin(`/api/lessons/${lesson.id}/end`, 'POST')).status).toBe(200);
    expect(await server.app.store.lesson(lesson.id)).toMatchObject({ phase: 'ended', endedReason: 'admin' });

    const post = await fetch(`${server.url}/api/lessons/${lesson.id}/questions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.app.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'true_false', prompt: 'Too late?', correct: [0] }),
    });
    expect(post.status).toBe(409);
    expect(((await post.json()) as HttpErrorBody).error.code).toBe('lesson_ended');
    expect(await (await admin(`/api/lessons/${lesson.id}/questions`)).json()).toEqual([]);
  });

  it('refuses question changes over REST once the teacher ended the lesson', async () => {
    const lesson = await server.createLesson(['Hill']);
    const teacher = await connect(lesson.teacherUrl);
    await ok(teacher, 'lesson:end', {});
    const post = await fetch(`${server.url}/api/lessons/${lesson.id}/questions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.app.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'true_false', prompt: 'Too late?', correct: [0] }),
    });
    expect(post.status).toBe(409);
    expect(await send(teacher, 'quiz:create', { question: { kind: 'true_false', prompt: 'x', correct: [0] } }))
      .toMatchObject({ ok: false, error: { code: 'lesson_ended' } });
  });
});
