import { describe, expect, it } from 'vitest';
import { iceServersFor, turnCredential } from './turnCredentials.ts';

const SECRET = 'a-secret-shared-with-the-relay-0123456789';
const STUN = { urls: 'stun:stun.school.example:3478' };
const relay = { urls: ['turns:turn.school.example:443?transport=tcp'], secret: SECRET, ttlSeconds: 4 * 3600 };
const projector = { lessonId: 'lesson-1', role: 'projector', classroomId: 'room-7' } as const;

describe('TURN credentials', () => {
  it('signs coturn\'s use-auth-secret scheme: base64(HMAC-SHA1(secret, "expiry:who"))', () => {
    // Computed apart from this code: printf '%s' 1700000000:lesson-1:teacher | openssl dgst -sha1 -hmac SECRET -binary | base64
    expect(turnCredential(SECRET, 'lesson-1:teacher', 1_700_000_000.9))
      .toEqual({ username: '1700000000:lesson-1:teacher', credential: 'wjk/DMpLSl0vXIYdMHIocf1/+08=' });
  });

  it('gives each connection the relay with a password expiring TTL from now, named after its lesson and role', () => {
    const now = 1_750_000_000_123;
    const servers = iceServersFor({ iceServers: [STUN], turn: relay }, projector, now);
    expect(servers).toHaveLength(2);
    expect(servers[0]).toEqual(STUN);
    const expiry = Math.floor(now / 1000) + 4 * 3600;
    expect(servers[1]).toEqual({ urls: relay.urls, ...turnCredential(SECRET, 'lesson-1:projector:room-7', expiry) });
    expect(servers[1]!.username).toBe(`${expiry}:lesson-1:projector:room-7`);
    const teacher = iceServersFor({ iceServers: [], turn: relay }, { lessonId: 'lesson-1', role: 'teacher', classroomId: null }, now);
    expect(teacher[0]!.username).toBe(`${expiry}:lesson-1:teacher`);
    expect(JSON.stringify([servers, teacher])).not.toContain(SECRET);
  });

  it('hands out the static ICE servers alone without a relay to sign for', () => {
    expect(iceServersFor({ iceServers: [STUN], turn: undefined }, projector)).toEqual([STUN]);
  });
});
