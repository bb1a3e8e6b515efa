import type { Page } from 'playwright-core';
import { dumpProbe, pageNow, waitForFrames } from './probe.ts';
import { matchFrames, summarize, type Summary } from './stats.ts';

export interface MeasureOptions {
  warmupMs: number;
  measureMs: number;
  /** Length of the fake camera's loop: frame indexes repeat after it. */
  loopMs: number;
}

export interface ReceiverResult {
  name: string;
  summary: Summary;
  received: number;
  sent: number;
  undecoded: number;
  widths: Record<string, number>;
}

export interface Measurement {
  receivers: ReceiverResult[];
  overall: Summary;
  /** Frames the sender's own preview presented in the window (≈ fps × seconds). */
  senderFrames: number;
  senderUndecoded: number;
}

const FIRST_FRAME_TIMEOUT_MS = 30_000;

/**
 * Once every page shows decodable frames: warm up (bandwidth estimation climbs the simulcast
 * layers), then take a window on the sender's clock and pair frames by index. All pages live in
 * one browser, so their performance.timeOrigin-based clocks agree.
 */
export async function measure(sender: Page, receivers: { name: string; page: Page }[], options: MeasureOptions): Promise<Measurement> {
  await waitForFrames(sender, FIRST_FRAME_TIMEOUT_MS);
  await Promise.all(receivers.map(async ({ name, page }) => {
    try {
      await waitForFrames(page, FIRST_FRAME_TIMEOUT_MS);
    } catch (error) {
      throw new Error(`${name} showed no decodable frame within ${FIRST_FRAME_TIMEOUT_MS / 1000} s: ${(error as Error).message.split('\n')[0]}`);
    }
  }));
  await sleep(options.warmupMs);
  const start = await pageNow(sender);
  await sleep(options.measureMs);
  const end = await pageNow(sender);
  // Frames presented up to `end` reach the receivers a little later: let them arrive.
  await sleep(500);

  const senderDump = await dumpProbe(sender);
  const all: number[] = [];
  const results: ReceiverResult[] = [];
  for (const { name, page } of receivers) {
    const dump = await dumpProbe(page);
    const matched = matchFrames(senderDump.events, dump.events, start, end, options.loopMs);
    all.push(...matched.latencies);
    results.push({
      name,
      summary: summarize(matched.latencies),
      received: matched.received,
      sent: matched.sent,
      undecoded: dump.undecoded,
      widths: matched.widths,
    });
  }
  return {
    receivers: results,
    overall: summarize(all),
    senderFrames: senderDump.events.filter(({ t }) => t >= start && t <= end).length,
    senderUndecoded: senderDump.undecoded,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
