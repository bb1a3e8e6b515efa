import { existsSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './harness.ts';

// The real build (npm run setup writes it), served by a real server: what a projector downloads.
const DIST = join(import.meta.dirname, '../../web/dist');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw GET: fetch would add its own Accept-Encoding and decompress behind our back. */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

/** The page's entry script, as index.html names it. */
function entryScript(): string {
  const match = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(DIST, 'index.html'), 'utf8'));
  if (!match) throw new Error('index.html names no script');
  return match[1]!;
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/** Which chunks each page and view needs (the build's manifest). */
function readManifest(): Record<string, ManifestChunk> {
  return JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
}

/** The files that these manifest entries load at once: their own chunks and what those import. */
function chunksOf(manifest: Record<string, ManifestChunk>, keys: string[]): Set<string> {
  const files = new Set<string>();
  const add = (key: string): void => {
    const chunk = manifest[key]!;
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) add(imported);
  };
  keys.forEach(add);
  return files;
}

/** The manifest's key of the chunk that bundles this source file. */
function chunkWith(manifest: Record<string, ManifestChunk>, source: string): string {
  const key = Object.keys(manifest).find((k) => sourcesOf([manifest[k]!.file]).some((s) => s.endsWith(source)));
  if (!key) throw new Error(`no chunk bundles ${source}`);
  return key;
}

/** These files and the stylesheets their chunks bring. */
function withCss(manifest: Record<string, ManifestChunk>, files: Set<string>): Set<string> {
  const css = Object.values(manifest).filter((chunk) => files.has(chunk.file)).flatMap((chunk) => chunk.css ?? []);
  return new Set([...files, ...css]);
}

/** The source files bundled into these built files, from their maps. */
function sourcesOf(files: string[]): string[] {
  // (the bundler's own runtime helpers come without a map)
  return files.filter((f) => existsSync(join(DIST, `${f}.map`)))
    .flatMap((f) => (JSON.parse(readFileSync(join(DIST, `${f}.map`), 'utf8')) as { sources: string[] }).sources);
}

/**
 * The files these entries run and load, the manifest says: with the on-demand chunks of the
 * first (but a permanent link's day and the replay between lessons: loaded on demand, they join no
 * lesson).
 */
function filesOf(entries: string[]): Set<string> {
  const chunks = readManifest();
  const files = new Set<string>();
  const add = (key: string, dynamicToo: boolean): void => {
    const chunk = chunks[key]!;
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) add(imported, false);
    if (dynamicToo) for (const imported of chunk.dynamicImports ?? []) if (!/\/(standing|replay)\//.test(imported)) add(imported, false);
  };
  for (const entry of entries) add(entry, entry === entries[entries.length - 1]);
  return files;
}

/** The files a page names (scripts, module preloads, stylesheets), in its order, each once. */
function namedBy(page: string): string[] {
  return [...new Set([...page.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!))];
}

/** What these files weigh on the wire: brotli (files too small to be worth compressing have no copy). */
function sent(files: string[]): number {
  return files.reduce((sum, f) => sum + statSync(join(DIST, existsSync(join(DIST, `${f}.br`)) ? `${f}.br` : f)).size, 0);
}

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server.stop(); });

