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

  it('gives the projector a page of its own, whose code carries neither zod nor other browsers\' media handlers', async () => {
    const named = namedBy((await get(`${server.url}/projector?token=x`)).body.toString());
    // What the page runs: its socket's script and its own, and whatever they load.
    const files = filesOf(['src/services/earlySocket.ts', 'projector.html']);
    // The replay (issue #18), fetched once a permanent link's waiting screen is up: light too.
    const manifest = readManifest();
    const replayFiles = new Set<string>();
    const addReplay = (key: string): void => {
      const chunk = manifest[key]!;
      if (files.has(chunk.file) || replayFiles.has(chunk.file)) return;
      replayFiles.add(chunk.file);
      for (const css of chunk.css ?? []) replayFiles.add(css);
      for (const imported of [...chunk.imports ?? [], ...chunk.dynamicImports ?? []]) addReplay(imported);
    };
    addReplay(Object.keys(manifest).find((key) => key.endsWith('/replay/ProjectorReplay.tsx'))!);
    const replaySources = sourcesOf([...replayFiles]);
    expect(replaySources.some((s) => s.includes('/replay/ReplayPlayer.ts'))).toBe(true);
    expect(replaySources.filter((s) => /\/node_modules\/(zod|mediasoup-client)\//.test(s))).toEqual([]);
    expect(sent([...replayFiles])).toBeLessThan(12_000);
    const sources = sourcesOf([...files]);
    expect(sources.some((s) => s.includes('/projector/ProjectorView.tsx'))).toBe(true);
    expect(sources.some((s) => s.includes('/mediasoup-client/lib/handlers/Chrome111.js'))).toBe(true);
    expect(sources.filter((s) => /\/node_modules\/zod\//.test(s))).toEqual([]);
    expect(sources.filter((s) => /mediasoup-client\/lib\/(handlers\/(Chrome74|Firefox120|Safari12|ReactNative106|FakeHandler)|test\/)/.test(s))).toEqual([]);
    // The page names all of it: no chunk waits for another to have run before it is fetched.
    expect([...files].filter((f) => !named.includes(f))).toEqual([]);
    // What crosses a 1 Mbit/s school link before the first frame: 733 kB uncompressed before issue 17.
    // (files too small to be worth compressing have no copy). 160 kB before the classroom wall's
    // sender and still pictures, the network check and the REC mark (issue 17, 18, 20): 160.0 kB.
    expect(sent([...files])).toBeLessThan(165_000);
  });

  it('loads the projector page in a few files, the socket\'s own script first', async () => {
    const page = (await get(`${server.url}/projector?token=x`)).body.toString();
    const named = namedBy(page);
    // Over HTTP/1.1 a browser asks a host for 6 files at a time: 24 files before (issue 17), each
    // past the sixth waiting a round trip (150 ms on a school link) for a free connection.
    expect(named.length).toBeLessThanOrEqual(8);
    // The socket's script runs as soon as its own files are in, not once the whole page's code
    // has arrived; they come first, and are small: no React, no mediasoup-client.
    const scripts = [...page.matchAll(/<script ([^>]*)>/g)].map((m) => m[1]!);
    const socketEntry = readManifest()['src/services/earlySocket.ts']!.file;
    expect(scripts[0]).toContain(`src="/${socketEntry}"`);
    expect(scripts[0]).toMatch(/\basync\b/);
    const socketFiles = [...filesOf(['src/services/earlySocket.ts'])];
    expect(named.slice(0, socketFiles.length).sort()).toEqual(socketFiles.sort());
    const socketSources = sourcesOf(socketFiles);
    expect(socketSources.some((s) => s.includes('/socket.io-client/'))).toBe(true);
    expect(socketSources.filter((s) => /\/node_modules\/(react|react-dom|mediasoup-client)\//.test(s))).toEqual([]);
    expect(sent(socketFiles)).toBeLessThan(20_000);
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
