import { accessSync, constants as fsConstants, readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MediaCounters, mediasoupVersion, resolveWorkerBin, WorkerPool, type TransportSettings } from '@classroom/sfu';
import { loadOrCreateSecret } from './auth/secrets.ts';
import { FileUrlSigner } from './auth/fileUrls.ts';
import { TokenService } from './auth/tokens.ts';
import { Cluster } from './cluster/Cluster.ts';
import { EdgeLessons } from './cluster/edge/EdgeLessons.ts';
import { MediaCascade } from './cluster/MediaCascade.ts';
import { isEdgeAction, isEdgeJoin } from './cluster/edge/protocol.ts';
import { RemoteClassrooms } from './cluster/edge/RemoteClassrooms.ts';
import type { Config } from './config.ts';
import { createStores, openDatabase, type LessonStores } from './db/Database.ts';
import type { LessonStore } from './db/LessonStore.ts';
import { describePostgres } from './db/postgres.ts';
import type { SqlDatabase } from './db/SqlDatabase.ts';
import { interactionCommands } from './features/interaction.ts';
import { lessonCommands } from './features/lesson.ts';
import { mediaCommands } from './features/media.ts';
import { messageCommands } from './features/messages.ts';
import { quizCommands } from './features/quiz.ts';
import { wallCommands } from './features/wall.ts';
import { createHttpApp } from './http/createHttpApp.ts';
import { NetworkChecks } from './networkCheck/NetworkChecks.ts';
import { actionsAtOwner, doAction } from './lessons/LessonActions.ts';
import type { Lesson } from './lessons/Lesson.ts';
import { LessonRegistry } from './lessons/LessonRegistry.ts';
import { startTeacherAwayRule } from './lessons/teacherAway.ts';
import { DistrictStatsWriter } from './district/DistrictStatsWriter.ts';
import { standingClaims } from './timetable/standingClaims.ts';
import { createLogger, type Logger } from './logger.ts';
import { RecordingLibrary } from './recording/RecordingLibrary.ts';
import { Recordings } from './recording/Recordings.ts';
import { createMetrics } from './metrics.ts';
import { wireBroadcasts } from './realtime/broadcasts.ts';
import { createRealtime, type ClassroomIo } from './realtime/createRealtime.ts';
import { createCommandLimiter } from './realtime/rateLimit.ts';
import { rooms } from './realtime/rooms.ts';
import { bindReplays } from './replay/replayRealtime.ts';
import type { AllHandlers } from './realtime/lessonDispatch.ts';
import { claimsOf } from './realtime/types.ts';

const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
const counters = new MediaCounters();

export interface Application {
  readonly httpServer: HttpServer;
  readonly io: ClassroomIo;
  readonly url: string;
  readonly adminToken: string;
  readonly adminTokenCreated: boolean;
  /** Where the admin token is kept, when the server made it (not given by CLASSROOM_ADMIN_TOKEN). */
  readonly adminTokenFile: string | undefined;
  readonly tokens: TokenService;
  readonly store: LessonStore;
  readonly stores: LessonStores;
  readonly registry: LessonRegistry;
  readonly pool: WorkerPool;
  readonly networkChecks: NetworkChecks;
  readonly log: Logger;
  /** Cluster mode (REDIS_URL): this node's leases and registry entry. */
  readonly cluster: Cluster | undefined;
  /** Cluster mode: the lessons whose classrooms this node serves as an edge. */
  readonly edge: EdgeLessons | undefined;
  /** The district view's aggregates, written as lessons end and swept for lessons not held. */
  readonly districtStats: DistrictStatsWriter;
  /** Tells clients, stops accepting, closes media and the database. Safe to call twice. */
  close(): Promise<void>;
}

