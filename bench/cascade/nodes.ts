// Nodes of a cascade inside the bench process: each its own mediasoup workers (WorkerPool) and its
// own MediaCascade, joined by direct calls carrying the cascade's messages through JSON. Between
// real nodes those messages go over Redis; they set pipes up and never carry media, so the path
// measured here (worker → pipe → worker over loopback UDP, SRTP) is the real one.
import { LessonMedia, WorkerPool, type mediasoupTypes as types, type TransportSettings } from '@classroom/sfu';
import { MediaCascade } from '../../signaling/src/cluster/MediaCascade.ts';
import { NodeNotListeningError } from '../../signaling/src/cluster/NodeRequests.ts';
import { createLogger } from '../../signaling/src/logger.ts';
import { assertCarriesCaptureTime, PRODUCER_PARAMETERS, srtpKey, type SrtpSuite } from '../fanout/media.ts';

const log = createLogger('warn');
export const SETTINGS: TransportSettings = {
  enableUdp: true, enableTcp: false, initialOutgoingBitrate: 1_000_000, maxIncomingBitrate: 5_000_000,
  plainRtp: { listenIp: '127.0.0.1' },
};

export interface BenchNode {
  id: string;
  pool: WorkerPool;
  cascade: MediaCascade;
  /** The node's pipe transports, as its workers' observers report them. */
  pipes: types.PipeTransport[];
  workerPids(): number[];
}

export class BenchNodes {
  readonly #nodes = new Map<string, BenchNode>();

  async node(id: string, workerBin: string): Promise<BenchNode> {
    const pool = await WorkerPool.create({
      workerBin, numWorkers: 1, listenIp: '127.0.0.1', announcedAddress: undefined, rtcPort: 0, enableUdp: true, enableTcp: false, logLevel: 'warn',
    }, log);
    const pipes: types.PipeTransport[] = [];
    for (const { worker } of pool.slots()) {
      worker.observer.on('newrouter', (router) => router.observer.on('newtransport', (transport) => {
        if (transport.type === 'pipe') pipes.push(transport as types.PipeTransport);
      }));
    }
    const cascade = new MediaCascade({
      nodeId: id, pool, settings: SETTINGS, listen: { ip: '127.0.0.1' }, log,
      request: async (to, body) => {
        const node = this.#nodes.get(to);
        if (!node) throw new NodeNotListeningError(to);
        const answer = await node.cascade.handle(id, JSON.parse(JSON.stringify(body)));
        return answer === undefined ? undefined : JSON.parse(JSON.stringify(answer));
      },
    });
    const node: BenchNode = { id, pool, cascade, pipes, workerPids: () => pool.slots().map((slot) => slot.worker.pid) };
    this.#nodes.set(id, node);
    return node;
  }

  close(): void {
    // Edges first: an origin that stops tells its edges, which would log it.
    for (const node of [...this.#nodes.values()].reverse()) {
      node.cascade.close();
      node.pool.close();
    }
    this.#nodes.clear();
  }
}

/** The lesson on its origin with the synthetic teacher's camera and microphone on a plain transport. */
export async function originWithTeacher(origin: BenchNode, lessonId: string) {
  const media = new LessonMedia(lessonId, origin.pool, SETTINGS, log);
  origin.cascade.serveLesson(lessonId, media);
  const teacher = media.peer('teacher', 'teacher');
  const ingest = await teacher.createPlainTransport({ direction: 'send' });
  const producerIds = [
    (await teacher.produce({ transportId: ingest.id, kind: 'video', label: 'camera', rtpParameters: PRODUCER_PARAMETERS.video })).id,
    (await teacher.produce({ transportId: ingest.id, kind: 'audio', label: 'microphone', rtpParameters: PRODUCER_PARAMETERS.audio })).id,
  ];
  return { media, ingest, producerIds };
}

/** A classroom receiving the teacher on `media` (origin or edge) over plain SRTP, sent to `receiverPort`. */
export async function addClassroom(media: LessonMedia, name: string, producerIds: string[], receiverPort: number, suite: SrtpSuite): Promise<void> {
  const peer = media.peer(name, `classroom:${name}`);
  await peer.createPlainTransport({ direction: 'recv', destination: { ip: '127.0.0.1', port: receiverPort }, srtp: srtpKey(suite) });
  const rtpCapabilities = await media.rtpCapabilities();
  for (const producerId of producerIds) {
    const { consumer } = await peer.consume(producerId, rtpCapabilities);
    assertCarriesCaptureTime(consumer.rtpParameters);
    await peer.resumeConsumer(consumer.id);
  }
}

/** Bytes sent by the node's pipe transports so far. */
export async function pipeBytesSent(node: BenchNode): Promise<number> {
  let bytes = 0;
  for (const pipe of node.pipes) {
    if (pipe.closed) continue;
    for (const stat of await pipe.getStats()) bytes += stat.bytesSent;
  }
  return bytes;
}
