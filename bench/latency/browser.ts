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