/** Builds and starts the whole server (HTTP, Socket.IO, mediasoup workers, database). */
export async function createApplication(config: Config, log: Logger = createLogger(config.logLevel)): Promise<Application> {
  const workerBin = resolveWorkerBin();
  const tokenSecret = config.tokenSecret ?? loadOrCreateSecret(config.dataDir, 'token-secret').value;
  const generatedAdmin = config.adminToken ? undefined : loadOrCreateSecret(config.dataDir, 'admin-token', 24);
  const adminToken = config.adminToken ?? generatedAdmin!.value;

  let db: SqlDatabase | undefined;
  let pool: WorkerPool | undefined;
  let cluster: Cluster | undefined;
  let library: RecordingLibrary | undefined;
  try {
    // First: a node that cannot reach Redis says so before anything else starts.
    if (config.cluster) cluster = await Cluster.connect(config.cluster, log);
    db = await openDatabase(config.database, log);
    const openDb = db;
    // In a cluster, attendance rows name the node that opened them.
    const nodeId = config.cluster?.nodeId;
    const stores = createStores(openDb, config.limits, { nodeId });
    const store = stores.lessons;
    // Every token is checked against its lesson's current link generation (revocation).
    const tokens = new TokenService(tokenSecret, config.tokenTtlSeconds, (lessonId) => store.tokenVersion(lessonId), {
      ttlSeconds: config.standingLinkTtlSeconds,
      versionOf: (link) => (link.kind === 'teacher' ? stores.teachers.linkVersion(link.teacherId) : stores.schools.linkVersion(link.classroomId, link.role)),
      managerVersionOf: (districtId) => stores.districts.managerLinkVersion(districtId),
    });
    // In a cluster the records are shared: only this node's are closed, once it is known to be
    // the only live process with its NODE_ID (after joining, below).
    const closeLeftOpen = async (): Promise<void> => {
      const closedRows = await store.closeOpenAttendance();
      if (closedRows > 0) log.warn({ closedRows }, 'closed attendance left open by an earlier stop');
    };
    if (!config.cluster) await closeLeftOpen();

    const { media } = config;
    pool = await WorkerPool.create({
      workerBin, numWorkers: media.numWorkers, listenIp: media.listenIp, announcedAddress: media.announcedAddress,
      rtcPort: media.rtcPort, enableUdp: media.enableUdp, enableTcp: media.enableTcp, logLevel: 'warn',
    }, log.child({ component: 'sfu' }));

    // HTTPS with the operator's certificate (a school LAN needs it for cameras); plain HTTP otherwise.
    const httpServer: HttpServer = config.tls
      ? createHttpsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) })
      : createServer();
    let io: ClassroomIo | undefined;
    // In a cluster, pages served by any live node may open sockets on this one.
    const liveCluster = cluster;
    const allowedOrigins = liveCluster ? () => [...config.allowedOrigins, ...liveCluster.origins()] : () => config.allowedOrigins;
    const transport: TransportSettings = {
      enableUdp: media.enableUdp, enableTcp: media.enableTcp,
      initialOutgoingBitrate: 600_000, maxIncomingBitrate: 4_000_000, consumersPerRouter: media.consumersPerRouter,
      keyFrameRequestDelayMs: media.keyFrameRequestDelayMs,
      plainRtp: media.plainRtp ? { listenIp: media.listenIp, announcedAddress: media.announcedAddress } : undefined,
    };
    // Cluster mode: lesson media crosses to the nodes whose classrooms receive it (cluster/MediaCascade).
    const cascade = liveCluster && new MediaCascade({
      nodeId: liveCluster.nodeId, pool, settings: transport, log,
      request: (nodeId, body, timeoutMs) => liveCluster.ask(nodeId, body, timeoutMs),
      listen: { ip: media.listenIp, announcedAddress: media.announcedAddress },
    });
    // The replay library: also without recording here (another node records, or none does now).
    library = new RecordingLibrary(stores.recordings, { ...config.library, nodeId: nodeId ?? null }, log);
    await library.start();
    const liveLibrary = library;
    const recordings = recordingsIfPossible(config.recording, liveLibrary, log);
    const districtStats = new DistrictStatsWriter(stores, config.dashboard, log.child({ component: 'district' }));
    const onOpen = (lesson: Lesson): void => {
      wireBroadcasts(io!, lesson);
      // Closed after it ended: its attendance is closed, its aggregates can be written.
      lesson.once('closed', () => { if (lesson.phase === 'ended') void districtStats.lessonEnded(lesson.id); });
      if (recordings) recordings.follow(lesson);
      if (!cascade) return;
      cascade.serveLesson(lesson.id, lesson.media);
      // Unless the lesson was loaded here again meanwhile (its new media is served then).
      lesson.once('closed', () => { if (registry.get(lesson.id) === undefined) cascade.stopServing(lesson.id); });
    };
    const registry: LessonRegistry = new LessonRegistry(stores, config.classroom, pool, transport, log, onOpen, liveCluster && {
      tokenOf: (lessonId) => liveCluster.lease(lessonId)?.token,
      stores: (fence) => createStores(openDb, config.limits, { nodeId, fence }),
    });

    // In a cluster, what the admin does to a lesson is done by the node that runs it.
    const actions = liveCluster ? actionsAtOwner(registry, (lessonId, action, here) => liveCluster.atOwner(lessonId, action, here)) : registry;

    const handlers: AllHandlers = {
      lesson: { ...lessonCommands(() => liveCluster?.nodeUrls() ?? []), ...interactionCommands(), ...wallCommands(), ...messageCommands(), ...quizCommands() },
      media: mediaCommands(config),
    };
    // Cluster mode: classrooms of lessons run elsewhere are served here as their edge, and this
    // node serves the edges of the lessons it runs (cluster/edge).
    const edge = liveCluster && cascade && new EdgeLessons({
      toOwner: (ownerNodeId, lessonId, action) => liveCluster.request(ownerNodeId, { lessonId, action }),
      openMedia: (lessonId, ownerNodeId) => cascade.edgeMedia(lessonId, ownerNodeId),
      closeMedia: (lessonId) => cascade.closeEdge(lessonId),
      mediaHandlers: handlers.media, keptMedia: media.keptMedia, log,
    });
    const remotes = liveCluster && new RemoteClassrooms({
      registry, handlers: handlers.lesson, log,
      toEdge: (nodeId, request) => liveCluster.request(nodeId, { edge: request }),
      replace: (connectionId) => {
        io!.to(connectionId).emit('session:replaced', {});
        io!.in(connectionId).disconnectSockets(true);
      },
    });
    io = createRealtime(httpServer, {
      registry, tokens, handlers, log, allowedOrigins, limits: config.limits, keptMedia: media.keptMedia, edge,
      adapter: liveCluster?.adapter(), claimLesson: liveCluster && ((lessonId) => liveCluster.claim(lessonId)),
      refreshOrigins: liveCluster && (() => liveCluster.refreshOrigins()),
      standingClaims: (link, lessonId) => standingClaims(store, link, lessonId),
    });
    // Replays of recorded lessons on a classroom's projector, driven from it or its assistant.
    const replays = bindReplays(io, {
      stores, tokens, log, limit: createCommandLimiter(config.limits.socketCommandsPerSecond),
      opened: (lessonId) => void districtStats.replayOpened(lessonId),
    });
    const livePool = pool;
    const metrics = createMetrics({
      counters, pool, registry,
      socketRoles: function* () { for (const socket of io!.sockets.sockets.values()) yield claimsOf(socket)!.role; },
    });
    // Network checks of lasting classrooms reach the same RTC ports (and relay) as lessons do.
    const networkChecks = new NetworkChecks({
      pool, store: stores.networkChecks, log, clipDir: join(config.dataDir, 'probe-clip'), ffmpegPath: config.ffmpegPath,
      reach: {
        host: media.announcedAddress ?? media.listenIp, rtcPort: media.rtcPort, numWorkers: media.numWorkers,
        enableUdp: media.enableUdp, enableTcp: media.enableTcp, turn: media.turn,
      },
    });
    const app = createHttpApp({
      store, stores, library: liveLibrary, fileUrls: new FileUrlSigner(tokenSecret), networkChecks, registry, actions, tokens, adminToken, publicUrl: config.publicUrl, log, metrics, webDist: WEB_DIST,
      timeZone: config.timeZone, livePhase: (lessonId) => registry.get(lessonId)?.phase,
      // Across the cluster (the adapter reaches every node's sockets).
      standingRevoked: (link) => io!.in(rooms.standing(link)).disconnectSockets(true),
      metricsToken: config.metricsToken ?? adminToken,
      allowedOrigins, adminRequestsPerMinute: config.limits.adminRequestsPerMinute,
      socketOrigins: liveCluster && (() => liveCluster.origins()),
      health: () => {
        const workers = livePool.slots().filter((s) => !s.worker.closed).length;
        return { ok: workers > 0, details: { mediasoup: mediasoupVersion, workers, lessons: registry.liveLessons().length } };
      },
    });
    httpServer.on('request', app);
    const stopTeacherAwayRule = startTeacherAwayRule(
      registry, store, config.teacherAwayEndMs, log, liveCluster && {
        ifRunsHere: (lessonId, work) => liveCluster.ifRunsHere(lessonId, work),
        closeGoneAttendance: () => liveCluster.closeGoneAttendance(),
      },
    );

    // Joins before listening: a NODE_ID in use by another live node stops the start here.
    await cluster?.start({
      isLive: (lessonId) => registry.get(lessonId) !== undefined,
      liveLessons: () => registry.liveLessons().map((lesson) => lesson.id),
      stopLesson: (lessonId) => {
        // Its clients come back, to this node first, which sends them to the new owner.
        io!.local.in(rooms.lesson(lessonId)).disconnectSockets(true);
        remotes!.lessonStopped(lessonId);
        registry.evict(lessonId);
      },
      load: () => {
        const { workers, routers, transports, consumers } = counters.snapshot();
        return { connections: io!.engine.clientsCount, lessons: registry.liveLessons().length, workers, routers, transports, consumers };
      },
      serve: (lessonId, action, fromNodeId) => (isEdgeAction(action) ? remotes!.serve(lessonId, action, fromNodeId) : doAction(registry, lessonId, action)),
      serveEdge: (fromNodeId, request) => edge!.serve(fromNodeId, request),
      places: isEdgeJoin,
      nodesGone: (nodeIds) => {
        remotes!.nodesGone(nodeIds);
        edge!.nodesGone(nodeIds);
        for (const nodeId of nodeIds) cascade!.nodeGone(nodeId);
      },
      cascade: (fromNodeId, body) => cascade!.handle(fromNodeId, body),
      closeGoneAttendance: (liveNodeIds, lessonId) => store.closeAttendanceOfGoneNodes(liveNodeIds, lessonId),
    });
    if (cluster) await closeLeftOpen();
    await new Promise<void>((resolveListen, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolveListen());
    });
    const { port } = httpServer.address() as AddressInfo;
    districtStats.start();
    const url = `${config.tls ? 'https' : 'http'}://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
    const database = config.database.kind === 'postgres' ? describePostgres(config.database.url) : config.database.file;
    log.info({ url, database, workers: pool.size, mediasoup: mediasoupVersion, rtc: { listenIp: media.listenIp, announced: media.announcedAddress, port: media.rtcPort } }, 'classroom server listening');

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        stopTeacherAwayRule();
        networkChecks.close();
        io!.emit('server:shuttingDown', { reconnectAfterMs: 2000 });
        await new Promise<void>((r) => io!.close(() => r()));
        replays.close();
        edge?.close();
        cascade?.close();
        // The last attendance rows are written before the database closes.
        await registry.closeAll();
        // Their recorders end their files while the database still takes the timeline's last moment.
        await recordings?.idle();
        await liveLibrary.close();
        await districtStats.stop();
        // After the lessons closed: their clients' next node may take them over at once.
        await cluster?.close();
        livePool.close();
        await openDb.close();
        log.info({}, 'server stopped');
      })();
      return closing;
    };
    return {
      httpServer, io, url, adminToken, adminTokenCreated: generatedAdmin?.created ?? false, adminTokenFile: generatedAdmin?.file,
      tokens, store, stores, registry, pool, networkChecks, log, cluster, edge, districtStats, close,
    };
  } catch (error) {
    await library?.close();
    await cluster?.close();
    pool?.close();
    await db?.close();
    throw error;
  }
}

/** Recording, unless turned off or there is no ffmpeg to record with (said once, at start: the lessons go on). */
function recordingsIfPossible(settings: Config['recording'], library: RecordingLibrary, log: Logger): Recordings | undefined {
  if (!settings) return undefined;
  try {
    accessSync(settings.ffmpeg, fsConstants.X_OK);
  } catch {
    log.error({ ffmpeg: settings.ffmpeg }, 'lessons are NOT recorded: no ffmpeg there (install Debian\'s ffmpeg, set FFMPEG_PATH, or RECORDING=false)');
    return undefined;
  }
  return new Recordings({ ...settings, library });
}
