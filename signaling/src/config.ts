import { availableParallelism, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { MAX_LESSON_QUESTIONS } from '@classroom/shared';
import type { DatabaseTarget } from './db/Database.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);
/** compose passes an unset variable on as "": that is unset too. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

// Every setting comes from the environment, with a default that works on a laptop.
const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** How classrooms reach this server; the invitation links are built from it. */
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * The records (lessons, attendance, quizzes, messages) in PostgreSQL, shared by several
   * servers; unset: in SQLite in DATA_DIR, which needs nothing else.
   */
  DATABASE_URL: optional(z.string().refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v),
    'must be a postgres:// or postgresql:// URL, e.g. postgres://classroom:secret@db.example:5432/classroom (unset: SQLite in DATA_DIR)')),
  CLASSROOM_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Bearer token of GET /metrics (a Prometheus scraper's); unset: the admin token. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TOKEN_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(24 * 7),
  /**
   * How long a permanent link (a classroom's projector and assistant, a teacher's) lasts: it is
   * printed, taped to the wall, opened on a kiosk, so a school year and then some. Withdrawing
   * one (the admin page) is what ends it early.
   */
  STANDING_LINK_TTL_DAYS: z.coerce.number().positive().max(3650).default(400),
  /** The time zone of new schools and of the admin's week view (an IANA name). */
  TIME_ZONE: z.string().default('Asia/Shanghai').refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone, e.g. Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  RTC_LISTEN_IP: z.ipv4().or(z.ipv6()).optional(),
  RTC_ANNOUNCED_ADDRESS: z.string().min(1).optional(),
  RTC_PORT: port.default(44444),
  RTC_ENABLE_UDP: bool.default(true),
  RTC_ENABLE_TCP: bool.default(true),
  /** JSON array of RTCIceServer objects handed to browsers (TURN for networks that block UDP). */
  ICE_SERVERS: z.string().optional(),
  ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  /** Comma-separated turn:/turns: URLs of a relay whose passwords this server signs with TURN_SECRET. */
  TURN_URLS: optional(z.string().transform((v) => v.split(',').map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^turns?:[^\s?]+(\?transport=(udp|tcp))?$/, 'turn: or turns: URLs, comma-separated')).min(1))),
  /**
   * The relay's static-auth-secret. Every participant sees passwords signed with it, so it must
   * be long enough not to be guessed offline from one (`openssl rand -hex 32`).
   */
  TURN_SECRET: optional(z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)')
    .regex(/^[A-Za-z0-9+/=_.~-]+$/, 'letters, digits and + / = _ . ~ - only (it goes into turnserver.conf)')),
  /**
   * How long a relay password opens new allocations. A browser allocates right after it gets one
   * (its first media) and again only on an ICE restart, which brings a fresh password; an
   * allocation, once open, outlives its password. Hours leave room for a slow start.
   */
  TURN_CREDENTIAL_TTL_HOURS: z.coerce.number().positive().max(48).default(4),
  /** Comma-separated extra origins allowed to call the API and open sockets (PUBLIC_URL's always is). */
  ALLOWED_ORIGINS: z.string().optional(),
  /** PEM files: serve HTTPS (browsers give camera and microphone only to secure pages off localhost). */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  /**
   * Commands one invitation link may send per second, over all its connections (bursts of twice
   * that are absorbed): opening more connections buys no more.
   */
  SOCKET_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(40),
  /**
   * Socket handshakes per minute from one client address, all at once if need be: a whole school
   * behind one NAT (20 classrooms × 3 devices) reconnecting after a network blip needs ~60.
   */
  HANDSHAKE_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** Connections one classroom's assistant link may hold at once (a phone and a laptop…). */
  MAX_ASSISTANTS_PER_CLASSROOM: z.coerce.number().int().min(1).max(100).default(3),
  /**
   * Questions one lesson may hold: the teacher's console holds them all, and a reorder names them
   * all in one message.
   */
  MAX_QUESTIONS_PER_LESSON: z.coerce.number().int().min(1).max(MAX_LESSON_QUESTIONS).default(200),
  /** Messages one lesson may store: what a link can make the server write down stays bounded. */
  MAX_MESSAGES_PER_LESSON: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  /** Admin API requests per minute and client address. */
  ADMIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Consumers one router carries before a lesson's receivers overflow to another worker. */
  CONSUMERS_PER_ROUTER: z.coerce.number().int().min(1).max(100_000).default(300),
  /**
   * Plain RTP transports for devices without WebRTC (a studio encoder, a hardware decoder), and
   * for the fan-out benchmark. Off by default: media then goes only where the client's own
   * socket connection comes from.
   */
  PLAIN_RTP: bool.default(false),
  /**
   * Record live lessons (issue #18: each lesson may still turn it off) into DATA_DIR/recordings,
   * with FFMPEG_PATH copying the media as it comes (no transcoding).
   */
  RECORDING: bool.default(true),
  FFMPEG_PATH: z.string().min(1).default('/usr/bin/ffmpeg'),
  /** Reads each finished segment's duration for the replay library (Debian's ffmpeg package has it). */
  FFPROBE_PATH: z.string().min(1).default('/usr/bin/ffprobe'),
  /** Recordings older than this are deleted (the admin may change it on the admin page). */
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** At most this much disk for the recordings, the oldest lessons deleted first (unset: no quota; the admin may set one). */
  RECORDING_QUOTA_GB: optional(z.coerce.number().positive().max(1_000_000)),
  /**
   * Recording stops (the lesson goes on) when the recordings' disk has less free than this: what
   * is left is for the database, the logs and the files' own ends.
   */
  RECORDING_MIN_FREE_MB: z.coerce.number().min(1).max(1_000_000).default(1024),
  /** Key frame requests from joining classrooms within this window reach the teacher as one. */
  KEY_FRAME_REQUEST_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(0),
  /** How many classrooms may be on stage at once. */
  MAX_ON_STAGE: z.coerce.number().int().min(1).max(16).default(1),
  /** A started lesson whose teacher has been away this long ends by itself (0: never). */
  TEACHER_AWAY_END_MINUTES: z.coerce.number().min(0).max(24 * 60).default(30),
  /**
   * The district view: a classroom that first joins more than this after its lesson's start is
   * late, one that leaves for good more than this before the end left early.
   */
  DASHBOARD_LATE_MINUTES: z.coerce.number().min(0).max(120).default(5),
  /** How long a disconnected classroom keeps its place in the hand queue. */
  HAND_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  /**
   * Longest a client's media keeps flowing after its signalling connection dropped for a network
   * reason, while its media link still works (0: closed at once). A link this bad can stay bad.
   */
  MEDIA_RESUME_SECONDS: z.coerce.number().min(0).max(3600).default(600),
  /** How long kept media outlives its own link (ICE consent lost, i.e. ~30 s without the browser). */
  MEDIA_LINK_LOST_SECONDS: z.coerce.number().min(0).max(600).default(15),
  /** Cluster mode: the Redis that nodes share (lesson leases, node registry, Socket.IO adapter). Unset: one process. */
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: 'a redis:// or rediss:// URL' })),
  /** This node's name in the cluster, unique among live nodes (default: host name and port). */
  NODE_ID: optional(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits and . _ - only, at most 64')),
  /**
   * Signs the invitation links. Every node of a cluster must have the same (otherwise a link made
   * on one is refused by the others); unset: a key made once and kept in DATA_DIR.
   */
  TOKEN_SECRET: optional(z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)')),
  /**
   * How long a node's lesson leases and its registry entry outlive it: a killed node's lessons
   * move to another node after this. Renewed every third of it.
   */
  CLUSTER_LEASE_SECONDS: z.coerce.number().min(1).max(60).default(6),
  /**
   * Whether lessons may run on this node (their origin). `false` for a county node near the
   * schools: it serves classrooms as an edge of lessons run elsewhere, never a lesson itself.
   */
  CLUSTER_ORIGIN: bool.default(true),
});

