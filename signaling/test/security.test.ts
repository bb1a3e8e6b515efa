import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { io as connectRaw } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, nextEvent, ok, send, spawnServer, startServer, tokenOf, type TestServer, type TestSocket } from './harness.ts';

let server: TestServer;
const open: TestSocket[] = [];
beforeAll(async () => { server = await startServer({ ALLOWED_ORIGINS: 'https://school.example' }); });
afterAll(async () => {
  for (const s of open) s.close();
  await server.stop();
});

describe('origin checks', () => {
  it('refuses API calls from pages of other sites, and accepts its own', async () => {
    const post = (origin: string) => fetch(`${server.url}/api/lessons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.app.adminToken}`, 'content-type': 'application/json', origin },
      body: JSON.stringify({ title: 'x', classrooms: [{ name: 'a' }] }),
    });
    const evil = await post('http://evil.example');
    expect(evil.status).toBe(403);
    expect(await evil.text()).toContain('ALLOWED_ORIGINS');
    expect((await post('https://school.example')).status).toBe(201);
    // A page served by this server (same host) is always allowed.
    expect((await post(new URL(server.url).origin)).status).toBe(201);
  });

  it('refuses a socket handshake from another site', async () => {
    const lesson = await server.createLesson(['Hill']);
    const socket = connectRaw(server.url, {
      auth: { token: tokenOf(lesson.teacherUrl) }, transports: ['websocket'], reconnection: false, forceNew: true,
      extraHeaders: { origin: 'http://evil.example' },
    });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(error.message).toMatch(/websocket error|xhr|Unexpected|error/i);
    // The same token from the server's own origin is welcome: it was the origin that was refused.
    const own = connectRaw(server.url, {
      auth: { token: tokenOf(lesson.teacherUrl) }, transports: ['websocket'], reconnection: false, forceNew: true,
      extraHeaders: { origin: new URL(server.url).origin },
    });
    await new Promise<void>((resolve, reject) => { own.once('connect', resolve); own.once('connect_error', reject); });
    own.close();
  });
});

describe('limits', () => {
  it('answers a flooding connection with rate_limited, and serves it again once it slows down', async () => {
    const lesson = await server.createLesson(['Hill']);
    const projector = await join(server.url, tokenOf(lesson.classrooms[0]!.projectorUrl));
    open.push(projector);
    const answers = await Promise.all(Array.from({ length: 200 }, () => send(projector, 'lesson:sync', {})));
    const limited = answers.filter((a) => !a.ok && a.error.code === 'rate_limited').length;
    expect(limited).toBeGreaterThan(50);
    expect(answers.filter((a) => a.ok).length).toBeGreaterThan(10);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await send(projector, 'lesson:sync', {})).ok).toBe(true);
  });

  it('limits the admin API per client address', async () => {
    const limited = await startServer({ ADMIN_RATE_LIMIT: '5' });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await fetch(`${limited.url}/api/lessons/nosuchlesson0000`, { headers: { authorization: `Bearer ${limited.app.adminToken}` } })).status);
      }
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    } finally {
      await limited.stop();
    }
  });
});

describe('one live connection per teacher and per projector', () => {
  it('lets the newest connection take over and tells the older one why', async () => {
    const lesson = await server.createLesson(['Hill']);
    const first = await join(server.url, tokenOf(lesson.teacherUrl));
    const told = nextEvent(first, 'session:replaced');
    const gone = new Promise((r) => first.once('disconnect', r));
    const second = await join(server.url, tokenOf(lesson.teacherUrl));
    open.push(first, second);
    await told;
    await gone;
    expect((await ok(second, 'lesson:sync', {})).teacherConnected).toBe(true);
    // Assistants may be several (a phone and a laptop): nobody is replaced.
    const phone = await join(server.url, tokenOf(lesson.classrooms[0]!.assistantUrl));
    const laptop = await join(server.url, tokenOf(lesson.classrooms[0]!.assistantUrl));
    open.push(phone, laptop);
    await new Promise((r) => setTimeout(r, 100));
    expect(phone.connected && laptop.connected).toBe(true);
  });
});

describe('secrets and TLS', () => {
  it('keeps the token secret in the data directory, readable by the service only', () => {
    expect(statSync(joinPath(server.dataDir, 'token-secret')).mode & 0o777).toBe(0o600);
    expect(statSync(server.dataDir).mode & 0o777).toBe(0o700);
  });

  it.each([
    ['made by the server', {}],
    ['given by CLASSROOM_ADMIN_TOKEN', { CLASSROOM_ADMIN_TOKEN: 'operator-admin-token-0123456789' }],
  ])('keeps the admin key (%s) out of its output when that is a log, and says where it is', async (_case, env: Record<string, string>) => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'classroom-banner-'));
    const { child, logs } = await spawnServer(dataDir, { CLASSROOM_ADMIN_TOKEN: undefined, ...env });
    try {
      const adminToken = env.CLASSROOM_ADMIN_TOKEN ?? readFileSync(joinPath(dataDir, 'admin-token'), 'utf8').trim();
      const output = logs.join('\n');
      expect(output).toContain('Live classroom is running');
      expect(output).not.toContain(adminToken);
      expect(output).toContain(env.CLASSROOM_ADMIN_TOKEN ? 'CLASSROOM_ADMIN_TOKEN' : joinPath(dataDir, 'admin-token'));
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serves HTTPS with a LAN certificate made by `npm run cert`', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'classroom-tls-'));
    try {
      execFileSync(process.execPath, [joinPath(import.meta.dirname, '../../scripts/make-lan-cert.mjs'), '127.0.0.1'], { env: { ...process.env, TLS_DIR: dir }, stdio: 'ignore' });
      expect(statSync(joinPath(dir, 'key.pem')).mode & 0o777).toBe(0o600);
      const tls = await startServer({ TLS_CERT_FILE: joinPath(dir, 'cert.pem'), TLS_KEY_FILE: joinPath(dir, 'key.pem') });
      try {
        expect(tls.url).toMatch(/^https:/);
        const body = await new Promise<string>((resolve, reject) => {
          get(`${tls.url}/healthz`, { ca: readFileSync(joinPath(dir, 'cert.pem')) }, (res) => {
            let text = '';
            res.on('data', (c: Buffer) => { text += c.toString(); });
            res.on('end', () => resolve(text));
          }).on('error', reject);
        });
        expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
      } finally {
        await tls.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the web app', () => {
  it('is built with source maps, which are not served and not pointed to', async () => {
    const maps = readdirSync(joinPath(import.meta.dirname, '../../web/dist/assets')).filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const refused = await fetch(`${server.url}/assets/${map}`);
      expect(refused.status, map).toBe(404);
      expect(await refused.text()).not.toContain('sourcesContent');
      const asset = await fetch(`${server.url}/assets/${map.replace(/\.map$/, '')}`);
      expect(asset.status, map).toBe(200);
      expect(await asset.text()).not.toContain('sourceMappingURL');
    }
    // serve-static decodes the path: an encoded name is the same file.
    expect((await fetch(`${server.url}/assets/${maps[0]!.replace(/\.map$/, '%2Emap')}`)).status).toBe(404);
  });
});
