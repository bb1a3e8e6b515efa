import { describe, expect, it } from 'vitest';
import { ClassroomError, type StandingLink } from '@classroom/shared';
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

  describe('permanent links', () => {
    const versions = new Map<string, number>([['classroom:R1:projector', 1], ['classroom:R1:assistant', 3], ['teacher:T1:teacher', 1]]);
    const keyOf = (link: StandingLink) => `${link.kind}:${link.kind === 'teacher' ? link.teacherId : link.classroomId}:${link.role}`;
    const standing = new TokenService('a-test-secret-that-is-long-enough', 3600, () => undefined, { ttlSeconds: 400 * 86_400, versionOf: (link) => versions.get(keyOf(link)) });

    it('name a lasting classroom\'s projector or assistant, or a teacher, and no lesson, for their own time', async () => {
      for (const link of [
        { kind: 'classroom', role: 'projector', classroomId: 'R1', tokenVersion: 1 },
        { kind: 'classroom', role: 'assistant', classroomId: 'R1', tokenVersion: 3 },
        { kind: 'teacher', role: 'teacher', teacherId: 'T1', tokenVersion: 1 },
      ] as const) {
        const token = await standing.signStanding(link);
        expect(await standing.verifyLink(token)).toEqual({ kind: 'standing', link });
        const { exp, iat } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
        expect(exp - iat).toBe(400 * 86_400);
      }
      // A lesson's invitation is still one.
      const invitation = await standing.sign({ lessonId: 'L1', role: 'teacher', classroomId: null });
      expect(await standing.verifyLink(invitation)).toMatchObject({ kind: 'lesson', claims: { lessonId: 'L1' } });
    });

    it('are refused where a lesson link is needed, when withdrawn, and when their classroom does not exist', async () => {
      const projector = await standing.signStanding({ kind: 'classroom', role: 'projector', classroomId: 'R1', tokenVersion: 1 });
      await expect(standing.verify(projector)).rejects.toMatchObject({ code: 'unauthenticated', message: expect.stringMatching(/names no lesson/) });
      const withdrawn = await standing.signStanding({ kind: 'classroom', role: 'assistant', classroomId: 'R1', tokenVersion: 2 });
      await expect(standing.verifyLink(withdrawn)).rejects.toMatchObject({ code: 'link_revoked', message: expect.stringMatching(/assistant link was withdrawn/) });
      const unknown = await standing.signStanding({ kind: 'classroom', role: 'projector', classroomId: 'R9', tokenVersion: 1 });
      await expect(standing.verifyLink(unknown)).rejects.toMatchObject({ code: 'unauthenticated' });
      // A service that cannot read their generations accepts none.
      await expect(tokens.verifyLink(projector)).rejects.toMatchObject({ code: 'unauthenticated' });
    });
  });
});
