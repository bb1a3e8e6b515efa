import { chromium, type Browser, type Page } from 'playwright-core';
import { installProbe } from './probe.ts';

/** The e2e suite's flags (e2e/playwright.config.ts), plus the barcode file as the camera. */
export function chromiumArgs(fakeCamera: string): string[] {
  return [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    `--use-file-for-fake-video-capture=${fakeCamera}`,
  ];
}

/** Debian's Chromium (never a downloaded browser); one per run, so runs share no state. */
export function launchBrowser(fakeCamera: string): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs(fakeCamera) });
}

/** A page in its own context (as separate machines would be), probing the matching video. */
export async function openProbedPage(browser: Browser, label: string, selector: string, errors: string[]): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => errors.push(`${label}: ${error.message}`));
  await installProbe(page, selector);
  return page;
}

/**
 * Polls an async check in the page until it holds. (page.waitForFunction takes an async
 * predicate's promise for a truthy answer and returns at once.)
 */
export async function untilInPage(page: Page, check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !await page.evaluate(check);) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The teacher's page has its camera and microphone producing (web/src/services/debug.ts). */
export function teacherProducing(page: Page): Promise<void> {
  return untilInPage(page, async () => {
    const hook = (window as unknown as { __classroom?: { mediaStats(): Promise<{ producers?: number }> } }).__classroom;
    return ((await hook?.mediaStats())?.producers ?? 0) >= 2;
  }, 30_000, 'the teacher producing camera and microphone');
}
