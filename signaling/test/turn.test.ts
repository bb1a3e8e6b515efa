import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RTCIceServerLike } from '@classroom/shared';
import { ok, useTestServer } from './harness.ts';

const SECRET = 'relay-secret-0123456789abcdef0123456789abcdef';
const STUN = { urls: 'stun:stun.school.example:3478' };
const TURN_URLS = ['turn:turn.school.example:443?transport=tcp', 'turns:turn.school.example:443?transport=tcp'];
const testServer = useTestServer({
  ICE_SERVERS: JSON.stringify([STUN]), TURN_URLS: TURN_URLS.join(','), TURN_SECRET: SECRET, TURN_CREDENTIAL_TTL_HOURS: '2',
});

/** The relay entry, checked the way coturn (use-auth-secret) checks it; its username's parts. */
function relayOf(iceServers: RTCIceServerLike[]) {
  expect(iceServers).toHaveLength(2);
  expect(iceServers[0]).toEqual(STUN);
  const relay = iceServers[1]!;
  expect(relay.urls).toEqual(TURN_URLS);
  expect(relay.credential).toBe(createHmac('sha1', SECRET).update(relay.username!).digest('base64'));
  const [expiry, ...who] = relay.username!.split(':');
  return { expiry: Number(expiry), who: who.join(':') };
}

describe('TURN relay passwords', () => {
  it('hands each connection a password of its own for the relay, signed with the shared secret, expiring after the TTL', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await testServer.connect(lesson.teacherUrl);
    const projector = await testServer.connect(lesson.classrooms[0]!.projectorUrl);
    const before = Math.floor(Date.now() / 1000);
    const teacherRelay = relayOf((await ok(teacher, 'media:createTransport', { direction: 'send' })).iceServers);
    const transport = await ok(projector, 'media:createTransport', { direction: 'recv' });
    const after = Math.floor(Date.now() / 1000);
    const projectorRelay = relayOf(transport.iceServers);
    expect(teacherRelay.who).toBe(`${lesson.id}:teacher`);
    expect(projectorRelay.who).toBe(`${lesson.id}:projector:${lesson.classrooms[0]!.id}`);
    for (const { expiry } of [teacherRelay, projectorRelay]) {
      expect(expiry).toBeGreaterThanOrEqual(before + 2 * 3600);
      expect(expiry).toBeLessThanOrEqual(after + 2 * 3600);
    }
    expect(JSON.stringify(transport)).not.toContain(SECRET);

    // An ICE restart gathers relay candidates again: with a password signed now, not the first one.
    await sleep(1100);
    const restarted = await ok(projector, 'media:restartIce', { transportId: transport.id });
    expect(relayOf(restarted.iceServers).expiry).toBeGreaterThan(projectorRelay.expiry);
  });
});
