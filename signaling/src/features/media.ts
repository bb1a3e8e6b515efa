import { ClassroomError, type MediaSource, type PlainTransportOptions, type TransportOptions } from '@classroom/shared';
import type { MediaPeer, mediasoupTypes } from '@classroom/sfu';
import { iceServersFor } from '../auth/turnCredentials.ts';
import type { Config } from '../config.ts';
import { ownerOf, publisherOf } from '../lessons/publisher.ts';
import { VIDEO_CAP_LAYER } from '../lessons/stage.ts';
import type { MediaCommandHandlers, MediaContext } from '../realtime/types.ts';

const KIND_OF_SOURCE = { camera: 'video', screen: 'video', microphone: 'audio', wall: 'video' } as const;

/** The connection each media peer's client uses now (it changes when the client resumes). */
const connectionOf = new WeakMap<MediaPeer, string>();

/** WebRTC signalling: transports, publishing (teacher, classroom on stage) and receiving. */
export function mediaCommands(config: Config): MediaCommandHandlers {
  const { iceTransportPolicy } = config.media;
  return {
    'media:getCapabilities': async ({ lesson }) => ({
      routerRtpCapabilities: await lesson.media.rtpCapabilities(),
    }),

    'media:createTransport': async (context, { direction }) => {
      if (direction === 'send') await context.lesson.assertMayPublish(context.session);
      const transport = await peerOf(context).createTransport(direction);
      const options: TransportOptions = {
        id: transport.id,
        iceParameters: transport.iceParameters,
        iceCandidates: transport.iceCandidates,
        dtlsParameters: transport.dtlsParameters,
        iceServers: iceServersFor(config.media, context.session.claims),
        iceTransportPolicy,
      };
      return options;
    },

    'media:createPlainTransport': async (context, { direction, destination, srtp }) => {
      if (!config.media.plainRtp) throw new ClassroomError('forbidden', 'plain RTP is off on this server (PLAIN_RTP)');
      if (direction === 'send') await context.lesson.assertMayPublish(context.session);
      // Never a reflector: the server sends media only to the address the client connects from.
      if (destination && normalisedIp(destination.ip) !== normalisedIp(context.socket.handshake.address)) {
        throw new ClassroomError('forbidden', 'plain RTP goes only to the address your connection comes from');
      }
      const transport = await peerOf(context).createPlainTransport({ direction, destination, srtp });
      const { localIp, localPort } = transport.tuple;
      const options: PlainTransportOptions = {
        id: transport.id, ip: localIp, port: localPort,
        ...(transport.srtpParameters ? { srtp: transport.srtpParameters } : {}),
      };
      return options;
    },

    'media:connectTransport': async (context, { transportId, dtlsParameters }) => {
      await peerOf(context).connectTransport(transportId, dtlsParameters as mediasoupTypes.DtlsParameters);
      return {};
    },

    // The browser gathers relay candidates again: with a fresh relay password, the first may have expired.
    'media:restartIce': async (context, { transportId }) => ({
      iceParameters: await peerOf(context).restartIce(transportId),
      iceServers: iceServersFor(config.media, context.session.claims),
    }),

    'media:produce': async (context, { transportId, kind, source, rtpParameters }) => {
      if (KIND_OF_SOURCE[source] !== kind) throw new ClassroomError('invalid_payload', `${source} must be ${KIND_OF_SOURCE[source]}`);
      const { session, lesson } = context;
      const { claims } = session;
      await lesson.assertMayPublish(session, source);
      if (claims.role === 'projector' && source === 'screen') throw new ClassroomError('forbidden', 'a classroom on stage sends its camera and microphone only');
      if (claims.role === 'teacher' && source === 'wall') throw new ClassroomError('forbidden', "the wall shows the classrooms' pictures, not the teacher's");
      const producer = await peerOf(context).produce({
        transportId, kind, label: source, rtpParameters: rtpParameters as mediasoupTypes.RtpParameters,
      });
      if (claims.role === 'projector') {
        try {
          await lesson.classroomProduced(session, source);
        } catch (error) {
          producer.close();
          throw error;
        }
      }
      context.session.log.info({ producerId: producer.id, source }, 'publishing');
      return { producerId: producer.id };
    },

    'media:closeProducer': (context, { producerId }) => {
      peerOf(context).ownProducer(producerId).close();
      return {};
    },

    'media:pauseProducer': async (context, { producerId }) => {
      await peerOf(context).ownProducer(producerId).pause();
      return {};
    },

    'media:resumeProducer': async (context, { producerId }) => {
      const producer = peerOf(context).ownProducer(producerId);
      const { session, lesson } = context;
      if (session.claims.role === 'projector') await lesson.assertMayResume(session, String(producer.appData.label));
      await producer.resume();
      return {};
    },

    'media:consume': async (context, { producerId, rtpCapabilities, resume }) => {
      const peer = peerOf(context);
      const { consumer, label, publisherId } = await peer.consume(
        producerId, rtpCapabilities as mediasoupTypes.RtpCapabilities, (media, via) => context.lesson.admitConsumer(context.session, media, via),
      );
      if (resume) await peer.resumeConsumer(consumer.id);
      return {
        consumerId: consumer.id,
        producerId,
        kind: consumer.kind,
        rtpParameters: consumer.rtpParameters,
        source: label as MediaSource,
        owner: ownerOf(publisherId),
      };
    },

    'media:resumeConsumer': async (context, { consumerId }) => {
      await peerOf(context).resumeConsumer(consumerId);
      return {};
    },

    // Back after a network drop: take over the media kept for the client's previous connection.
    'media:resume': ({ session, lesson }, { previousConnectionId }) => {
      // Asked again (the answer was lost on a full link): yes if it is the media it already took
      // back; a connection with other media resumed nothing.
      if (session.mediaPeer) return { resumed: session.mediaPeer.id === previousConnectionId };
      const { claims } = session;
      const peer = lesson.media.resumePeer(previousConnectionId, session.connectionId, publisherOf(claims));
      if (!peer) return { resumed: false };
      session.mediaPeer = peer;
      connectionOf.set(peer, session.connectionId);
      // Leaving may have reset what the teacher sees of this projector's link; the peer still knows it.
      if (claims.role === 'projector') {
        lesson.projectorLinkChanged(claims.classroomId!, peer.linkState);
        lesson.weakLinkChanged(claims.classroomId!, peer.starved);
      }
      return { resumed: true };
    },
  };
}

