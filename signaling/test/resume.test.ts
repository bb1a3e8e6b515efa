import { afterEach, describe, expect, it } from 'vitest';
import type { CreatedLesson } from '@classroom/shared';
import {
  FAKE_DTLS, join, joinRecoverable, nextEvent, OPUS_PARAMETERS, ok, publishTeacher, send, startServer, tokenOf, waitFor, type TestServer,
  type TestSocket, useTestServer,
} from './harness.ts';

// Media outlives a signalling connection lost to the network: the WebSocket of a saturated school
// link can time out while sound still arrives. The server keeps the connection's media for
// MEDIA_RESUME_SECONDS; the client, back with the same id (connection state recovery), takes it.
const testServer = useTestServer({ MEDIA_RESUME_SECONDS: '1' });
const opened: TestSocket[] = [];
// Registered after useTestServer's: runs before it waits for every lesson to be released.
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close();
});

/** A client that reconnects by itself, as the web app's does. */
async function reconnecting(link: string): Promise<TestSocket> {
  const socket = await joinRecoverable(testServer.server.url, link, true);
  opened.push(socket);
  return socket;
}

/** Cuts the connection under the client, as a network would: the server sees "transport close". */
async function dropAndReconnect(socket: TestSocket): Promise<void> {
  const back = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.io.engine.close();
  await back;
}

/** Cuts the connection for good (no reconnect), and waits until the server keeps its media. */
async function loseForGood(socket: TestSocket, media: { parkedCount: number }): Promise<void> {
  socket.io.reconnection(false);
  socket.io.engine.close();
  await waitFor(() => media.parkedCount === 1);
}

async function receiving(projector: TestSocket, producerId: string) {
  const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
  const transport = await ok(projector, 'media:createTransport', { direction: 'recv' });
  await ok(projector, 'media:connectTransport', { transportId: transport.id, dtlsParameters: FAKE_DTLS });
  return ok(projector, 'media:consume', { producerId, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> });
}

async function lessonWithProjector() {
  const lesson: CreatedLesson = await testServer.server.createLesson(['Hill', 'River']);
  const teacher = await testServer.connect(lesson.teacherUrl);
  const published = await publishTeacher(teacher);
  const projector = await reconnecting(lesson.classrooms[0]!.projectorUrl);
  const consumer = await receiving(projector, published.camera);
  const media = testServer.server.app.registry.get(lesson.id)!.media;
  return { lesson, teacher, published, projector, consumer, media };
}

