import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerToClientEvents } from '@classroom/shared';
import { TokenService } from '../src/auth/tokens.ts';
import { FAKE_DTLS, join, send, startServer, tokenOf, type TestServer, type TestSocket } from './harness.ts';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server.stop(); });

async function refusal(token: string | undefined): Promise<{ message: string; data: { code: string; message: string } }> {
  try {
    const socket = await join(server.url, token);
    socket.close();
  } catch (error) {
    return error as { message: string; data: { code: string; message: string } };
  }
  throw new Error('the connection was accepted');
}

describe('Socket.IO handshake', () => {
  it('admits a valid token of each role', async () => {
    const lesson = await server.createLesson();
    for (const link of [lesson.teacherUrl, lesson.classrooms[0]!.projectorUrl, lesson.classrooms[0]!.assistantUrl]) {
      const socket = await join(server.url, tokenOf(link));
      expect(socket.connected).toBe(true);
      socket.close();
    }
  });

  it('refuses a missing or garbage token', async () => {
    expect((await refusal(undefined)).message).toBe('unauthenticated');
    expect((await refusal('garbage')).data).toEqual({ code: 'unauthenticated', message: 'this link is not valid' });
  });

  it('refuses an expired token, saying so', async () => {
    const lesson = await server.createLesson();
    const expired = await server.app.tokens.sign({ lessonId: lesson.id, role: 'projector', classroomId: lesson.classrooms[0]!.id }, -60);
    const error = await refusal(expired);
    expect(error.data.code).toBe('unauthenticated');
    expect(error.data.message).toMatch(/expired/);
  });

  it('refuses a token signed with another secret', async () => {
    const lesson = await server.createLesson();
    const forged = await new TokenService('another-secret-of-enough-length', 3600).sign({ lessonId: lesson.id, role: 'teacher', classroomId: null });
    expect((await refusal(forged)).message).toBe('unauthenticated');
  });

  it('refuses an unknown lesson and a classroom of another lesson', async () => {
    const lesson = await server.createLesson();
    const other = await server.createLesson();
    expect((await refusal(await server.app.tokens.sign({ lessonId: 'nolesson', role: 'teacher', classroomId: null }))).message).toBe('not_found');
    const crossed = await server.app.tokens.sign({ lessonId: lesson.id, role: 'projector', classroomId: other.classrooms[0]!.id });
    expect((await refusal(crossed)).message).toBe('not_found');
  });
});

describe('first answers (a projector page\'s early socket)', () => {
  /** Connects as the projector page's early socket does; resolves with what the server pushed after the connect, if anything within 1 s. */
  async function firstAnswers(link: string, ask: boolean) {
    const socket: TestSocket = connect(server.url, {
      auth: ask ? { token: tokenOf(link), firstAnswers: true } : { token: tokenOf(link) }, transports: ['websocket'], reconnection: false, forceNew: true,
    });
    const pushed = new Promise<Parameters<ServerToClientEvents['session:firstAnswers']>[0] | null>((resolve) => {
      socket.once('session:firstAnswers', resolve);
      setTimeout(() => resolve(null), 1000);
    });
    return { socket, pushed: await pushed };
  }

  it('sends a projector that asks its receiving transport and the lesson, as their commands would answer', async () => {
    const lesson = await server.createLesson(['Hill School']);
    const { socket, pushed } = await firstAnswers(lesson.classrooms[0]!.projectorUrl, true);
    expect(pushed?.recvTransport.ok && pushed.recvTransport.data.id).toEqual(expect.any(String));
    expect(pushed?.sync.ok && pushed.sync.data.lesson.id).toBe(lesson.id);
    // The transport is this connection's: it connects like one it asked for.
    const transportId = pushed!.recvTransport.ok ? pushed!.recvTransport.data.id : '';
    expect(await send(socket, 'media:connectTransport', { transportId, dtlsParameters: FAKE_DTLS })).toEqual({ ok: true, data: {} });
    socket.close();
  });

  it('sends nothing to a page that does not ask, and an assistant the refusal its command would get', async () => {
    const lesson = await server.createLesson(['Hill School']);
    const quiet = await firstAnswers(lesson.classrooms[0]!.projectorUrl, false);
    expect(quiet.pushed).toBeNull();
    quiet.socket.close();
    const assistant = await firstAnswers(lesson.classrooms[0]!.assistantUrl, true);
    expect(assistant.pushed?.recvTransport).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(assistant.pushed?.sync.ok).toBe(true);
    assistant.socket.close();
  });
});
