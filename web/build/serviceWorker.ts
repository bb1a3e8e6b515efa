import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Writes the service worker that keeps the app shell (build/sw.template.js) as /sw.js, with the
 * list of the build's files and which page each path serves. Hand-written rather than Workbox:
 * it needs only "keep what the page loaded, answer from it", and a precache of every file would
 * send a projector's link the other pages' code too.
 *
 * `pages`: the paths of the app's pages and the HTML file of each, as the server serves them
 * (signaling/src/http/createHttpApp.ts).
 */
export function serviceWorker(pages: Record<string, string>): Plugin {
  return {
    name: 'classroom:service-worker',
    apply: 'build',
    generateBundle: {
      // After the HTML pages are in the bundle.
      order: 'post',
      handler(_options, bundle) {
        // (the build's manifest, under .vite/, is for the tests and never served)
        const files = Object.keys(bundle).filter((name) => !name.endsWith('.map') && !name.startsWith('.')).map((name) => `/${name}`).sort();
        // Every file name carries its content's hash but the pages, whose content names the rest.
        const version = createHash('sha256').update(files.join('\n'))
          .update(Object.values(pages).map((page) => sourceOf(bundle[page])).join('\n'))
          .digest('hex').slice(0, 16);
        const shell = { version, files, pages: Object.fromEntries(Object.entries(pages).map(([path, page]) => [path, `/${page}`])) };
        const template = readFileSync(fileURLToPath(new URL('./sw.template.js', import.meta.url)), 'utf8');
        this.emitFile({ type: 'asset', fileName: 'sw.js', source: template.replace('__SHELL__', JSON.stringify(shell)) });
      },
    },
  };
}

function sourceOf(output: { type: string; source?: string | Uint8Array; code?: string } | undefined): string {
  if (!output) throw new Error('service worker: a page named in vite.config.ts is not in the build');
  const content = output.type === 'asset' ? output.source : output.code;
  return typeof content === 'string' ? content : Buffer.from(content ?? '').toString('utf8');
}