const iceServersSchema = z.array(z.object({
  urls: z.union([z.string(), z.array(z.string()).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
}));

export type Config = ReturnType<typeof loadConfig>;

/** Reads and checks the configuration; throws one message listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let iceServers: z.infer<typeof iceServersSchema> = [];
  if (e.ICE_SERVERS) {
    let raw: unknown;
    try { raw = JSON.parse(e.ICE_SERVERS); } catch { throw new Error('Invalid configuration:\n  ICE_SERVERS: must be JSON'); }
    const servers = iceServersSchema.safeParse(raw);
    if (!servers.success) throw new Error('Invalid configuration:\n  ICE_SERVERS: must be a JSON array of {urls, username?, credential?}');
    iceServers = servers.data;
  }
  if (Boolean(e.TURN_URLS) !== Boolean(e.TURN_SECRET)) {
    throw new Error('Invalid configuration:\n  TURN_URLS, TURN_SECRET: give both or neither');
  }
  // Relay-only with no relay named: every browser's ICE would fail, with no message saying why.
  const relayNamed = Boolean(e.TURN_URLS) || iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/.test(url)));
  if (e.ICE_TRANSPORT_POLICY === 'relay' && !relayNamed) {
    throw new Error('Invalid configuration:\n  ICE_TRANSPORT_POLICY: relay needs a TURN relay (TURN_URLS + TURN_SECRET, or a turn: URL in ICE_SERVERS)');
  }
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    throw new Error('Invalid configuration:\n  TLS_CERT_FILE, TLS_KEY_FILE: give both or neither');
  }
  const scheme = e.TLS_CERT_FILE ? 'https' : 'http';
  const publicUrl = (e.PUBLIC_URL ?? `${scheme}://localhost:${e.PORT}`).replace(/\/+$/, '');
  const publicHost = new URL(publicUrl).hostname;
  const local = publicHost === 'localhost' || publicHost.startsWith('127.');
  // Without a public address, WebRTC stays on loopback: it works on this machine out of the box
  // and exposes nothing. Set PUBLIC_URL (or RTC_ANNOUNCED_ADDRESS) to serve a school network.
  const listenIp = e.RTC_LISTEN_IP ?? (local ? '127.0.0.1' : '0.0.0.0');
  const announcedAddress = e.RTC_ANNOUNCED_ADDRESS ?? (local ? undefined : publicHost);
  if (listenIp === '0.0.0.0' && !announcedAddress) {
    throw new Error('Invalid configuration:\n  RTC_ANNOUNCED_ADDRESS: required when RTC_LISTEN_IP is 0.0.0.0');
  }
  if (!e.RTC_ENABLE_UDP && !e.RTC_ENABLE_TCP) {
    throw new Error('Invalid configuration:\n  RTC_ENABLE_UDP, RTC_ENABLE_TCP: at least one must be true');
  }
  const database: DatabaseTarget = e.DATABASE_URL
    ? { kind: 'postgres', url: e.DATABASE_URL }
    : { kind: 'sqlite', file: join(resolve(e.DATA_DIR), 'classroom.sqlite') };
  const cluster = clusterConfig(e, publicUrl, announcedAddress ?? listenIp);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir: resolve(e.DATA_DIR),
    database,
    adminToken: e.CLASSROOM_ADMIN_TOKEN,
    tokenSecret: e.TOKEN_SECRET,
    metricsToken: e.METRICS_TOKEN,
    tokenTtlSeconds: Math.round(e.TOKEN_TTL_HOURS * 3600),
    standingLinkTtlSeconds: Math.round(e.STANDING_LINK_TTL_DAYS * 86_400),
    timeZone: e.TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    tls: e.TLS_CERT_FILE ? { certFile: resolve(e.TLS_CERT_FILE), keyFile: resolve(e.TLS_KEY_FILE!) } : undefined,
    allowedOrigins: allowedOrigins(publicUrl, e.PORT, e.ALLOWED_ORIGINS),
    limits: {
      socketCommandsPerSecond: e.SOCKET_RATE_LIMIT,
      adminRequestsPerMinute: e.ADMIN_RATE_LIMIT,
      handshakesPerMinute: e.HANDSHAKE_RATE_LIMIT,
      assistantsPerClassroom: e.MAX_ASSISTANTS_PER_CLASSROOM,
      questionsPerLesson: e.MAX_QUESTIONS_PER_LESSON,
      messagesPerLesson: e.MAX_MESSAGES_PER_LESSON,
    },
    classroom: { maxOnStage: e.MAX_ON_STAGE, handGraceMs: Math.round(e.HAND_GRACE_SECONDS * 1000) },
    teacherAwayEndMs: Math.round(e.TEACHER_AWAY_END_MINUTES * 60_000),
    dashboard: { lateMs: Math.round(e.DASHBOARD_LATE_MINUTES * 60_000), timeZone: e.TIME_ZONE },
    media: {
      numWorkers: e.MEDIASOUP_WORKERS,
      listenIp,
      announcedAddress,
      rtcPort: e.RTC_PORT,
      enableUdp: e.RTC_ENABLE_UDP,
      enableTcp: e.RTC_ENABLE_TCP,
      iceServers,
      turn: e.TURN_URLS && e.TURN_SECRET
        ? { urls: e.TURN_URLS, secret: e.TURN_SECRET, ttlSeconds: Math.round(e.TURN_CREDENTIAL_TTL_HOURS * 3600) }
        : undefined,
      iceTransportPolicy: e.ICE_TRANSPORT_POLICY,
      consumersPerRouter: e.CONSUMERS_PER_ROUTER,
      plainRtp: e.PLAIN_RTP,
      keyFrameRequestDelayMs: e.KEY_FRAME_REQUEST_DELAY_MS,
      keptMedia: { maxMs: Math.round(e.MEDIA_RESUME_SECONDS * 1000), linkLostMs: Math.round(e.MEDIA_LINK_LOST_SECONDS * 1000) },
    },
    /** Debian's ffmpeg: records lessons and sends the network check's probe stream. */
    ffmpegPath: e.FFMPEG_PATH,
    recording: e.RECORDING ? { ffmpeg: e.FFMPEG_PATH } : undefined,
    library: {
      dir: join(resolve(e.DATA_DIR), 'recordings'),
      ffprobe: e.FFPROBE_PATH,
      retentionDays: e.RECORDING_RETENTION_DAYS,
      quotaBytes: e.RECORDING_QUOTA_GB === undefined ? null : Math.round(e.RECORDING_QUOTA_GB * 1024 ** 3),
      minFreeBytes: Math.round(e.RECORDING_MIN_FREE_MB * 1024 ** 2),
    },
    cluster,
  };
}

