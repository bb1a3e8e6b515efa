import {
  NETWORK_LOSS_REASONS, type ErrorCode, type LessonPhase, type MediaCapabilities, type ProducerInfo, type Role, type TransportOptions,
} from '@classroom/shared';
import {
  addProducer, applySnapshot, clearRemoteTracks, removeProducer, setConnection, setFatal, setPhase,
  resetStore, setProducerPaused, setWallStill, setRefusal, setServerRestarting, setTeacherConnected, upsertClassroom, classroomStore,
  type FatalReason,
} from '../store/index.ts';
import { reportActionError } from './actionErrors.ts';
import { wireInteractionEvents } from './interactionEvents.ts';
import { releaseLocalMedia } from './localMedia.ts';
import { MediaSession } from './media.ts';
import { prepareDevice } from './mediaDevice.ts';
import { Publisher, stopScreenTrack } from './publisher.ts';
import { wireQuizEvents } from './quizEvents.ts';
import { Receiver } from './receiver.ts';
import { handshakeErrorCode } from './handshake.ts';
import { ServerRoute } from './serverRoute.ts';
import { afterConnectSent, catchUpEarlySocket, closeSocket, errorCodeOf, homeOrigin, openSocket, request, takeFirstAnswers, type ClassroomSocket } from './socket.ts';
import { followOwnStage } from './stageMedia.ts';
import { delay, log } from './util.ts';
import { afterTeacherPicture } from './teacherPicture.ts';
import { WallPicture } from './wallPicture.ts';

/** Handshake refusals that another attempt cannot fix: show them and stop retrying. */
const FATAL_CODES: ReadonlySet<ErrorCode> = new Set([
  'unauthenticated', 'link_revoked', 'forbidden', 'not_found', 'lesson_ended', 'classroom_removed',
]);
const RETRY_FIRST_DELAY_MS = 1_000;
const RETRY_MAX_DELAY_MS = 15_000;
const END_GRACE_MS = 2_000;
/**
 * Longest media is kept playing while the connection is away: the server's default
 * MEDIA_RESUME_SECONDS, past which it has closed its end anyway.
 */
const KEEP_MEDIA_MAX_MS = 600_000;
/** Longest a projector's wall picture waits for the teacher's picture to arrive first (see followWall). */
const WALL_START_MAX_WAIT_MS = 4_000;

interface ActiveMedia {
  session: MediaSession;
  receiver: Receiver;
  /** The teacher's broadcast, or a projector's camera and microphone while on stage. */
  publisher: Publisher;
  /** A projector's subscription to its own classroom's stage state. */
  unfollowStage: (() => void) | null;
  /** A projector's picture for the teacher's wall, and its end. */
  wall: { picture: WallPicture; unfollow: () => void } | null;
}

let role: Role | null = null;
let socket: ClassroomSocket | null = null;
let media: ActiveMedia | null = null;
/** Bumped on every (re)connect and media reset: async work of an older generation is dropped. */
let generation = 0;
let manualRetries = 0;
/** Which server the socket goes to (cluster mode: the lesson's node, another when it dies). */
let route: ServerRoute | null = null;
/** Ends keeping media through a signalling drop (see keepMedia). */
let stopKeepingMedia: (() => void) | undefined;
/**
 * The connection the server knows this page's media by (socket id): after a drop, it may keep
 * that media for the page to take back from a later connection.
 */
let mediaConnectionId: string | undefined;

export function getActiveMedia(): ActiveMedia | null {
  return media;
}

/**
 * Joins the lesson as `pageRole`: the one the token names, or `lessonId` for a permanent link.
 * Idempotent: one session at a time per page (stopSession ends it).
 */
export function startSession(token: string, pageRole: Role, lessonId?: string): void {
  if (socket) return;
  role = pageRole;
  setConnection('connecting');
  socket = openSocket(token, lessonId);
  if (role !== 'assistant') afterConnectSent(socket, prepareDevice);
  route = new ServerRoute(socket, homeOrigin());
  wire(socket, route);
  // The projector's socket was opened before this code arrived: it may have connected already.
  catchUpEarlySocket(socket);
  window.addEventListener('pagehide', leaveOnPageHide);
}

