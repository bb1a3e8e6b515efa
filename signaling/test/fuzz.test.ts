import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, type CommandName, type CreatedLesson, type Role } from '@classroom/shared';
import { MAX_MESSAGE_BYTES } from '../src/realtime/createRealtime.ts';
import { join, ok, publishTeacher, sendRaw, startServer, tokenOf, type TestServer, type TestSocket } from './harness.ts';

// Thousands of random payloads to every command from every role, plus unknown events: the
// server must answer each one, never crash, still run a real lesson, and not grow without bound.
let server: TestServer;
let lesson: CreatedLesson;
const sockets = {} as Record<Role, TestSocket>;
const links = {} as Record<Role, string>;
let lessonsOpened = 1;

beforeAll(async () => {
  server = await startServer({ SOCKET_RATE_LIMIT: '10000', ADMIN_RATE_LIMIT: '100000' });
  await openLesson();
});

/** A fresh lesson with its three clients connected. */
async function openLesson(): Promise<void> {
  for (const socket of Object.values(sockets)) socket.close();
  lesson = await server.createLesson(['Hill', 'River']);
  links.teacher = lesson.teacherUrl;
  links.projector = lesson.classrooms[0]!.projectorUrl;
  links.assistant = lesson.classrooms[0]!.assistantUrl;
  for (const role of ROLES) sockets[role] = await join(server.url, tokenOf(links[role]));
}

/**
 * Random input may legitimately end the lesson (lesson:end with an empty payload is valid for
 * the teacher) or remove the classroom: then the fuzzing goes on in a new lesson.
 */
async function ensureConnected(): Promise<void> {
  for (const role of ROLES) {
    if (sockets[role].connected) continue;
    try {
      sockets[role] = await join(server.url, tokenOf(links[role]));
    } catch {
      lessonsOpened += 1;
      await openLesson();
      return;
    }
  }
}
afterAll(async () => {
  for (const socket of Object.values(sockets)) socket.close();
  await server.stop();
});

const NAMES = Object.keys(commands) as CommandName[];
const ROLES = ['teacher', 'projector', 'assistant'] as const satisfies Role[];
const nasty = fc.oneof(
  { arbitrary: fc.anything({ maxDepth: 4, withObjectString: true, withNullPrototype: true }), weight: 10 },
  { arbitrary: fc.string({ maxLength: 20_000 }), weight: 10 },
  { arbitrary: fc.constant('x'.repeat(MAX_MESSAGE_BYTES * 2)), weight: 1 },
  { arbitrary: fc.constantFrom(JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: { polluted: true } } }), weight: 5 },
  {
    arbitrary: fc.dictionary(fc.constantFrom('questionId', 'classroomId', 'transportId', 'producerId', 'answer', 'to', 'text', 'muted', 'question'), fc.anything({ maxDepth: 3 })),
    weight: 10,
  },
);

describe('fuzzing every command', () => {
  it('answers thousands of random payloads with an error or a result, and keeps serving', async () => {
    const before = process.memoryUsage().rss;
    let answered = 0;
    let cutOff = 0;
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...NAMES, 'admin:everything', '__proto__', 'constructor', 'toString'),
      fc.constantFrom(...ROLES),
      nasty,
      async (name, role, payload) => {
        await ensureConnected();
        let answer: { ok: boolean; error?: { code: string } };
        try {
          answer = (await sendRaw(sockets[role], name, payload)) as typeof answer;
        } catch (error) {
          // The only acceptable reasons for an answer not to come: the server closed the
          // connection, for a message over the size limit (Socket.IO's maxHttpBufferSize) or
          // because random input ended the lesson or removed the classroom.
          if (sockets[role].connected) throw error;
          cutOff += 1;
          return;
        }
        expect(typeof answer.ok).toBe('boolean');
        if (!answer.ok) expect(answer.error!.code).toMatch(/^[a-z_]+$/);
        answered += 1;
      },
    ), { numRuns: 3000, seed: 20261123 });
    expect(answered + cutOff).toBe(3000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // A real lesson still works afterwards.
    await openLesson();
    const { camera } = await publishTeacher(sockets.teacher);
    expect(camera).toBeTypeOf('string');
    const growthMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    console.log(`fuzz: ${answered} payloads answered, ${cutOff} cut off by the server (oversize, lesson ended), ${lessonsOpened} lessons used; RSS grew ${growthMb.toFixed(1)} MB`);
    expect(cutOff).toBeGreaterThan(0);
    expect(growthMb).toBeLessThan(150);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await ok(sockets.projector, 'lesson:sync', {})).producers).toHaveLength(2);
  }, 120_000);
});