export type ClusterConfig = NonNullable<Config['cluster']>;

/**
 * Cluster mode (REDIS_URL set): what the other nodes must know of this one. Links made on one
 * node open on any, so the signing key and the admin token must be the same everywhere, and the
 * public URL must be this node's own (a client is sent there).
 */
function clusterConfig(e: z.infer<typeof envSchema>, publicUrl: string, rtcAddress: string) {
  if (!e.REDIS_URL) return undefined;
  const missing = (['TOKEN_SECRET', 'CLASSROOM_ADMIN_TOKEN'] as const).filter((name) => !e[name]);
  if (missing.length > 0) {
    throw new Error(`Invalid configuration:\n${missing.map((name) => `  ${name}: required with REDIS_URL (the same on every node)`).join('\n')}`);
  }
  if (e.PORT === 0 && !e.PUBLIC_URL) {
    throw new Error('Invalid configuration:\n  PUBLIC_URL: required with REDIS_URL when PORT is 0 (other nodes send clients to it)');
  }
  const leaseTtlMs = Math.round(e.CLUSTER_LEASE_SECONDS * 1000);
  return {
    redisUrl: e.REDIS_URL,
    nodeId: e.NODE_ID ?? `${hostname()}-${e.PORT}`,
    publicUrl,
    rtc: { address: rtcAddress, port: e.RTC_PORT },
    origin: e.CLUSTER_ORIGIN,
    leaseTtlMs,
    renewEveryMs: Math.round(leaseTtlMs / 3),
  };
}

/**
 * Origins whose pages may use the server: its public URL, this machine by name and loopback
 * (a teacher testing locally), and any listed. Anything else is refused at the API and socket.
 */
function allowedOrigins(publicUrl: string, port: number, extra: string | undefined): string[] {
  const origins = new Set([new URL(publicUrl).origin]);
  for (const scheme of ['http', 'https']) {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) origins.add(`${scheme}://${host}:${port}`);
  }
  for (const item of extra?.split(',') ?? []) {
    const trimmed = item.trim();
    if (!trimmed) continue;
    try {
      origins.add(new URL(trimmed).origin);
    } catch {
      throw new Error(`Invalid configuration:\n  ALLOWED_ORIGINS: "${trimmed}" is not a URL`);
    }
  }
  return [...origins];
}
