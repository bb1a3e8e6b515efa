// The product: its real server process, a teacher and N classrooms as Socket.IO clients going
// through the same commands as the web app (join, capabilities, transport, consume, resume), with
// plain SRTP transports (PLAIN_RTP) instead of WebRTC so that a native receiver can count packets.
import { startServer, type RunningServer } from '../../e2e/fixtures/server.ts';
import { command, joinLink, type ClientSocket } from '../../e2e/fixtures/socket.ts';
import { assertCarriesCaptureTime, PRODUCER_PARAMETERS, srtpKey } from './media.ts';
import { childrenOf, commandOf } from './procstat.ts';
import type { FanoutSystem, SystemOptions } from './system.ts';

export interface ProductOptions extends SystemOptions {
  /** Consumers per router before the lesson overflows to another worker (CONSUMERS_PER_ROUTER). */
  consumersPerRouter: number;
  /** Classrooms in the lesson (an upper bound for growTo). */
  maxClassrooms: number;
}

export async function startProduct(label: string, options: ProductOptions): Promise<FanoutSystem & { server: RunningServer }> {
  const server = await startServer({
    PLAIN_RTP: 'true', MEDIASOUP_WORKER_BIN: options.workerBin, MEDIASOUP_WORKERS: String(options.workers),
    CONSUMERS_PER_ROUTER: String(options.consumersPerRouter), LOG_LEVEL: 'warn',
  });
  const lesson = await server.createLesson(Array.from({ length: options.maxClassrooms }, (_, i) => `Classroom ${i + 1}`), 'Fan-out bench');
  const teacher = await joinLink(server.url, lesson.teacherUrl);
  await command(teacher, 'lesson:goLive', {});
  const ingest = await command(teacher, 'media:createPlainTransport', { direction: 'send' });
  const producerIds = [
    (await command(teacher, 'media:produce', { transportId: ingest.id, kind: 'video', source: 'camera', rtpParameters: PRODUCER_PARAMETERS.video })).producerId,
    (await command(teacher, 'media:produce', { transportId: ingest.id, kind: 'audio', source: 'microphone', rtpParameters: PRODUCER_PARAMETERS.audio })).producerId,
  ];
  const sockets: ClientSocket[] = [teacher];
  let joined = 0;

  async function addClassroom(index: number): Promise<void> {
    const classroom = lesson.classrooms[index];
    if (!classroom) throw new Error(`the lesson has only ${lesson.classrooms.length} classrooms`);
    const projector = await joinLink(server.url, classroom.projectorUrl);
    sockets.push(projector);
    const { routerRtpCapabilities } = await command(projector, 'media:getCapabilities', {});
    await command(projector, 'media:createPlainTransport', {
      direction: 'recv', destination: { ip: '127.0.0.1', port: options.receiverPort }, srtp: srtpKey(options.srtpSuite),
    });
    for (const producerId of producerIds) {
      const consumer = await command(projector, 'media:consume', { producerId, rtpCapabilities: routerRtpCapabilities as Record<string, unknown> });
      assertCarriesCaptureTime(consumer.rtpParameters);
      await command(projector, 'media:resumeConsumer', { consumerId: consumer.consumerId });
    }
  }

  return {
    label,
    server,
    ingest: { ip: ingest.ip, port: ingest.port },
    controlPid: server.process.pid!,
    async growTo(total) {
      // A few joins at a time, as classrooms arriving in a burst would.
      while (joined < total) {
        const batch = Array.from({ length: Math.min(10, total - joined) }, (_, i) => addClassroom(joined + i));
        joined += batch.length;
        await Promise.all(batch);
      }
    },
    workerPids: () => childrenOf(server.process.pid!).filter((pid) => commandOf(pid).startsWith('mediasoup-work')),
    async close() {
      for (const socket of sockets) socket.close();
      await server.stop();
    },
  };
}