/** The connection's media peer, created on first use and wired to its connection and lesson. */
function peerOf({ session, socket, lesson }: MediaContext): MediaPeer {
  if (session.mediaPeer) return session.mediaPeer;
  const { claims } = session;
  // New media for this client replaces whatever its earlier connection left behind.
  lesson.media.closeParkedOf(publisherOf(claims));
  const peer = lesson.media.peer(session.connectionId, publisherOf(claims));
  // To the client's current connection, by room: a peer outlives a connection that drops (see
  // media:resume), and events sent while it is away are replayed by connection state recovery.
  connectionOf.set(peer, session.connectionId);
  const toClient = () => socket.nsp.to(connectionOf.get(peer)!);
  peer.on('consumerClosed', (consumerId, producerId) => toClient().emit('media:consumerClosed', { consumerId, producerId }));
  peer.on('receivingLost', (reason) => toClient().emit('media:reset', { reason }));
  if (claims.role === 'projector') {
    const classroomId = claims.classroomId!;
    peer.on('linkStateChanged', (state) => lesson.projectorLinkChanged(classroomId, state));
    peer.on('starvedChanged', (starved) => lesson.weakLinkChanged(classroomId, starved));
    peer.on('scoreChanged', (score) => lesson.mediaScoreChanged(classroomId, score));
    // A projector that (re)joins gets its classroom's switches from the start (audio-only, data saver).
    const { audioOnly, videoCap } = lesson.receivingOf(classroomId);
    if (audioOnly) void peer.holdVideo(true);
    void peer.capVideo(VIDEO_CAP_LAYER[videoCap]);
  }
  session.mediaPeer = peer;
  return peer;
}

/** IPv4 addresses as IPv4, whether or not the socket saw them IPv6-mapped. */
function normalisedIp(ip: string): string {
  return ip.replace(/^::ffff:/i, '').toLowerCase();
}