describe('the web app over the wire', () => {
  it('sends brotli to a browser that takes it, gzip to one that takes only gzip, and the file to others', async () => {
    const path = entryScript();
    const raw = readFileSync(join(DIST, path));
    const br = await get(`${server.url}${path}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(br.body.length).toBeLessThan(raw.length / 2);
    expect(brotliDecompressSync(br.body).equals(raw)).toBe(true);

    const gz = await get(`${server.url}${path}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(raw)).toBe(true);
    // A refused encoding is never sent.
    expect((await get(`${server.url}${path}`, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');

    const plain = await get(`${server.url}${path}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(plain.body.equals(raw)).toBe(true);
  });

  it('caches hashed assets for good and has pages revalidated', async () => {
    const asset = await get(`${server.url}${entryScript()}`, { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const page = await get(`${server.url}/projector?token=x`, { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    // A reload with nothing new costs a 304, not the page.
    const again = await get(`${server.url}/projector?token=x`, { 'accept-encoding': 'br', 'if-none-match': String(page.headers['etag']) });
    expect(again.status).toBe(304);
  });

  it('keeps each copy apart for caches: the brotli and gzip copies have their own validators', async () => {
    const path = entryScript();
    const br = await get(`${server.url}${path}`, { 'accept-encoding': 'br' });
    const gz = await get(`${server.url}${path}`, { 'accept-encoding': 'gzip' });
    expect(br.headers['etag']).toBeDefined();
    expect(br.headers['etag']).not.toBe(gz.headers['etag']);
  });

  it('never serves the compressed copies or source maps by their own names', async () => {
    const path = entryScript();
    for (const suffix of ['.br', '.gz', '.map']) {
      expect((await get(`${server.url}${path}${suffix}`)).status, suffix).toBe(404);
    }
  });

  it('gives the projector a page of its own, whose picture comes before React, with neither zod nor other browsers\' media handlers', async () => {
    const named = namedBy((await get(`${server.url}/projector?token=x`)).body.toString());
    const manifest = readManifest();
    // What the page runs before the teacher's picture: its script, and what that imports.
    const picture = withCss(manifest, chunksOf(manifest, ['projector.html', chunkWith(manifest, '/src/projectorLesson.ts')]));
    // Then its views (a lesson link's), once the picture is up.
    const views = [...withCss(manifest, chunksOf(manifest, [chunkWith(manifest, '/src/projectorLessonViews.tsx')]))].filter((f) => !picture.has(f));
    const pictureSources = sourcesOf([...picture]);
    expect(pictureSources.some((s) => s.includes('/src/services/projectorPictures.ts'))).toBe(true);
    expect(pictureSources.some((s) => s.includes('/mediasoup-client/lib/handlers/Chrome111.js'))).toBe(true);
    expect(pictureSources.filter((s) => /\/node_modules\/(zod|react|react-dom)\//.test(s))).toEqual([]);
    expect(pictureSources.filter((s) => /mediasoup-client\/lib\/(handlers\/(Chrome74|Firefox120|Safari12|ReactNative106|FakeHandler)|test\/)/.test(s))).toEqual([]);
    const viewSources = sourcesOf(views);
    expect(viewSources.some((s) => s.includes('/projector/ProjectorView.tsx'))).toBe(true);
    expect(viewSources.some((s) => s.includes('/node_modules/react-dom/'))).toBe(true);
    expect(viewSources.filter((s) => /\/node_modules\/(zod|mediasoup-client)\//.test(s))).toEqual([]);
    // The page names all the picture needs: no file waits for another to have run before it is fetched.
    expect([...picture].filter((f) => !named.includes(f))).toEqual([]);
    // What crosses a 1 Mbit/s school link before the first frame: 733 kB uncompressed before
    // issue 17, 160 kB with React and i18n in it, 58.4 kB without (files too small to be worth
    // compressing have no copy).
    expect(sent([...picture])).toBeLessThan(65_000);
    expect(sent(views)).toBeLessThan(100_000);

    // The replay (issue #18), fetched once a permanent link's waiting screen is up: light too.
    const replayFiles = new Set<string>();
    const addReplay = (key: string): void => {
      const chunk = manifest[key]!;
      if (picture.has(chunk.file) || views.includes(chunk.file) || replayFiles.has(chunk.file)) return;
      replayFiles.add(chunk.file);
      for (const css of chunk.css ?? []) replayFiles.add(css);
      for (const imported of [...chunk.imports ?? [], ...chunk.dynamicImports ?? []]) addReplay(imported);
    };
    addReplay(Object.keys(manifest).find((key) => key.endsWith('/replay/ProjectorReplay.tsx'))!);
    const replaySources = sourcesOf([...replayFiles]);
    expect(replaySources.some((s) => s.includes('/replay/ReplayPlayer.ts'))).toBe(true);
    expect(replaySources.filter((s) => /\/node_modules\/(zod|mediasoup-client)\//.test(s))).toEqual([]);
    expect(sent([...replayFiles])).toBeLessThan(12_000);
  });

  it('loads the projector page in a few files, its script only the socket\'s, the rest fetched with it', async () => {
    const page = (await get(`${server.url}/projector?token=x`)).body.toString();
    const named = namedBy(page);
    // Over HTTP/1.1 a browser asks a host for 6 files at a time: 24 files before (issue 17), each
    // past the sixth waiting a round trip (150 ms on a school link) for a free connection.
    expect(named.length).toBeLessThanOrEqual(8);
    // The page's script runs as soon as its own files are in: the socket, small (no React, no
    // mediasoup-client). It is the page's only script.
    const manifest = readManifest();
    const scripts = [...page.matchAll(/<script ([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain(`src="/${manifest['projector.html']!.file}"`);
    const socketFiles = [...chunksOf(manifest, ['projector.html'])];
    const socketSources = sourcesOf(socketFiles);
    expect(socketSources.some((s) => s.includes('/socket.io-client/'))).toBe(true);
    expect(socketSources.filter((s) => /\/node_modules\/(react|react-dom|mediasoup-client)\//.test(s))).toEqual([]);
    expect(sent(socketFiles)).toBeLessThan(20_000);
    // What brings the picture is fetched with the script, not once the script asks for it.
    const pictureFile = manifest[chunkWith(manifest, '/src/projectorLesson.ts')]!.file;
    expect(page).toMatch(new RegExp(`<link rel="modulepreload" crossorigin href="/${pictureFile}">`));
  });

  it('keeps mediasoup-client off the pages that run no media', () => {
    for (const view of ['src/views/admin/AdminPage.tsx', 'src/views/report/ReportPage.tsx', 'src/views/Home.tsx']) {
      expect(sourcesOf([...filesOf(['index.html', view])]).filter((s) => s.includes('/mediasoup-client/')), view).toEqual([]);
    }
  });

  it('keeps the district dashboard\'s chart library in the dashboard\'s own chunks', () => {
    const manifest = readManifest();
    const charting = (file: string) => sourcesOf([file]).some((s) => /\/node_modules\/(echarts|zrender)\//.test(s));
    const dashboard = chunksOf(manifest, ['src/views/district/DistrictPage.tsx']);
    // Every other page's first load and view: index.html, the projector's page, each view the path picks.
    const pageEntries = Object.entries(manifest).filter(([key, chunk]) => chunk.isEntry || (chunk.isDynamicEntry && !key.includes('/district/')));
    const others = chunksOf(manifest, pageEntries.map(([key]) => key));
    expect([...dashboard].filter(charting)).not.toEqual([]);
    expect([...others].filter(charting)).toEqual([]);
    // And nothing but the dashboard loads a chunk that carries it.
    const holders = Object.values(manifest).map((c) => c.file).filter(charting);
    expect(holders.filter((f) => !dashboard.has(f))).toEqual([]);
    // Nor does any page's first load (the projector's above all) carry the dashboard's code or words.
    const firstLoads = sourcesOf([...chunksOf(manifest, ['index.html', 'projector.html'])]);
    expect(firstLoads.filter((s) => /\/src\/(views|i18n)\/district\//.test(s))).toEqual([]);
  });

});
