// The app shell's service worker, written by web/build/serviceWorker.ts; SHELL is filled in there.
// It answers only for the build's own files and the pages' paths: API calls, the socket, metrics
// and anything else go to the network untouched. One cache per build: a new build is a new
// worker (its bytes change), which takes over at once; a page then loads the new build from the
// network, and once one has been kept, the older caches go.
const SHELL = __SHELL__;
const CACHE = `classroom-shell-${SHELL.version}`;
const FILES = new Set(SHELL.files);

self.addEventListener('install', (event) => {
  // Nothing is fetched here: each page hands over what it loaded (see 'message').
  // Where the browser routes by itself (Static Routing API), this worker need not even start
  // (~100 ms of a school PC's load): files named by their content's hash come straight from the
  // kept copies (the network if none); a page is raced against its kept copy, the first to
  // answer wins: the server on a good link, the copy on a bad one or none. Elsewhere, 'fetch'.
  if (event.addRoutes) {
    event.waitUntil(event.addRoutes([
      { condition: { urlPattern: '/assets/*' }, source: 'cache' },
      { condition: { requestMode: 'navigate' }, source: 'race-network-and-fetch-handler' },
    ]).catch(() => undefined));
  }
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

// A page, once loaded: "keep my page and these files". They come from the browser's HTTP
// cache (immutable), so keeping them costs the link only the page itself (a few hundred bytes).
self.addEventListener('message', (event) => {
  const { type, page, files } = event.data ?? {};
  const html = SHELL.pages[page];
  if (type !== 'keep' || !html || !Array.isArray(files)) return;
  const kept = [html, ...files.filter((file) => typeof file === 'string' && FILES.has(file))];
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Each file once (a page says again what it loads later); its page is the build's, kept once too.
    const missing = [];
    for (const path of new Set(kept)) if (!await cache.match(path, { ignoreVary: true })) missing.push(path);
    await cache.addAll(missing);
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const page = event.request.mode === 'navigate' ? SHELL.pages[url.pathname.replace(/\/+$/, '') || '/'] : undefined;
  if (page) {
    // The page as last kept: a reload on a bad link starts without waiting for the server.
    event.respondWith(fromCache(page, CACHE).then((kept) => kept ?? fetch(event.request)));
  } else if (FILES.has(url.pathname)) {
    // Named by content hash: a kept copy is always right. Files loaded later are kept as they come.
    event.respondWith(fromCache(url.pathname, CACHE).then((kept) => kept ?? fetchAndKeep(event.request, url.pathname)));
  } else if (url.pathname.startsWith('/assets/')) {
    // A file of an older build: its page was still loading when this worker took over.
    event.respondWith(fromCache(url.pathname).then((kept) => kept ?? fetch(event.request)));
  }
});

/** From this build's cache, or (no name) from any. */
async function fromCache(path, name) {
  // The server varies its files by Accept-Encoding; what is kept is already decoded.
  const options = { ignoreVary: true };
  return name ? (await caches.open(name)).match(path, options) : caches.match(path, options);
}

async function fetchAndKeep(request, path) {
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(path, copy)).catch(() => undefined);
  }
  return response;
}
