import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedLesson, HttpErrorBody, LessonDetail, LessonList } from '@classroom/shared';
import { join, startServer, tokenOf, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server.stop(); });

const post = (body: unknown, token: string | null = server.app.adminToken, raw?: string) =>
  fetch(`${server.url}/api/lessons`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });

describe('POST /api/lessons', () => {
  it('creates a lesson with one signed link per role and classroom', async () => {
    const res = await post({ title: 'Fractions', classrooms: [{ name: 'Hill School' }, { name: 'River School' }] });
    expect(res.status).toBe(201);
    const lesson = (await res.json()) as CreatedLesson;
    expect(lesson).toMatchObject({ id: expect.any(String), title: 'Fractions' });
    expect(lesson.teacherUrl).toMatch(new RegExp(`^${server.url.replace('127.0.0.1', 'localhost').replace(/:\d+$/, '')}.*/teacher\\?token=`));
    expect(lesson.classrooms).toHaveLength(2);
    const hill = lesson.classrooms[0]!;
    expect(hill).toMatchObject({ id: expect.any(String), name: 'Hill School' });
    expect(hill.projectorUrl).toContain('/projector?token=');
    expect(hill.assistantUrl).toContain('/assistant?token=');
    const decoded = JSON.parse(Buffer.from(tokenOf(hill.assistantUrl).split('.')[1]!, 'base64url').toString());
    expect(decoded).toMatchObject({ lid: lesson.id, role: 'assistant', cid: hill.id, exp: expect.any(Number) });
  });

  it.each([
    ['no title', { classrooms: [{ name: 'A' }] }, 'title'],
    ['empty title', { title: '  ', classrooms: [{ name: 'A' }] }, 'title'],
    ['no classrooms', { title: 'T', classrooms: [] }, 'classrooms'],
    ['a nameless classroom', { title: 'T', classrooms: [{}] }, 'classrooms.0.name'],
    ['unknown fields', { title: 'T', classrooms: [{ name: 'A' }], admin: true }, 'admin'],
    ['a huge title', { title: 'x'.repeat(500), classrooms: [{ name: 'A' }] }, 'title'],
    ['a control character', { title: 'a\u0007b', classrooms: [{ name: 'A' }] }, 'title'],
  ])('answers 400 with the reason for %s', async (_case, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as HttpErrorBody & { error: { details: string[] } };
    expect(error.code).toBe('invalid_payload');
    expect(error.details.join(' ')).toContain(field);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await post(undefined, server.app.adminToken, '{"title": ');
    expect(res.status).toBe(400);
  });

  it('answers 401 without or with a wrong token', async () => {
    expect((await post({ title: 'T', classrooms: [{ name: 'A' }] }, null)).status).toBe(401);
    expect((await post({ title: 'T', classrooms: [{ name: 'A' }] }, 'not-the-admin-token')).status).toBe(401);
  });

  it('answers 403 to a teacher token (only the admin creates lessons)', async () => {
    const lesson = await server.createLesson();
    expect((await post({ title: 'T', classrooms: [{ name: 'A' }] }, tokenOf(lesson.teacherUrl))).status).toBe(403);
  });
});