// Leaving the page is leaving on purpose: the server closes this page's media at once instead
// of keeping it for a reconnect (a closed tab otherwise looks like a network drop).
function leaveOnPageHide(): void {
  socket?.disconnect();
}

/**
 * Ends the session and leaves nothing behind (a projector on its permanent link goes from one
 * lesson to the next in one page, all day): the socket and its handlers, media, devices, retry
 * timers, and the store, back to its initial state. Safe to call twice, or with no session.
 */
export function stopSession(): void {
  if (!socket) return;
  socket = null;
  role = null;
  route = null;
  generation++; // async work under way (resync, media setup) drops what it gets
  manualRetries = 0;
  closeSocket();
  window.removeEventListener('pagehide', leaveOnPageHide);
  teardownMedia();
  releaseLocalMedia();
  stopScreenTrack();
  resetStore();
}

function wire(s: ClassroomSocket, serverRoute: ServerRoute): void {
  s.on('connect', () => {
    if (classroomStore.getState().connection === 'fatal') {
      s.disconnect();
      return;
    }
    manualRetries = 0;
    serverRoute.reached();
    stopKeepingMedia?.();
    // The first requests leave before the store's change has the page rendered again.
    void resync(mediaConnectionId);
    setConnection('connected');
  });

  s.on('disconnect', (reason) => {
    generation++;
    // Media keeps playing through a network drop: on a saturated school link the WebSocket can
    // time out while sound still arrives. The reconnect resumes it, or rebuilds it if it was lost.
    // A server that announced its restart keeps nothing: no point in waiting.
    if (NETWORK_LOSS_REASONS.has(reason) && !classroomStore.getState().serverRestarting) keepMedia();
    else teardownMedia();
    if (classroomStore.getState().connection === 'fatal') return;
    // The server closes every connection after ending the lesson: nothing to come back to.
    if (classroomStore.getState().lesson?.phase === 'ended') return endSession('lesson_ended');
    setConnection('reconnecting');
    // The server closed us on purpose (kicked, lesson ended, restart): socket.io will not
    // retry on its own. Retrying shows the reason (lesson_ended) or simply gets back in.
    if (reason === 'io server disconnect') scheduleManualRetry(s);
  });

  s.on('connect_error', (error) => {
    // Sent to the lesson's server, or on to another one when this one stopped answering.
    const step = serverRoute.afterConnectError(error);
    if (step === 'connect') {
      log('info', 'connecting to another server', { target: serverRoute.target });
      s.disconnect().connect();
      return;
    }
    if (step === 'retry') return scheduleManualRetry(s);
    const code = handshakeErrorCode(error);
    if (code && FATAL_CODES.has(code)) {
      s.disconnect();
      setFatal(code);
      return;
    }
    // Shown while retrying: a locked lesson may be unlocked by the teacher.
    setRefusal(code);
    const { connection } = classroomStore.getState();
    setConnection(connection === 'connecting' ? 'connecting' : 'reconnecting');
    // A refusal by the server's middleware (rate_limited, limit_reached…) leaves the socket
    // inactive; network failures keep it active and socket.io backs off by itself.
    if (!s.active) scheduleManualRetry(s);
  });

  // The same link opened on another device (or tab) took over: this page stops rather than take
  // it back, which would throw the other out in turn, again and again.
  s.on('session:replaced', () => endSession('replaced'));
  s.on('lesson:phaseChanged', ({ phase }) => onPhaseChanged(phase));
  s.on('teacher:presenceChanged', ({ connected }) => setTeacherConnected(connected));
  s.on('classroom:updated', (classroom) => upsertClassroom(classroom));
  s.on('media:producerAdded', (producer) => {
    addProducer(producer);
    media?.receiver.add(producer);
  });
  s.on('media:producerClosed', ({ producerId }) => {
    removeProducer(producerId);
    media?.receiver.closeProducer(producerId);
    media?.publisher.onProducerClosed(producerId);
    media?.wall?.picture.onProducerClosed(producerId);
  });
  s.on('media:producerPaused', ({ producerId, paused }) => setProducerPaused(producerId, paused));
  s.on('media:consumerClosed', ({ consumerId }) => media?.receiver.closeConsumer(consumerId));
  s.on('media:reset', ({ reason }) => {
    log('info', 'media reset by the server', { reason });
    generation++;
    teardownMedia();
    void resync();
  });
  s.on('wall:stillPosted', ({ classroomId, jpeg }) => setWallStill(classroomId, jpeg));
  s.on('server:shuttingDown', () => setServerRestarting(true));
  wireInteractionEvents(s, endSession);
  wireQuizEvents(s);
}

