import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, type CommandName, type CreatedLesson, type Role } from '@classroom/shared';
import { join, ok, publishTeacher, sendRaw, startServer, tokenOf, type TestServer, type TestSocket } from './harness.ts';

// Thousands of random payloads to every command from every role, plus unknown events: the
// server must answer each one, never crash, still run a real lesson, and not grow without bound.
let server: TestServer;
let lesson: CreatedLesson;
const sockets = {} as Record<Role, TestSocket>;

beforeAll(async () => {
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

const NAMES = Object.keys(commands) as CommandName[];
const ROLES: Role[] = ['teacher', 'projector', 'assistant'];
const nasty = fc.oneof(
  fc.anything({ maxDepth: 4, withObjectString: true, withNullPrototype: true }),
  fc.string({ maxLength: 20_000 }),
  fc.constantFrom(JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: { polluted: true } } }),
  fc.dictionary(fc.constantFrom('questionId', 'classroomId', 'transportId', 'producerId', 'answer', 'to', 'text', 'muted', 'question'), fc.anything({ maxDepth: 3 })),
);

describe('fuzzing every command', () => {
  it('answers thousands of random payloads with an error or a result, and keeps serving', async () => {
    const before = process.memoryUsage().rss;
    let answered = 0;
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...NAMES, 'admin:everything', '__proto__', 'constructor', 'toString'),
      fc.constantFrom(...ROLES),
      nasty,
      async (name, role, payload) => {
        const answer = (await sendRaw(sockets[role], name, payload)) as { ok: boolean; error?: { code: string } };
        expect(typeof answer.ok).toBe('boolean');
        if (!answer.ok) expect(answer.error!.code).toMatch(/^[a-z_]+$/);
        answered += 1;
      },
    ), { numRuns: 3000, seed: 20261123 });
    expect(answered).toBe(3000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // A real lesson still works on the same connections.
    for (const socket of Object.values(sockets)) expect(socket.connected).toBe(true);
    const { camera } = await publishTeacher(sockets.teacher).catch(async () => {
      // Random input may have ended or stopped the lesson: a new one must work all the same.
      lesson = await server.createLesson(['Hill']);
      sockets.teacher = await join(server.url, tokenOf(lesson.teacherUrl));
      return publishTeacher(sockets.teacher);
    });
    expect(camera).toBeTypeOf('string');
    const growthMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    console.log(`fuzz: 3000 payloads answered; RSS grew ${growthMb.toFixed(1)} MB`);
    expect(growthMb).toBeLessThan(150);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await ok(sockets.projector, 'lesson:sync', {}).catch(() => null)) ?? 'disconnected').toBeTruthy();
  }, 120_000);
});
