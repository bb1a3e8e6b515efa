import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/tokens.ts';
import { join, startServer, tokenOf, type TestServer } from './harness.ts';

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
