import { io as connectRaw } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { join, ok, send, sendRaw, tokenOf, useTestServer, waitFor, type TestSocket } from './harness.ts';

type Refusal = Error & { data: { code: string; message: string } };

/** Resolves with the refusal of a handshake, or with the socket if it was accepted. */
function attempt(url: string, token: string): Promise<TestSocket | Refusal> {
  return join(url, token).catch((error: unknown) => error as Refusal);
}

function codeOf(answer: unknown): string {
  const ack = answer as { ok: boolean; error?: { code: string } };
  return ack.ok ? 'ok' : ack.error!.code;
}

function count(codes: string[], code: string): number {
  return codes.filter((c) => c === code).length;
}

describe('limits per invitation link', () => {
  // 10 commands a second per link: a budget of 20 within 2 s.
  const testServer = useTestServer({ SOCKET_RATE_LIMIT: '10', MAX_ASSISTANTS_PER_CLASSROOM: '5' });

  it('admits no more assistant connections of one classroom than the cap, even 60 at once', async () => {
    const { server } = testServer;
    const lesson = await server.createLesson(['Hill']);
    const link = tokenOf(lesson.classrooms[0]!.assistantUrl);
    const results = await Promise.all(Array.from({ length: 60 }, () => attempt(server.url, link)));
    const accepted = results.filter((r): r is TestSocket => !(r instanceof Error));
    expect(accepted).toHaveLength(5);
    const refusals = results.filter((r): r is Refusal => r instanceof Error);
    expect(new Set(refusals.map((r) => r.data.code))).toEqual(new Set(['limit_reached']));
    expect(refusals[0]!.data.message).toMatch(/already open on 5 devices/);
    const classroom = server.app.registry.get(lesson.id)!.classroom(lesson.classrooms[0]!.id);
    expect(classroom.assistants.size).toBe(5);
    // A closed connection frees its seat.
    accepted[0]!.close();
    await new Promise((r) => setTimeout(r, 200));
    await testServer.connect(lesson.classrooms[0]!.assistantUrl);
    expect((await attempt(server.url, link)) instanceof Error).toBe(true);
    for (const socket of accepted) socket.close();
  });

  it('lets a burst spread over 5 connections of one link through no more than one link\'s budget', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await testServer.connect(lesson.teacherUrl);
    const phones = await Promise.all(Array.from({ length: 5 }, () => testServer.connect(lesson.classrooms[0]!.assistantUrl)));
    let received = 0;
    teacher.on('message:received', () => { received++; });
    const answers = await Promise.all(phones.flatMap((phone) =>
      Array.from({ length: 100 }, (_, i) => send(phone, 'message:send', { to: { kind: 'teacher' }, text: `flood ${i}` }))));
    const codes = answers.map(codeOf);
    // One window's budget (20), or two if the burst straddled a window: per connection it was 100.
    expect(count(codes, 'ok')).toBeGreaterThan(0);
    expect(count(codes, 'ok')).toBeLessThanOrEqual(40);
    expect(count(codes, 'rate_limited')).toBe(500 - count(codes, 'ok'));
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toBe(count(codes, 'ok'));
  });

  it('charges unknown commands against the budget too', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await testServer.connect(lesson.teacherUrl);
    const codes = (await Promise.all(Array.from({ length: 60 }, (_, i) => sendRaw(teacher, `made:up${i}`, {})))).map(codeOf);
    expect(count(codes, 'unknown_command')).toBeGreaterThan(0);
    expect(count(codes, 'unknown_command')).toBeLessThanOrEqual(40);
    expect(count(codes, 'rate_limited')).toBe(60 - count(codes, 'unknown_command'));
    // The made-up names spent the link's budget: a real command has to wait as well.
    expect(codeOf(await send(teacher, 'lesson:sync', {}))).toBe('rate_limited');
  });
});

describe('handshakes per client address', () => {
  const testServer = useTestServer({ HANDSHAKE_RATE_LIMIT: '10' });

  it('refuses a flood of handshakes from one address with rate_limited, valid links included', async () => {
    const { server } = testServer;
    const lesson = await server.createLesson(['Hill']);
    const codes: string[] = [];
    for (let i = 0; i < 14; i++) {
      const result = await attempt(server.url, 'garbage');
      codes.push(result instanceof Error ? result.data.code : 'accepted');
    }
    expect(codes).toEqual([...Array<string>(10).fill('unauthenticated'), ...Array<string>(4).fill('rate_limited')]);
    const refused = await attempt(server.url, tokenOf(lesson.teacherUrl));
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Refusal).data).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/try again in \d+ s/) });
  });

  it('counts the client a reverse proxy on this machine names, not the proxy', async () => {
    const { server } = testServer;
    const lesson = await server.createLesson(['Hill']);
    // The proxy's own address (127.0.0.1) has no handshakes left…
    for (let i = 0; i < 11; i++) await attempt(server.url, 'garbage');
    expect(await attempt(server.url, tokenOf(lesson.teacherUrl))).toMatchObject({ data: { code: 'rate_limited' } });
    // …but a client it forwards has its own budget.
    const behindProxy = connectRaw(server.url, {
      auth: { token: tokenOf(lesson.teacherUrl) }, transports: ['websocket'], reconnection: false, forceNew: true,
      extraHeaders: { 'x-forwarded-for': '203.0.113.7' },
    });
    try {
      await new Promise<void>((resolve, reject) => { behindProxy.once('connect', resolve); behindProxy.once('connect_error', reject); });
    } finally {
      behindProxy.close();
    }
  });
});

