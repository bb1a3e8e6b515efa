import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type {
  ClientToServerEvents, CommandName, CommandRequest, CommandResponses, CreatedLesson, ServerToClientEvents, Ack,
} from '@classroom/shared';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createApplication, type Application } from '../src/server.ts';
import { freePort } from './ports.ts';
import { sharedPostgres } from './postgres.ts';

export { freePort };

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  app: Application;
  url: string;
  dataDir: string;
  createLesson(classrooms?: string[]): Promise<CreatedLesson>;
  stop(): Promise<void>;
}

/**
 * Every test client connects from 127.0.0.1, dozens a second: far more handshakes than one real
 * address makes (the limit's own tests set it low).
 */
const TEST_HANDSHAKE_RATE_LIMIT = '1000000';

/** The admin token of every test server (in this process or a child). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/** As DATABASE_URL: a fresh database of the test file's own PostgreSQL server (test/postgres.ts). */
export const TEST_POSTGRES = 'test:postgres';

/**
 * A real server on port 0 with one real mediasoup worker and a fresh data directory. Its records
 * are in SQLite there, or in PostgreSQL with DATABASE_URL=TEST_POSTGRES, or for every server of
 * the run with TEST_DATABASE=postgres.
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'classroom-test-'));
  const postgres = env.DATABASE_URL === TEST_POSTGRES || (process.env.TEST_DATABASE === 'postgres' && env.DATABASE_URL === undefined);
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MEDIASOUP_WORKERS: '1', RTC_PORT: '0',
    CLASSROOM_ADMIN_TOKEN: TEST_ADMIN_TOKEN, HANDSHAKE_RATE_LIMIT: TEST_HANDSHAKE_RATE_LIMIT,
    // An ffmpeg per published source would weigh on every test: the recording tests turn it on.
    RECORDING: 'false',
    ...env, ...(postgres ? { DATABASE_URL: await (await sharedPostgres()).createDatabase() } : {}),
  });
  const app = await createApplication(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  const url = app.url;
  return {
    app,
    url,
    dataDir,
    async createLesson(classrooms = ['Room A', 'Room B']) {
      const res = await fetch(`${url}/api/lessons`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Test lesson', classrooms: classrooms.map((name) => ({ name })) }),
      });
      if (res.status !== 201) throw new Error(`createLesson: ${res.status} ${await res.text()}`);
      return (await res.json()) as CreatedLesson;
    },
    async stop() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}

/**
 * Connects a real Socket.IO client; resolves once connected, rejects with the refusal. `lessonId`:
 * the lesson a permanent link joins.
 */
export function join(url: string, token: string | undefined, lessonId?: string): Promise<TestSocket> {
  const auth = { ...(token === undefined ? {} : { token }), ...(lessonId === undefined ? {} : { lessonId }) };
  const socket: TestSocket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(Object.assign(error, { data: (error as { data?: unknown }).data }));
    });
  });
}

/**
 * A client as the web app's: its session can be recovered after a drop (Socket.IO connection
 * state recovery). `reconnect`: it reconnects by itself after a drop, as the web app does.
 */