describe('GET /api/lessons/:id', () => {
  it('shows who is connected, to the admin and to the lesson teacher', async () => {
    const lesson = await server.createLesson(['North', 'South']);
    const projector = await join(server.url, tokenOf(lesson.classrooms[0]!.projectorUrl));
    try {
      for (const token of [server.app.adminToken, tokenOf(lesson.teacherUrl)]) {
        const res = await fetch(`${server.url}/api/lessons/${lesson.id}`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        const detail = (await res.json()) as LessonDetail;
        expect(detail).toMatchObject({ id: lesson.id, phase: 'scheduled', teacherConnected: false });
        expect(detail.classrooms.map((c) => [c.name, c.projectorOnline])).toEqual([['North', true], ['South', false]]);
      }
    } finally {
      projector.close();
    }
  });

  it('refuses classroom tokens, other lessons teachers, and unknown lessons', async () => {
    const lesson = await server.createLesson();
    const other = await server.createLesson();
    const get = (id: string, token: string) => fetch(`${server.url}/api/lessons/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(lesson.id, tokenOf(lesson.classrooms[0]!.projectorUrl))).status).toBe(401);
    expect((await get(lesson.id, tokenOf(other.teacherUrl))).status).toBe(403);
    expect((await get('doesnotexist', server.app.adminToken)).status).toBe(404);
  });
});

describe('GET /api/lessons', () => {
  const list = (query: string, token: string | null = server.app.adminToken) =>
    fetch(`${server.url}/api/lessons${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('lists lessons newest first, a page at a time, with their classroom counts', async () => {
    const first = await server.createLesson(['A']);
    const second = await server.createLesson(['A', 'B']);
    const third = await server.createLesson(['A', 'B', 'C']);
    const all = (await (await list('?limit=200')).json()) as LessonList;
    const ids = all.lessons.map((l) => l.id);
    expect(ids.indexOf(third.id)).toBeLessThan(ids.indexOf(second.id));
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(all.lessons.find((l) => l.id === second.id)).toEqual({
      id: second.id, title: 'Test lesson', phase: 'scheduled', createdAt: expect.any(String), classrooms: 2, teacherAwaySince: null, endedReason: null,
    });
    expect(all.total).toBe(all.lessons.length);

    const page = (await (await list('?limit=1&offset=1')).json()) as LessonList;
    expect(page).toEqual({ lessons: [all.lessons[1]], total: all.total });
  });

  it.each(['?limit=0', '?limit=500', '?limit=abc', '?offset=-1', '?sort=title'])('answers 400 to %s', async (query) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(((await res.json()) as HttpErrorBody).error.code).toBe('invalid_payload');
  });

  it('is for the admin only', async () => {
    const lesson = await server.createLesson();
    expect((await list('', null)).status).toBe(401);
    expect((await list('', tokenOf(lesson.teacherUrl))).status).toBe(403);
  });
});

describe('GET /api/lessons/:id/links', () => {
  const links = (id: string, token = server.app.adminToken) =>
    fetch(`${server.url}/api/lessons/${id}/links`, { headers: { authorization: `Bearer ${token}` } });

  it('issues the lesson\'s links again, for the classrooms still in it, and they work', async () => {
    const lesson = await server.createLesson(['North', 'South']);
    const teacher = await join(server.url, tokenOf(lesson.teacherUrl));
    try {
      const removed = await teacher.timeout(5000).emitWithAck('classroom:remove', { classroomId: lesson.classrooms[0]!.id });
      expect(removed).toMatchObject({ ok: true });
    } finally {
      teacher.close();
    }
    const res = await links(lesson.id);
    expect(res.status).toBe(200);
    const again = (await res.json()) as CreatedLesson;
    expect(again).toMatchObject({ id: lesson.id, title: 'Test lesson', teacherUrl: expect.stringContaining('/teacher?token=') });
    expect(again.classrooms.map((c) => [c.id, c.name])).toEqual([[lesson.classrooms[1]!.id, 'South']]);
    const projector = await join(server.url, tokenOf(again.classrooms[0]!.projectorUrl));
    projector.close();
  });

  it('is for the admin only, and 404 for an unknown lesson', async () => {
    const lesson = await server.createLesson();
    expect((await links(lesson.id, tokenOf(lesson.teacherUrl))).status).toBe(403);
    expect((await links('doesnotexist')).status).toBe(404);
  });
});

describe('operations endpoints', () => {
  it('reports health to anyone', async () => {
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', mediasoup: '3.27.1', workers: 1 });
  });

  const metrics = (url: string, token?: string) => fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('reports Prometheus metrics only with the admin token when METRICS_TOKEN is unset', async () => {
    expect((await metrics(server.url)).status).toBe(401);
    const wrong = await metrics(server.url, 'not-the-admin-token-at-all');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as HttpErrorBody).error.code).toBe('unauthenticated');
    const res = await metrics(server.url, server.app.adminToken);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const name of ['classroom_mediasoup_objects{type="workers"} 1', 'classroom_sockets{role="projector"}', 'classroom_worker_routers']) {
      expect(text).toContain(name);
    }
  });

  it('reports Prometheus metrics with METRICS_TOKEN, and only with it, when it is set', async () => {
    const scraped = await startServer({ METRICS_TOKEN: 'scraper-token-0123456789' });
    try {
      expect((await metrics(scraped.url)).status).toBe(401);
      expect((await metrics(scraped.url, scraped.app.adminToken)).status).toBe(401);
      expect((await metrics(scraped.url, 'scraper-token-0123456789')).status).toBe(200);
    } finally {
      await scraped.stop();
    }
  });

  it('sends security headers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
