// Bare mediasoup, the baseline: one worker, one router, consumers created directly on plain SRTP
// transports; no signalling, no product code. Same source, receiver and thresholds as the product.
import { createWorker, type types } from 'mediasoup';
import { assertCarriesCaptureTime, PRODUCER_PARAMETERS, srtpKey } from './media.ts';
import type { FanoutSystem, SystemOptions } from './system.ts';

const CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
];
const LISTEN: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };

export async function startBare(label: string, options: SystemOptions): Promise<FanoutSystem> {
  if (options.workers !== 1) throw new Error('the bare baseline runs one worker and one router');
  const worker = await createWorker({ workerBin: options.workerBin, logLevel: 'warn' });
  const router = await worker.createRouter({ mediaCodecs: CODECS });
  const ingest = await router.createPlainTransport({ listenInfo: LISTEN, rtcpMux: true, comedia: true });
  const producers = [
    await ingest.produce({ kind: 'video', rtpParameters: PRODUCER_PARAMETERS.video }),
    await ingest.produce({ kind: 'audio', rtpParameters: PRODUCER_PARAMETERS.audio }),
  ];
  const classrooms: types.PlainTransport[] = [];

  async function addClassroom(): Promise<void> {
    const transport = await router.createPlainTransport({
      listenInfo: LISTEN, rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite: options.srtpSuite,
    });
    await transport.connect({ ip: '127.0.0.1', port: options.receiverPort, srtpParameters: srtpKey(options.srtpSuite) });
    for (const producer of producers) {
      const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
      assertCarriesCaptureTime(consumer.rtpParameters);
    }
    classrooms.push(transport);
  }

  return {
    label,
    ingest: { ip: ingest.tuple.localIp, port: ingest.tuple.localPort },
    controlPid: process.pid,
    async growTo(total) {
      while (classrooms.length < total) await addClassroom();
    },
    workerPids: () => [worker.pid],
    async close() {
      worker.close();
    },
  };
}
