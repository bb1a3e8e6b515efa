import { ClassroomError, type TransportOptions } from '@classroom/shared';
import type { MediaPeer, mediasoupTypes } from '@classroom/sfu';
import type { Config } from '../config.ts';
import { classroomPublisher, ownerOf, TEACHER_PUBLISHER } from '../lessons/publisher.ts';
import type { CommandContext, CommandHandlers } from '../realtime/types.ts';

type MediaCommands = Pick<CommandHandlers,
  | 'media:getCapabilities' | 'media:createTransport' | 'media:connectTransport' | 'media:restartIce'
  | 'media:produce' | 'media:closeProducer' | 'media:pauseProducer' | 'media:resumeProducer'
  | 'media:consume' | 'media:resumeConsumer'>;

const KIND_OF_SOURCE = { camera: 'video', screen: 'video', microphone: 'audio' } as const;

/** WebRTC signalling: transports, publishing (teacher) and receiving (everyone with a screen). */
export function mediaCommands(config: Config): MediaCommands {
  const { iceServers, iceTransportPolicy } = config.media;
  return {
    'media:getCapabilities': async ({ session }) => ({
      routerRtpCapabilities: await session.lesson.media.rtpCapabilities(),
    }),

    'media:createTransport': async (context, { direction }) => {
      if (direction === 'send' && !mayPublish(context)) {
        throw new ClassroomError('forbidden', 'only the teacher may send media in this lesson');
      }
      const transport = await peerOf(context).createTransport(direction);
      const options: TransportOptions = {
        id: transport.id,
        iceParameters: transport.iceParameters,
        iceCandidates: transport.iceCandidates,
        dtlsParameters: transport.dtlsParameters,
        iceServers,
        iceTransportPolicy,
      };
      return options;
    },

    'media:connectTransport': async (context, { transportId, dtlsParameters }) => {
      await peerOf(context).connectTransport(transportId, dtlsParameters as mediasoupTypes.DtlsParameters);
      return {};
    },

    'media:restartIce': async (context, { transportId }) => ({
      iceParameters: await peerOf(context).restartIce(transportId),
    }),

    'media:produce': async (context, { transportId, kind, source, rtpParameters }) => {
      if (!mayPublish(context)) throw new ClassroomError('forbidden', 'only the teacher may send media in this lesson');
      if (KIND_OF_SOURCE[source] !== kind) throw new ClassroomError('invalid_payload', `${source} must be ${KIND_OF_SOURCE[source]}`);
      if (context.session.lesson.phase !== 'live') throw new ClassroomError('not_live', 'go live before sending media');
      const producer = await peerOf(context).produce({
        transportId, kind, label: source, rtpParameters: rtpParameters as mediasoupTypes.RtpParameters,
      });
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
      await peerOf(context).ownProducer(producerId).resume();
      return {};
    },

    'media:consume': async (context, { producerId, rtpCapabilities }) => {
      const peer = peerOf(context);
      const { consumer, label, publisherId } = await peer.consume(producerId, rtpCapabilities as mediasoupTypes.RtpCapabilities);
      return {
        consumerId: consumer.id,
        producerId,
        kind: consumer.kind,
        rtpParameters: consumer.rtpParameters,
        source: label as 'camera' | 'microphone' | 'screen',
        owner: ownerOf(publisherId),
      };
    },

    'media:resumeConsumer': async (context, { consumerId }) => {
      await peerOf(context).resumeConsumer(consumerId);
      return {};
    },
  };
}

function mayPublish({ session }: CommandContext): boolean {
  return session.claims.role === 'teacher';
}

/** The connection's media peer, created on first use and wired to its socket and lesson. */
function peerOf({ session, socket }: CommandContext): MediaPeer {
  if (session.mediaPeer) return session.mediaPeer;
  const { claims, lesson } = session;
  const publisherId = claims.role === 'teacher' ? TEACHER_PUBLISHER : classroomPublisher(claims.classroomId!);
  const peer = lesson.media.peer(session.connectionId, publisherId);
  peer.on('consumerClosed', (consumerId, producerId) => socket.emit('media:consumerClosed', { consumerId, producerId }));
  if (claims.role === 'projector') {
    peer.on('linkStateChanged', (state) => lesson.setProjectorLink(claims.classroomId!, state));
  }
  session.mediaPeer = peer;
  return peer;
}
