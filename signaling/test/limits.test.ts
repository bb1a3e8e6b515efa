import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, send, sendRaw, startServer, tokenOf, type TestServer, type TestSocket } from './harness.ts';

function codeOf(answer: unknown): string {
  const ack = answer as { ok: boolean; error?: { code: string } };
  return ack.ok ? 'ok' : ack.error!.code;
}

function count(codes: string[], code: string): number {
  return codes.filter((c) => c === code).length;
}

describe('limits per invitation link', () => {
  let server: TestServer;
  const open: TestSocket[] = [];
  // 10 commands a second per link: a budget of 20 within 2 s.
  beforeAll(async () => { server = await startServer({ SOCKET_RATE_LIMIT: '10' }); });
  afterAll(async () => {
    for (const socket of open) socket.close();
    await server.stop();
  });

  it('lets a burst spread over 5 connections of one link through no more than one link\'s budget', async () => {
    const lesson = await server.createLesson(['Hill']);
    const teacher = await join(server.url, tokenOf(lesson.teacherUrl));
    const phones = await Promise.all(Array.from({ length: 5 }, () => join(server.url, tokenOf(lesson.classrooms[0]!.assistantUrl))));
    open.push(teacher, ...phones);
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
    const lesson = await server.createLesson(['Hill']);
    const teacher = await join(server.url, tokenOf(lesson.teacherUrl));
    open.push(teacher);
    const codes = (await Promise.all(Array.from({ length: 60 }, (_, i) => sendRaw(teacher, `made:up${i}`, {})))).map(codeOf);
    expect(count(codes, 'unknown_command')).toBeGreaterThan(0);
    expect(count(codes, 'unknown_command')).toBeLessThanOrEqual(40);
    expect(count(codes, 'rate_limited')).toBe(60 - count(codes, 'unknown_command'));
    // The made-up names spent the link's budget: a real command has to wait as well.
    expect(codeOf(await send(teacher, 'lesson:sync', {}))).toBe('rate_limited');
  });
});