export function joinRecoverable(url: string, link: string, reconnect: boolean): Promise<TestSocket> {
  const socket: TestSocket = connect(url, { auth: { token: tokenOf(link) }, transports: ['websocket'], forceNew: true, reconnection: reconnect, reconnectionDelay: 50 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Sends a command and returns its raw answer. */
export function send<K extends CommandName>(socket: TestSocket, name: K, payload: CommandRequest<K>): Promise<Ack<CommandResponses[K]>> {
  const timed = socket.timeout(5000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Ack<CommandResponses[K]>> };
  return timed.emitWithAck(name, payload);
}

/** Sends anything at all (for malformed input): event name and arguments as given. */
export function sendRaw(socket: TestSocket, event: string, ...args: unknown[]): Promise<unknown> {
  const timed = socket.timeout(5000) as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  return timed.emitWithAck(event, ...args);
}

export async function ok<K extends CommandName>(socket: TestSocket, name: K, payload: CommandRequest<K>): Promise<CommandResponses[K]> {
  const answer = await send(socket, name, payload);
  if (!answer.ok) throw new Error(`${name} failed: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

type EventPayload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** The next event of that name (that matches, if a predicate is given). */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket, event: E, matches: (payload: EventPayload<E>) => boolean = () => true, timeoutMs = 5000,
): Promise<EventPayload<E>> {
  const loose = socket as unknown as { on(e: string, l: (p: unknown) => void): void; off(e: string, l: (p: unknown) => void): void };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { loose.off(event, listener); reject(new Error(`no ${event} within ${timeoutMs} ms`)); }, timeoutMs);
    const listener = (payload: unknown): void => {
      if (!matches(payload as EventPayload<E>)) return;
      clearTimeout(timer);
      loose.off(event, listener);
      resolve(payload as EventPayload<E>);
    };
    loose.on(event, listener);
  });
}

/** RTP parameters a browser would send for a VP8 camera / Opus microphone (enough for mediasoup). */
export const VP8_PARAMETERS = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'ccm', parameter: 'fir' }] }],
  headerExtensions: [],
  encodings: [{ ssrc: 11111111 }],
  rtcp: { cname: 'teacher' },
};
export const OPUS_PARAMETERS = {
  mid: '1',
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
  headerExtensions: [],
  encodings: [{ ssrc: 22222222 }],
  rtcp: { cname: 'teacher' },
};
export const FAKE_DTLS = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: 'AB:'.repeat(31) + 'AB' }] };

/** The teacher goes live and publishes a camera and a microphone (no packets needed). */
export async function publishTeacher(teacher: TestSocket): Promise<{ camera: string; microphone: string; transportId: string }> {
  await ok(teacher, 'lesson:goLive', {});
  const transport = await ok(teacher, 'media:createTransport', { direction: 'send' });
  await ok(teacher, 'media:connectTransport', { transportId: transport.id, dtlsParameters: FAKE_DTLS });
  const camera = await ok(teacher, 'media:produce', { transportId: transport.id, kind: 'video', source: 'camera', rtpParameters: VP8_PARAMETERS });
  const microphone = await ok(teacher, 'media:produce', { transportId: transport.id, kind: 'audio', source: 'microphone', rtpParameters: OPUS_PARAMETERS });
  return { camera: camera.producerId, microphone: microphone.producerId, transportId: transport.id };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The real server as its own process (`signaling/src/main.ts`), to be killed like a real one;
 * stdout and stderr are pipes, as under a service manager. `env` adds or (undefined) removes settings.
 */
export async function spawnServer(
  dataDir: string, env: Record<string, string | undefined> = {}, port?: number,
): Promise<{ url: string; child: ChildProcess; logs: string[] }> {
  port ??= await freePort();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', joinPath(import.meta.dirname, '../src/main.ts')], {
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, MEDIASOUP_WORKERS: '1', RTC_PORT: '0',
      CLASSROOM_ADMIN_TOKEN: TEST_ADMIN_TOKEN, HANDSHAKE_RATE_LIMIT: TEST_HANDSHAKE_RATE_LIMIT, LOG_LEVEL: 'info', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const collect = (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('\n')}`)), 20_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${logs.join('\n')}`)); });
    const poll = setInterval(() => {
      if (!logs.some((l) => l.includes('Live classroom is running'))) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve();
    }, 50);
  });
  return { url: `http://127.0.0.1:${port}`, child, logs };
}

/**
 * One real server for a whole test file (`env` may be made once other parts are up, e.g. a
 * Redis); connections made through `connect` are closed after each test, and the next test starts once every lesson was released (nothing leaks between tests).
 */
export function useTestServer(env: Record<string, string> | (() => Promise<Record<string, string>>) = {}) {
  let current: TestServer | undefined;
  const open: TestSocket[] = [];
  beforeAll(async () => { current = await startServer(typeof env === 'function' ? await env() : env); });
  afterAll(async () => { await current?.stop(); });
  afterEach(async () => {
    for (const socket of open.splice(0)) socket.close();
    await waitFor(() => current!.app.registry.liveLessons().length === 0);
  });
  return {
    get server(): TestServer {
      return current!;
    },
    /** `lessonId`: the lesson a permanent link joins. */
    async connect(link: string, lessonId?: string): Promise<TestSocket> {
      const socket = await join(current!.url, tokenOf(link), lessonId);
      open.push(socket);
      return socket;
    },
    /** A new lesson with the teacher, and for each classroom its projector and assistant, connected. */
    async classOf(names: string[]) {
      const lesson = await current!.createLesson(names);
      const teacher = await this.connect(lesson.teacherUrl);
      const rooms = [];
      for (const c of lesson.classrooms) {
        rooms.push({ id: c.id, projector: await this.connect(c.projectorUrl), assistant: await this.connect(c.assistantUrl) });
      }
      return { lesson, teacher, rooms };
    },
  };
}
