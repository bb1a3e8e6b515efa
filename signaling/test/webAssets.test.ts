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

/** The source files bundled into these built files, from their maps. */
function sourcesOf(files: string[]): string[] {
  // (the bundler's own runtime helpers come without a map)
  return files.filter((f) => existsSync(join(DIST, `${f}.map`)))
    .flatMap((f) => (JSON.parse(readFileSync(join(DIST, `${f}.map`), 'utf8')) as { sources: string[] }).sources);
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
    const page = (await get(`${server.url}/projector?token=x`)).body.toString();
    const named = [...page.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    // What the page runs: the scripts it names and whatever they load (the build's manifest says which).
    const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[]; dynamicImports?: string[]; css?: string[] }>;
    const files = new Set<string>();
    const add = (key: string, dynamicToo: boolean): void => {
      const chunk = manifest[key]!;
      if (files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const css of chunk.css ?? []) files.add(css);
      for (const imported of chunk.imports ?? []) add(imported, false);
      // (a permanent link's page shows its day instead, and between lessons the replay of recorded
      // lessons: loaded on demand, they join no lesson)
      if (dynamicToo) for (const imported of chunk.dynamicImports ?? []) if (!/\/(standing|replay)\//.test(imported)) add(imported, false);
    };
    add('projector.html', true);
    // The replay (issue #18), fetched once a permanent link's waiting screen is up: light too.
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
    const replayBrotli = [...replayFiles].reduce((sum, f) => sum + statSync(join(DIST, existsSync(join(DIST, `${f}.br`)) ? `${f}.br` : f)).size, 0);
    expect(replayBrotli).toBeLessThan(12_000);
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
    const brotli = [...files].reduce((sum, f) => sum + statSync(join(DIST, existsSync(join(DIST, `${f}.br`)) ? `${f}.br` : f)).size, 0);
    expect(brotli).toBeLessThan(165_000);
  });

});