/** Stops for good (lesson over, classroom removed): no media, no devices, no reconnecting. */
function endSession(reason: FatalReason): void {
  if (classroomStore.getState().fatal) return;
  setFatal(reason);
  generation++;
  teardownMedia();
  releaseLocalMedia();
  stopScreenTrack();
  // The server broadcasts the end before it answers the command that caused it (the teacher's
  // lesson:end): let that answer arrive. A fatal page never reconnects, whoever disconnects.
  const s = socket;
  setTimeout(() => s?.disconnect(), END_GRACE_MS);
}

function scheduleManualRetry(s: ClassroomSocket): void {
  const wait = Math.min(RETRY_FIRST_DELAY_MS * 2 ** manualRetries, RETRY_MAX_DELAY_MS);
  manualRetries++;
  setTimeout(() => {
    // (a socket of a stopped session stays closed)
    if (s === socket && !s.connected && !s.active && classroomStore.getState().connection !== 'fatal') s.connect();
  }, wait);
}

function onPhaseChanged(phase: LessonPhase): void {
  setPhase(phase);
  if (phase === 'ended') return endSession('lesson_ended');
  // Whoever stopped the broadcast (this tab, another tab, the server), nothing is sent anymore.
  if (role === 'teacher' && phase !== 'live') media?.publisher.unpublish();
}

/**
 * What this page plays: everything but its own media (a projector would hear itself: echo); of
 * the classrooms' wall pictures, only the tiles on the teacher's screen.
 */
function wantsToReceive(producer: ProducerInfo): boolean {
  const { owner } = producer;
  if (producer.source === 'wall') {
    return role === 'teacher' && owner.kind === 'classroom' && classroomStore.getState().wallShown.visible.includes(owner.classroomId);
  }
  if (role === 'teacher') return owner.kind !== 'teacher';
  return owner.kind === 'teacher' || owner.classroomId !== classroomStore.getState().you?.classroomId;
}

/**
 * Fetches the lesson and resumes or rebuilds media; retried while this connection lasts.
 * `previousConnectionId`: the connection before a reconnect, whose media the server may have kept.
 */
async function resync(previousConnectionId?: string): Promise<void> {
  const mine = ++generation;
  // The media kept through the drop, to take back until the server says it has none.
  let resumeFrom = media !== null ? previousConnectionId : undefined;
  for (let attempt = 0; mine === generation && socket?.connected; attempt++) {
    try {
      // Asking again after a lost answer is harmless: the server answers `resumed` again.
      const kept = resumeFrom !== undefined && media !== null
        && (await request('media:resume', { previousConnectionId: resumeFrom })).resumed;
      if (!kept) resumeFrom = undefined;
      // The early socket's, on a projector's first connection: asked before this code arrived.
      const first = !kept && attempt === 0 ? takeFirstAnswers(socket) : null;
      const recvTransport = first?.recvTransport ?? (!kept && attempt === 0 ? askForReceiving() : undefined);
      const snapshot = await (first?.sync ?? request('lesson:sync', {}));
      if (mine !== generation) return;
      applySnapshot(snapshot);
      first?.replayMissed();
      route?.learn(snapshot.servers);
      if (snapshot.lesson.phase === 'ended') return endSession('lesson_ended');
      if (kept && media) {
        mediaConnectionId = socket.id;
        catchUpMedia(media);
        return;
      }
      teardownMedia();
      await setupMedia(mine, snapshot.media, recvTransport);
      return;
    } catch (error) {
      log('warn', 'sync or media setup failed', { attempt, code: errorCodeOf(error), error });
      if (mine !== generation) return;
      // A request timed out on a link too full for it: no reason to stop the sound still playing.
      if (resumeFrom === undefined) teardownMedia();
      await delay(Math.min(RETRY_FIRST_DELAY_MS * 2 ** attempt, RETRY_MAX_DELAY_MS));
    }
  }
}

