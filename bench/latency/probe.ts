import type { Page } from 'playwright-core';
import { BARCODE, decodeIndex } from './barcode.ts';

/** One frame as a page first presented it: its barcode index, when, and at what width. */
export interface FrameEvent {
  index: number;
  /** Absolute ms (performance.timeOrigin + expectedDisplayTime): comparable across pages. */
  t: number;
  width: number;
}

export interface ProbeDump {
  events: FrameEvent[];
  /** Presented frames whose barcode did not decode (should stay near 0). */
  undecoded: number;
  /** All presented frames seen by requestVideoFrameCallback. */
  presented: number;
}

interface ProbeOptions {
  selector: string;
  cols: number;
  rows: number;
}

interface ProbeWindow {
  __latencyProbe?: { dump(): ProbeDump; now(): number };
}

/**
 * Runs in the page before its scripts. Watches every video element matching the selector (the
 * app may create or replace it at any time), and on each presented frame draws it into a tiny
 * canvas, reads the barcode and records when the frame was (to be) shown. Only changes of index
 * are kept: the frame's first presentation is what a person would see.
 */
function probe(options: ProbeOptions, decode: (levels: number[]) => number | null): void {
  const CELL = 8; // canvas pixels per barcode cell; the centre half of each cell is averaged
  const canvas = document.createElement('canvas');
  canvas.width = options.cols * CELL;
  canvas.height = options.rows * CELL;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const events: FrameEvent[] = [];
  let undecoded = 0;
  let presented = 0;

  const read = (video: HTMLVideoElement): number | null => {
    // drawImage ignores CSS transforms: the teacher's mirrored preview reads the same as a projector.
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const levels: number[] = [];
    for (let cell = 0; cell < options.cols * options.rows; cell++) {
      const x0 = (cell % options.cols) * CELL + CELL / 4;
      const y0 = Math.floor(cell / options.cols) * CELL + CELL / 4;
      let sum = 0;
      for (let y = y0; y < y0 + CELL / 2; y++) {
        for (let x = x0; x < x0 + CELL / 2; x++) {
          const p = (y * canvas.width + x) * 4;
          sum += 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!;
        }
      }
      levels.push(sum / (CELL * CELL / 4));
    }
    return decode(levels);
  };

  const watched = new WeakSet<HTMLVideoElement>();
  const watch = (video: HTMLVideoElement): void => {
    if (watched.has(video)) return;
    watched.add(video);
    let last = -1;
    const onFrame = (now: number, metadata: VideoFrameCallbackMetadata): void => {
      presented++;
      const index = video.videoWidth > 0 ? read(video) : null;
      if (index === null) undecoded++;
      else if (index !== last) {
        last = index;
        if (events.length < 100_000) {
          events.push({ index, t: performance.timeOrigin + (metadata.expectedDisplayTime || now), width: metadata.width });
        }
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const scan = (): void => {
    for (const video of document.querySelectorAll<HTMLVideoElement>(options.selector)) watch(video);
  };
  new MutationObserver(scan).observe(document, { childList: true, subtree: true });
  (window as ProbeWindow).__latencyProbe = {
    dump: () => ({ events: events.slice(), undecoded, presented }),
    now: () => performance.timeOrigin + performance.now(),
  };
}

/** Installs the probe on the page's future documents: call before page.goto(). */
export async function installProbe(page: Page, selector: string): Promise<void> {
  const options: ProbeOptions = { selector, cols: BARCODE.cols, rows: BARCODE.rows };
  // One decoder for the generator's layout, shipped as source text (Node strips the types).
  await page.addInitScript({ content: `(${probe.toString()})(${JSON.stringify(options)}, ${decodeIndex.toString()});` });
}

export async function dumpProbe(page: Page): Promise<ProbeDump> {
  return page.evaluate(() => (window as ProbeWindow).__latencyProbe!.dump());
}

/** The page's clock, in the same absolute ms as FrameEvent.t. */
export async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => (window as ProbeWindow).__latencyProbe!.now());
}

/** Waits until the page has decoded at least one barcode (the video is live). */
export async function waitForFrames(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => ((window as ProbeWindow).__latencyProbe?.dump().events.length ?? 0) > 0, null, { timeout: timeoutMs, polling: 200 });
}