describe('media through a lost signalling connection', () => {
  it('keeps a projector\'s media while it reconnects, and hands it back with what changed meanwhile', async () => {
    const { teacher, published, projector, consumer, media } = await lessonWithProjector();
    const peersBefore = media.counts().peers;
    const previousConnectionId = projector.id!;
    const closed = nextEvent(projector, 'media:consumerClosed');
    const back = new Promise<void>((resolve) => projector.once('connect', () => resolve()));
    projector.io.engine.close();
    // While the projector is away the teacher stops the camera: the event waits for its return.
    await waitFor(() => media.parkedCount === 1);
    await ok(teacher, 'media:closeProducer', { producerId: published.camera });
    await back;

    expect(projector.recovered).toBe(true);
    expect(await ok(projector, 'media:resume', { previousConnectionId })).toEqual({ resumed: true });
    expect(media.parkedCount).toBe(0);
    expect(media.counts().peers).toBe(peersBefore);
    // Leaving had reset the classroom's link as the teacher sees it; resuming restores it.
    expect((await ok(teacher, 'lesson:sync', {})).classrooms[0]!.media).not.toBe('none');
    expect(await closed).toEqual({ consumerId: consumer.consumerId, producerId: published.camera });
    // The same media, still in service: the microphone is consumed on the transport made before.
    const audio = await ok(projector, 'media:consume', { producerId: published.microphone, rtpCapabilities: (await ok(projector, 'media:getCapabilities', {})).routerRtpCapabilities as Record<string, unknown> });
    await ok(projector, 'media:resumeConsumer', { consumerId: audio.consumerId });
    // Asking again changes nothing; asking for other media resumes nothing, and says so.
    expect(await ok(projector, 'media:resume', { previousConnectionId })).toEqual({ resumed: true });
    expect(await ok(projector, 'media:resume', { previousConnectionId: 'someone-else' })).toEqual({ resumed: false });
  });

  it('closes the media when the client does not come back in time', async () => {
    const { teacher, projector, media } = await lessonWithProjector();
    const peersBefore = media.counts().peers;
    const linkSeen = async () => (await ok(teacher, 'lesson:sync', {})).classrooms[0]!.media;
    const linkBefore = await linkSeen();
    expect(linkBefore).not.toBe('none');
    await loseForGood(projector, media);
    expect(media.counts().peers).toBe(peersBefore);
    // While kept, the teacher sees the media link as the media layer knows it, not "none".
    expect(await linkSeen()).toBe(linkBefore);
    await waitFor(() => media.parkedCount === 0 && media.counts().peers === peersBefore - 1, 3000);
    expect(await linkSeen()).toBe('none');
  });

  it('hands the media to the client\'s new connection, and only to its own', async () => {
    const { lesson, projector, consumer, media } = await lessonWithProjector();
    const previousConnectionId = projector.id!;
    await loseForGood(projector, media);
    // Not recovered by Socket.IO (a new connection): the client names its previous one.
    const again = await reconnecting(lesson.classrooms[0]!.projectorUrl);
    expect(again.recovered).toBe(false);
    expect(await ok(again, 'media:resume', { previousConnectionId: 'someone-else' })).toEqual({ resumed: false });
    // Another classroom cannot take it, even knowing the id.
    const river = await reconnecting(lesson.classrooms[1]!.projectorUrl);
    expect(await ok(river, 'media:resume', { previousConnectionId })).toEqual({ resumed: false });
    expect(media.parkedCount).toBe(1);
    expect(await ok(again, 'media:resume', { previousConnectionId })).toEqual({ resumed: true });
    await ok(again, 'media:resumeConsumer', { consumerId: consumer.consumerId });
  });

  it('gives the media to a client back before the server noticed its old connection was dead', async () => {
    const { lesson, projector, consumer, media } = await lessonWithProjector();
    const previousConnectionId = projector.id!;
    projector.io.reconnection(false);
    // The client gave up on its connection first and opened a new one; the old one is still open
    // on the server, and the new one takes over from it.
    const replaced = nextEvent(projector, 'session:replaced');
    const again = await reconnecting(lesson.classrooms[0]!.projectorUrl);
    await replaced;
    await waitFor(() => media.parkedCount === 1);
    expect(await ok(again, 'media:resume', { previousConnectionId })).toEqual({ resumed: true });
    await ok(again, 'media:resumeConsumer', { consumerId: consumer.consumerId });
  });

  it('closes what a client left behind when it builds new media instead', async () => {
    const { lesson, projector, consumer, media } = await lessonWithProjector();
    const peersBefore = media.counts().peers;
    await loseForGood(projector, media);
    // The page was reloaded: it knows no previous connection and creates its transport anew.
    const again = await reconnecting(lesson.classrooms[0]!.projectorUrl);
    await ok(again, 'media:createTransport', { direction: 'recv' });
    expect(media.parkedCount).toBe(0);
    expect(media.counts().peers).toBe(peersBefore);
    expect(await send(again, 'media:resumeConsumer', { consumerId: consumer.consumerId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('closes the media kept for a classroom the teacher removes meanwhile', async () => {
    const { teacher, lesson, projector, media } = await lessonWithProjector();
    const peersBefore = media.counts().peers;
    await loseForGood(projector, media);
    await ok(teacher, 'classroom:remove', { classroomId: lesson.classrooms[0]!.id });
    expect(media.parkedCount).toBe(0);
    expect(media.counts().peers).toBe(peersBefore - 1);
  });

  it('closes the media at once when the client leaves on purpose', async () => {
    const { projector, media } = await lessonWithProjector();
    const peersBefore = media.counts().peers;
    projector.disconnect();
    await waitFor(() => media.counts().peers === peersBefore - 1);
    expect(media.parkedCount).toBe(0);
  });

  it('keeps the teacher\'s broadcast on air through a drop', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const teacher = await reconnecting(lesson.teacherUrl);
    const published = await publishTeacher(teacher);
    const projector = await testServer.connect(lesson.classrooms[0]!.projectorUrl);
    const consumer = await receiving(projector, published.camera);
    const lost: string[] = [];
    projector.on('media:producerClosed', ({ producerId }) => lost.push(producerId));
    projector.on('media:consumerClosed', ({ consumerId }) => lost.push(consumerId));
    const previousConnectionId = teacher.id!;
    await dropAndReconnect(teacher);
    expect(teacher.recovered).toBe(true);
    expect(await ok(teacher, 'media:resume', { previousConnectionId })).toEqual({ resumed: true });
    const media = testServer.server.app.registry.get(lesson.id)!.media;
    expect(media.published().map((p) => p.producerId).sort()).toEqual([published.camera, published.microphone].sort());
    // The teacher still controls its producers, and the classroom never lost them.
    await ok(teacher, 'media:pauseProducer', { producerId: published.camera });
    await ok(projector, 'media:resumeConsumer', { consumerId: consumer.consumerId });
    expect(lost).toEqual([]);
  });
});

describe('media kept only while its link lives', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  /** A lesson whose projector lost its connection for good while its media was being set up. */
  async function projectorKeptWithoutLink(env: Record<string, string>) {
    server = await startServer(env);
    const lesson = await server.createLesson(['Hill']);
    const teacher = await join(server.url, tokenOf(lesson.teacherUrl));
    opened.push(teacher);
    const published = await publishTeacher(teacher);
    const projector = await joinRecoverable(server.url, lesson.classrooms[0]!.projectorUrl, false);
    opened.push(projector);
    // Its transport never connects (no browser behind it): its link never carried anything.
    const { routerRtpCapabilities } = await ok(projector, 'media:getCapabilities', {});
    await ok(projector, 'media:createTransport', { direction: 'recv' });
    await ok(projector, 'media:consume', { producerId: published.camera, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> });
    const media = server.app.registry.get(lesson.id)!.media;
    projector.io.engine.close();
    await waitFor(() => media.parkedCount === 1);
    return { lesson, teacher, media };
  }

  it('lets kept media whose link never came up go after the link-lost wait, not the whole limit', async () => {
    const { media } = await projectorKeptWithoutLink({ MEDIA_RESUME_SECONDS: '60', MEDIA_LINK_LOST_SECONDS: '0.3' });
    await waitFor(() => media.parkedCount === 0, 3000);
    expect(media.counts().peers).toBe(1); // the teacher's
  });

  it('closes every kept media at once when the lesson ends', async () => {
    const { lesson, teacher, media } = await projectorKeptWithoutLink({ MEDIA_RESUME_SECONDS: '60', MEDIA_LINK_LOST_SECONDS: '60' });
    await ok(teacher, 'lesson:end', {});
    expect(media.parkedCount).toBe(0);
    // Nothing waits for anyone: the lesson is released once its teacher is let go.
    await waitFor(() => server!.app.registry.get(lesson.id) === undefined, 3000);
    expect(media.closed).toBe(true);
  });

  it('lets kept media go once its link stops carrying media, long before the limit', async () => {
    // A limit of a minute; the link is judged lost 0.2 s after it stopped carrying media.
    server = await startServer({ PLAIN_RTP: 'true', MEDIA_RESUME_SECONDS: '60', MEDIA_LINK_LOST_SECONDS: '0.2' });
    const lesson = await server.createLesson(['Hill']);
    const teacher = await joinRecoverable(server.url, lesson.teacherUrl, false);
    opened.push(teacher);
    await ok(teacher, 'lesson:goLive', {});
    // A studio encoder's plain RTP link carries media from the moment it exists.
    const ingest = await ok(teacher, 'media:createPlainTransport', { direction: 'send' });
    await ok(teacher, 'media:produce', { transportId: ingest.id, kind: 'audio', source: 'microphone', rtpParameters: { ...OPUS_PARAMETERS, mid: undefined } });
    const media = server.app.registry.get(lesson.id)!.media;
    teacher.io.engine.close();
    await waitFor(() => media.parkedCount === 1);
    // Kept: the link still works.
    await new Promise((r) => setTimeout(r, 500));
    expect(media.parkedCount).toBe(1);
    // The worker carrying it dies: nothing is left to keep, and nobody waits the minute.
    process.kill(server.app.pool.slots()[0]!.worker.pid, 'SIGKILL');
    await waitFor(() => media.parkedCount === 0, 5000);
    expect(media.counts().peers).toBe(0);
  });
});
