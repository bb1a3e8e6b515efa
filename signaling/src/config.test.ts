import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('works on a laptop with no settings: WebRTC on loopback', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, publicUrl: 'http://localhost:3000' });
    expect(config.media).toMatchObject({ listenIp: '127.0.0.1', announcedAddress: undefined, rtcPort: 44444, enableUdp: true, enableTcp: true });
  });

  it('announces the public host for a school network', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://classroom.school.example:8443/' });
    expect(config.publicUrl).toBe('https://classroom.school.example:8443');
    expect(config.media).toMatchObject({ listenIp: '0.0.0.0', announcedAddress: 'classroom.school.example' });
  });

  it('lists every bad value in one message', () => {
    expect(() => loadConfig({ PORT: 'abc', RTC_ENABLE_UDP: 'maybe', CLASSROOM_ADMIN_TOKEN: 'short' }))
      .toThrow(/PORT[\s\S]*CLASSROOM_ADMIN_TOKEN[\s\S]*RTC_ENABLE_UDP|PORT[\s\S]*RTC_ENABLE_UDP[\s\S]*CLASSROOM_ADMIN_TOKEN/);
  });

  it('refuses a guessable metrics token', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(loadConfig({ METRICS_TOKEN: 'scraper-token-0123456789' }).metricsToken).toBe('scraper-token-0123456789');
  });

  it('refuses to disable both UDP and TCP, and malformed ICE servers', () => {
    expect(() => loadConfig({ RTC_ENABLE_UDP: 'false', RTC_ENABLE_TCP: 'false' })).toThrow(/at least one/);
    expect(() => loadConfig({ ICE_SERVERS: '[{"nope":1}]' })).toThrow(/ICE_SERVERS/);
    expect(loadConfig({ ICE_SERVERS: '[{"urls":"turn:turn.example:443?transport=tcp","username":"u","credential":"p"}]' }).media.iceServers)
      .toHaveLength(1);
  });

  it('signs relay passwords only with both TURN_URLS and a long TURN_SECRET; empty means unset', () => {
    const secret = 'a'.repeat(64);
    expect(loadConfig({ TURN_URLS: 'turn:turn.example:443?transport=tcp , turns:turn.example:443?transport=tcp', TURN_SECRET: secret }).media.turn)
      .toEqual({ urls: ['turn:turn.example:443?transport=tcp', 'turns:turn.example:443?transport=tcp'], secret, ttlSeconds: 4 * 3600 });
    expect(loadConfig({ TURN_URLS: 'turn:turn.example', TURN_SECRET: secret, TURN_CREDENTIAL_TTL_HOURS: '0.5' }).media.turn!.ttlSeconds).toBe(1800);
    expect(loadConfig({ TURN_URLS: '', TURN_SECRET: '' }).media.turn).toBeUndefined();
    expect(() => loadConfig({ TURN_URLS: 'turn:turn.example' })).toThrow(/TURN_URLS, TURN_SECRET: give both/);
    expect(() => loadConfig({ TURN_SECRET: secret })).toThrow(/TURN_URLS, TURN_SECRET: give both/);
    expect(() => loadConfig({ TURN_URLS: 'turn:turn.example', TURN_SECRET: 'short' })).toThrow(/TURN_SECRET: must be at least 32/);
    expect(() => loadConfig({ TURN_URLS: 'turn:turn.example', TURN_SECRET: `${secret} #` })).toThrow(/TURN_SECRET: letters, digits/);
    expect(() => loadConfig({ TURN_URLS: 'https://turn.example', TURN_SECRET: secret })).toThrow(/TURN_URLS.*turn: or turns:/);
    expect(() => loadConfig({ TURN_URLS: 'turn:turn.example', TURN_SECRET: secret, TURN_CREDENTIAL_TTL_HOURS: '0' })).toThrow(/TURN_CREDENTIAL_TTL_HOURS/);
  });

  it('refuses relay-only ICE when no TURN relay is named', () => {
    expect(() => loadConfig({ ICE_TRANSPORT_POLICY: 'relay' })).toThrow(/ICE_TRANSPORT_POLICY: relay needs a TURN relay/);
    expect(() => loadConfig({ ICE_TRANSPORT_POLICY: 'relay', ICE_SERVERS: '[{"urls":"stun:stun.example"}]' })).toThrow(/relay needs a TURN relay/);
    expect(loadConfig({ ICE_TRANSPORT_POLICY: 'relay', ICE_SERVERS: '[{"urls":["stun:s.example","turn:t.example"],"username":"u","credential":"p"}]' })
      .media.iceTransportPolicy).toBe('relay');
    expect(loadConfig({ ICE_TRANSPORT_POLICY: 'relay', TURN_URLS: 'turns:t.example:443', TURN_SECRET: 'a'.repeat(64) }).media.iceTransportPolicy).toBe('relay');
  });

  it('limits abuse with defaults a school behind one address stays within', () => {
    expect(loadConfig({}).limits).toMatchObject({
      socketCommandsPerSecond: 40, handshakesPerMinute: 120, assistantsPerClassroom: 3, questionsPerLesson: 200, messagesPerLesson: 2000,
    });
    expect(() => loadConfig({ HANDSHAKE_RATE_LIMIT: '0', MAX_ASSISTANTS_PER_CLASSROOM: 'many' }))
      .toThrow(/HANDSHAKE_RATE_LIMIT[\s\S]*MAX_ASSISTANTS_PER_CLASSROOM/);
    // quiz:reorder names every question in one message, which the protocol bounds.
    expect(() => loadConfig({ MAX_QUESTIONS_PER_LESSON: '501' })).toThrow(/MAX_QUESTIONS_PER_LESSON/);
  });

  it('keeps the records in SQLite in DATA_DIR unless DATABASE_URL names a PostgreSQL database', () => {
    expect(loadConfig({ DATA_DIR: '/srv/classroom' }).database).toEqual({ kind: 'sqlite', file: '/srv/classroom/classroom.sqlite' });
    expect(loadConfig({ DATABASE_URL: '' }).database.kind).toBe('sqlite');
    for (const url of ['postgres://classroom:secret@db.example:5432/classroom', 'postgresql:///classroom?host=/run/postgresql']) {
      expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url });
    }
    for (const url of ['mysql://db.example/classroom', 'db.example:5432', 'postgres://']) {
      expect(() => loadConfig({ DATABASE_URL: url })).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    }
  });

  describe('cluster mode', () => {
    const cluster = {
      REDIS_URL: 'redis://redis.internal:6379', TOKEN_SECRET: 's'.repeat(64), CLASSROOM_ADMIN_TOKEN: 'admin-token-0123456789',
    };

    it('is off without REDIS_URL (one process, as always)', () => {
      expect(loadConfig({}).cluster).toBeUndefined();
      expect(loadConfig({ REDIS_URL: '' }).cluster).toBeUndefined();
    });

    it('names the node, its public URL and its WebRTC address', () => {
      const config = loadConfig({ ...cluster, PUBLIC_URL: 'https://node2.school.example', PORT: '3002', RTC_PORT: '45000', NODE_ID: 'node-2' });
      expect(config.cluster).toEqual({
        redisUrl: 'redis://redis.internal:6379', nodeId: 'node-2', publicUrl: 'https://node2.school.example',
        rtc: { address: 'node2.school.example', port: 45000 }, origin: true, leaseTtlMs: 6000, renewEveryMs: 2000,
      });
      expect(loadConfig({ ...cluster, CLUSTER_ORIGIN: 'false' }).cluster).toMatchObject({ origin: false });
      expect(loadConfig({ ...cluster, PORT: '3001' }).cluster!.nodeId).toMatch(/-3001$/);
      expect(loadConfig({ ...cluster, CLUSTER_LEASE_SECONDS: '3' }).cluster).toMatchObject({ leaseTtlMs: 3000, renewEveryMs: 1000 });
    });

    it('refuses what would break links across nodes, with a message per value', () => {
      expect(() => loadConfig({ REDIS_URL: 'http://redis:6379' })).toThrow(/REDIS_URL: a redis:\/\/ or rediss:\/\/ URL/);
      expect(() => loadConfig({ REDIS_URL: 'redis://redis:6379' }))
        .toThrow(/TOKEN_SECRET: required with REDIS_URL[\s\S]*CLASSROOM_ADMIN_TOKEN: required with REDIS_URL/);
      expect(() => loadConfig({ ...cluster, TOKEN_SECRET: 'short' })).toThrow(/TOKEN_SECRET: must be at least 32/);
      expect(() => loadConfig({ ...cluster, NODE_ID: 'node 1' })).toThrow(/NODE_ID: letters, digits/);
      expect(() => loadConfig({ ...cluster, PORT: '0' })).toThrow(/PUBLIC_URL: required with REDIS_URL when PORT is 0/);
      expect(() => loadConfig({ ...cluster, CLUSTER_LEASE_SECONDS: '0.5' })).toThrow(/CLUSTER_LEASE_SECONDS/);
    });
  });
});