/**
 * A projector always receives: its receiving transport is asked for alongside the lesson's state,
 * not after it (a round trip less before the first frame). Once per connection: a transport made
 * for an attempt that failed stays with the server's end of this connection.
 */
function askForReceiving(): Promise<TransportOptions> | undefined {
  if (role !== 'projector') return undefined;
  const asked = request('media:createTransport', { direction: 'recv' });
  asked.catch(() => undefined); // setupMedia sees the failure, if it gets that far
  return asked;
}

async function setupMedia(mine: number, capabilities: MediaCapabilities | null, recvTransport?: Promise<TransportOptions>): Promise<void> {
  // The assistant only watches the lesson state; it never receives media.
  if (role === 'assistant') return;
  const session = await MediaSession.create(capabilities, recvTransport);
  if (mine !== generation) {
    session.close();
    return;
  }
  mediaConnectionId = socket?.id;
  const receiver = new Receiver(session, wantsToReceive);
  const publisher = new Publisher(session, role === 'teacher' ? 'teacher' : 'stage');
  // A projector publishes on its own when its classroom goes on stage; the teacher on Go live.
  const unfollowStage = role === 'projector' ? followOwnStage(publisher) : null;
  const wall = role === 'projector' ? followWall(session) : null;
  media = { session, receiver, publisher, unfollowStage, wall };
  // From the store, not the snapshot: it also holds producers announced since the sync.
  for (const producer of classroomStore.getState().producers) receiver.add(producer);
  // Back from a disconnect while live: send again. A failure here is the teacher's to see and
  // retry (Go live), not a reason to rebuild the receive side.
  if (role === 'teacher' && classroomStore.getState().lesson?.phase === 'live') {
    publisher.publish().catch((error: unknown) => reportActionError(error));
  }
}

/**
 * A projector sends its class's picture while the teacher looks at its tile on the wall. It
 * starts once the teacher's picture arrives (at most WALL_START_MAX_WAIT_MS after joining): on a
 * school PC, opening the camera and its encoder would take the CPU that first frame needs.
 */
function followWall(session: MediaSession): ActiveMedia['wall'] {
  const picture = new WallPicture(session);
  let unfollow: (() => void) | undefined;
  const stopWaiting = afterTeacherPicture(WALL_START_MAX_WAIT_MS, () => { unfollow = picture.follow(); });
  return {
    picture,
    unfollow: () => {
      stopWaiting();
      if (unfollow) unfollow();
      else picture.close();
    },
  };
}

/** Media kept through a network drop: follow what changed in the lesson meanwhile. */
function catchUpMedia(active: ActiveMedia): void {
  log('info', 'media resumed after a network drop');
  const { producers, lesson } = classroomStore.getState();
  active.receiver.retain(new Set(producers.map((p) => p.producerId)));
  for (const producer of producers) active.receiver.add(producer);
  active.session.recoverLinks();
  if (role === 'teacher' && lesson?.phase !== 'live') active.publisher.unpublish();
}

/**
 * Media plays on through a signalling drop: sound reaching a classroom whose WebSocket cannot get
 * through its saturated link is the lesson going on. Even a failed link is kept: an ICE restart
 * revives it once the connection is back, if the server still keeps its end (media:resume says).
 */
function keepMedia(): void {
  stopKeepingMedia?.();
  const limit = setTimeout(teardownMedia, KEEP_MEDIA_MAX_MS);
  stopKeepingMedia = () => {
    clearTimeout(limit);
    stopKeepingMedia = undefined;
  };
}

function teardownMedia(): void {
  stopKeepingMedia?.();
  mediaConnectionId = undefined;
  if (!media) return;
  media.unfollowStage?.();
  media.wall?.unfollow();
  media.publisher.close();
  media.receiver.close();
  media.session.close();
  media = null;
  clearRemoteTracks();
}

/** For pages that can tell before connecting that they cannot work (no token in the link). */
export function failWithoutToken(): void {
  setFatal('missing_token');
}
