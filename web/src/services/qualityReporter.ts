import { qualityReport, sampleLink, type LinkSample } from './linkQuality.ts';
import { statEntries } from './rtcStats.ts';
import { getActiveMedia } from './session.ts';
import { isSocketConnected, request } from './socket.ts';
import { log } from './util.ts';

// The server keeps one report per 2 s at most; every 5 s gives the teacher a fresh grade and
// the report ~700 samples an hour per classroom.
const REPORT_INTERVAL_MS = 5_000;

let timer: ReturnType<typeof setInterval> | null = null;

/** The previous sample, of the transport it was read from. */
interface Baseline {
  transportId: string;
  sample: LinkSample;
}

/**
 * A projector measures its receive transport every few seconds and tells the server (the
 * teacher and the assistant see the grade; the lesson report keeps the averages). Nothing is
 * sent while there is no transport to measure. One timer for the page's life.
 */
export function startQualityReports(): void {
  if (timer) return;
  let previous: Baseline | null = null;
  timer = setInterval(() => {
    void measure(previous).then((next) => { previous = next; });
  }, REPORT_INTERVAL_MS);
}

async function measure(previous: Baseline | null): Promise<Baseline | null> {
  const media = getActiveMedia();
  const transport = media?.session.openTransport('recv');
  if (!media || !transport || transport.closed || !isSocketConnected()) return null;
  try {
    const teacherVideo = media.receiver.teacherConsumer('camera')?.track.id ?? null;
    const sample = sampleLink(statEntries(await transport.getStats()), teacherVideo, performance.now());
    // The first sample of a transport is only the baseline of the next one.
    const report = previous?.transportId === transport.id ? qualityReport(previous.sample, sample) : null;
    if (report) await request('quality:report', report);
    return { transportId: transport.id, sample };
  } catch (error) {
    log('warn', 'quality report failed', { error });
    return null;
  }
}