describe('lists a lesson holds', () => {
  const testServer = useTestServer({ MAX_QUESTIONS_PER_LESSON: '5', MAX_MESSAGES_PER_LESSON: '5' });
  const question = (i: number) => ({ kind: 'true_false' as const, prompt: `Statement ${i}` });
  const postQuestion = (lessonId: string, i: number) => fetch(`${testServer.server.url}/api/lessons/${lessonId}/questions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testServer.server.app.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(question(i)),
  });

  it('refuses a question over the cap with limit_reached, by socket and by REST, live or not, and changes nothing', async () => {
    const { server } = testServer;
    const lesson = await server.createLesson(['Hill']);
    const teacher = await testServer.connect(lesson.teacherUrl);
    for (let i = 0; i < 3; i++) await ok(teacher, 'quiz:create', { question: question(i) });
    for (let i = 3; i < 5; i++) expect((await postQuestion(lesson.id, i)).status).toBe(201);
    const told: string[] = [];
    teacher.onAny((event: string) => told.push(event));

    const refused = await send(teacher, 'quiz:create', { question: question(5) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'limit_reached', message: expect.stringMatching(/at most 5 questions/) } });
    const overRest = await postQuestion(lesson.id, 6);
    expect(overRest.status).toBe(409);
    expect(await overRest.json()).toMatchObject({ error: { code: 'limit_reached' } });
    const { questions } = (await ok(teacher, 'lesson:sync', {})).quiz;
    expect(questions.map((q) => q.prompt)).toEqual([0, 1, 2, 3, 4].map((i) => `Statement ${i}`));
    expect(told).toEqual([]);
    // A deleted draft frees its place.
    await ok(teacher, 'quiz:delete', { questionId: questions[0]!.id });
    await ok(teacher, 'quiz:create', { question: question(5) });

    // Nobody connected: the REST API writes to the store directly, under the same cap.
    teacher.close();
    await waitFor(() => server.app.registry.get(lesson.id) === undefined);
    expect((await postQuestion(lesson.id, 7)).status).toBe(409);
    const list = await fetch(`${server.url}/api/lessons/${lesson.id}/questions`, { headers: { authorization: `Bearer ${server.app.adminToken}` } });
    expect(((await list.json()) as unknown[]).length).toBe(5);
  });

  it('refuses a message over the cap with limit_reached and delivers nothing', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await testServer.connect(lesson.teacherUrl);
    const assistant = await testServer.connect(lesson.classrooms[0]!.assistantUrl);
    for (let i = 0; i < 5; i++) await ok(i % 2 ? teacher : assistant, 'message:send', { to: { kind: i % 2 ? 'all' : 'teacher' }, text: `m${i}` });
    let delivered = 0;
    teacher.on('message:received', () => { delivered++; });
    expect(await send(assistant, 'message:send', { to: { kind: 'teacher' }, quick: 'all_good' }))
      .toMatchObject({ ok: false, error: { code: 'limit_reached', message: expect.stringMatching(/limit of 5 messages/) } });
    expect(await send(teacher, 'message:send', { to: { kind: 'all' }, text: 'one more' })).toMatchObject({ ok: false, error: { code: 'limit_reached' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(delivered).toBe(0);
    expect((await ok(teacher, 'lesson:sync', {})).messages).toHaveLength(5);
  });
});

describe('a question list at its default cap', () => {
  // 200 questions are prepared in a burst: above the default command rate on purpose.
  const testServer = useTestServer({ SOCKET_RATE_LIMIT: '10000' });

  /** What the teacher is sent while `act` runs: each event's name and size in bytes. */
  async function sentDuring(teacher: TestSocket, act: () => Promise<unknown>): Promise<[string, number][]> {
    const sent: [string, number][] = [];
    const record = (event: string, payload: unknown) => sent.push([event, JSON.stringify(payload).length]);
    teacher.onAny(record);
    await act();
    await new Promise((r) => setTimeout(r, 100));
    teacher.offAny(record);
    return sent;
  }

  it('tells the teacher of one change in a message the size of one question, and reorders all 200', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await testServer.connect(lesson.teacherUrl);
    const draft = (i: number) => ({ kind: 'single' as const, prompt: `Question ${i}: ${'which one? '.repeat(20)}`, options: ['one', 'two', 'three'] });
    const ids: string[] = [];
    for (let i = 0; i < 199; i++) ids.push((await ok(teacher, 'quiz:create', { question: draft(i) })).id);

    const created = await sentDuring(teacher, async () => ids.push((await ok(teacher, 'quiz:create', { question: draft(199) })).id));
    expect(created.map(([event]) => event)).toEqual(['quiz:questionSaved']);
    // One question: 459 bytes; the whole list, as it was sent before: 89 kB.
    expect(created[0]![1]).toBeLessThan(1000);
    expect(await send(teacher, 'quiz:create', { question: draft(200) })).toMatchObject({ ok: false, error: { code: 'limit_reached' } });

    const reversed = [...ids].reverse();
    const reordered = await sentDuring(teacher, async () => expect(await ok(teacher, 'quiz:reorder', { order: reversed })).toEqual({ order: reversed }));
    expect(reordered.map(([event]) => event)).toEqual(['quiz:questionsReordered']);
    expect(reordered[0]![1]).toBeLessThan(200 * 20);
    const deleted = await sentDuring(teacher, () => ok(teacher, 'quiz:delete', { questionId: reversed[0]! }));
    expect(deleted).toEqual([['quiz:questionDeleted', expect.any(Number)]]);
    expect(deleted[0]![1]).toBeLessThan(100);

    const { questions } = (await ok(teacher, 'lesson:sync', {})).quiz;
    expect(questions.map((q) => [q.id, q.position])).toEqual(reversed.slice(1).map((id, position) => [id, position]));
  });
});
