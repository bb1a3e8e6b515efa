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
      { lessonId: 'L1', role: 'teacher' as const, classroomId: null, tokenVersion: 1 },
      { lessonId: 'L1', role: 'projector' as const, classroomId: 'C1', tokenVersion: 3 },
      { lessonId: 'L1', role: 'assistant' as const, classroomId: 'C1', tokenVersion: 2 },
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

  it('refuses a token of another generation than its lesson\'s, saying it was withdrawn', async () => {
    const versions = new Map([['L1', 2]]);
    const checked = new TokenService('a-test-secret-that-is-long-enough', 3600, (lessonId) => versions.get(lessonId));
    const old = await checked.sign({ lessonId: 'L1', role: 'projector', classroomId: 'C1' });
    const current = await checked.sign({ lessonId: 'L1', role: 'projector', classroomId: 'C1', tokenVersion: 2 });
    await expect(checked.verify(old)).rejects.toMatchObject({ code: 'link_revoked' });
    expect((await checked.verify(current)).tokenVersion).toBe(2);
    // A lesson the service does not know is left to the caller (it answers not_found).
    expect((await checked.verify(await checked.sign({ lessonId: 'L9', role: 'teacher', classroomId: null }))).lessonId).toBe('L9');
  });

  it('refuses role/classroom combinations that cannot exist', async () => {
    const teacherWithClassroom = await tokens.sign({ lessonId: 'L1', role: 'teacher', classroomId: 'C1' });
    const projectorWithout = await tokens.sign({ lessonId: 'L1', role: 'projector', classroomId: null });
    expect((await failure(teacherWithClassroom)).code).toBe('unauthenticated');
    expect((await failure(projectorWithout)).code).toBe('unauthenticated');
  });
});
