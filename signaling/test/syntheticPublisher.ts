import { readdirSync, readFileSync } from 'node:fs';
import { observer, type types } from 'mediasoup';
import { onTestFinished } from 'vitest';
import { INGEST_ABS_CAPTURE_TIME_ID, PRODUCER_PARAMETERS, SOURCE_SSRC } from '../../bench/fanout/media.ts';
import { PacedSource, recordSource } from '../../bench/fanout/source.ts';
export { probe } from '../../bench/recording/probe.ts';
import { ok, type TestSocket } from './harness.ts';

// A teacher (or a projector on stage) without a browser: the fan-out bench's synthetic teacher
// (real VP8 + Opus encoded once by ffmpeg, replayed in real time as plain RTP). Its key frames
// come every 0.5 s whatever the server asks (it is a replay): a browser sends one at once.

/** The client publishes a real camera and voice over one plain RTP transport; they flow until the test ends. */
export async function syntheticPublisher(teacher: TestSocket): Promise<{ camera: string; microphone: string; stop(): Promise<void> }> {
  const source = await recordSource({ seconds: 10, videoKbps: 800, keyFrameSeconds: 0.5 });
  const ingest = await ok(teacher, 'media:createPlainTransport', { direction: 'send' });
  const camera = await ok(teacher, 'media:produce', { transportId: ingest.id, kind: 'video', source: 'camera', rtpParameters: PRODUCER_PARAMETERS.video });
  const microphone = await ok(teacher, 'media:produce', { transportId: ingest.id, kind: 'audio', source: 'microphone', rtpParameters: PRODUCER_PARAMETERS.audio });
  const paced = new PacedSource(source, {
    host: ingest.ip, port: ingest.port, videoSsrc: SOURCE_SSRC.video, audioSsrc: SOURCE_SSRC.audio, absCaptureTimeId: INGEST_ABS_CAPTURE_TIME_ID,
  });
  paced.start();
  onTestFinished(() => paced.stop());
  return { camera: camera.producerId, microphone: microphone.producerId, stop: () => paced.stop() };
}

/** The processes whose command line names `needle` (the test's own data directory), by pid. */
export function processesNaming(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch { /* gone meanwhile */ }
  }
  return pids;
}

/** Counts the worker's transports and consumers made for recording (appData.recording), from now on. */
export function countRecordingMedia(): () => { transports: number; consumers: number } {
  const counts = { transports: 0, consumers: 0 };
  const onTransport = (transport: types.Transport) => {
    if (!transport.appData.recording) return;
    counts.transports += 1;
    transport.observer.once('close', () => { counts.transports -= 1; });
    transport.observer.on('newconsumer', (consumer) => {
      counts.consumers += 1;
      consumer.observer.once('close', () => { counts.consumers -= 1; });
    });
  };
  const onWorker = (worker: types.Worker) => worker.observer.on('newrouter', (router) => router.observer.on('newtransport', onTransport));
  observer.on('newworker', onWorker);
  onTestFinished(() => { observer.off('newworker', onWorker); });
  return () => ({ ...counts });
}
