import { describe, expect, it } from 'vitest';
import { ClassroomError } from '@classroom/shared';
import { TokenService } from './tokens.ts';

const tokens = new TokenService('a-test-secret-that-is-long-enough', 3600);

async function failure(token: unknown): Promise<ClassroomError> {
  try {
    await tokens.verify(token);
  } catch (error) {
    return error as ClassroomError;
  }
  throw new Error('accepted');
}

describe('TokenService', () => {
  it('round-trips the claims of each role', async () => {
    for (const claims of [
      { lessonId: 'L1', role: 'teacher' as const, classroomId: null },
      { lessonId: 'L1', role: 'projector' as const, classroomId: 'C1' },
      { lessonId: 'L1', role: 'assistant' as const, classroomId: 'C1' },
    ]) {
      expect(await tokens.verify(await tokens.sign(claims))).toEqual(claims);
    }
  });

  it('rejects expired, tampered, foreign and malformed tokens with unauthenticated', async () => {
    const expired = await tokens.sign({ lessonId: 'L1', role: 'teacher', classroomId: null }, -1);
    expect((await failure(expired)).message).toMatch(/expired/);
    const valid = await tokens.sign({ lessonId: 'L1', role: 'projector', classroomId: 'C1' });
    const [header, , signature] = valid.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ lid: 'L1', role: 'teacher', iss: 'live-classroom', exp: 9e9 })).toString('base64url');
    const foreign = await new TokenService('another-secret-of-enough-length', 60).sign({ lessonId: 'L1', role: 'teacher', classroomId: null });
    for (const bad of [`${header}.${forgedPayload}.${signature}`, foreign, '', 'x'.repeat(5000), 42, null, {}]) {
      expect((await failure(bad)).code).toBe('unauthenticated');
    }
  });

  it('refuses role/classroom combinations that cannot exist', async () => {
    const teacherWithClassroom = await tokens.sign({ lessonId: 'L1', role: 'teacher', classroomId: 'C1' });
    const projectorWithout = await tokens.sign({ lessonId: 'L1', role: 'projector', classroomId: null });
    expect((await failure(teacherWithClassroom)).code).toBe('unauthenticated');
    expect((await failure(projectorWithout)).code).toBe('unauthenticated');
  });
});
