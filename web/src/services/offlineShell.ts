import { log } from './util.ts';

/**
 * Hands this page and the files it loaded to the service worker (web/build/sw.template.js), so
 * that a reload on a bad link, or with the server out of reach, starts from them. After the
 * page has loaded: registering must not compete with what the page needs first.
 */
export function keepShellForReloads(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const keep = (): void => {
    navigator.serviceWorker.register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        const page = location.pathname.replace(/\/+$/, '') || '/';
        // The build's files only: API calls and the socket are never kept.
        const assetsOf = (entries: PerformanceEntryList): string[] =>
          entries.map((entry) => new URL(entry.name).pathname).filter((path) => path.startsWith('/assets/'));
        const keepFiles = (files: string[]): void => registration.active?.postMessage({ type: 'keep', page, files });
        keepFiles(assetsOf(performance.getEntriesByType('resource')));
        // And what it loads later (a view's chunk on demand): where the browser serves files
        // from the kept copies by itself, the worker does not see those fetches to keep them.
        new PerformanceObserver((list) => {
          const files = assetsOf(list.getEntries());
          if (files.length > 0) keepFiles(files);
        }).observe({ type: 'resource' });
      })
      .catch((error: unknown) => log('warn', 'the page cannot be kept for reloads', { error: String(error) }));
  };
  if (document.readyState === 'complete') keep();
  else window.addEventListener('load', keep, { once: true });
}
