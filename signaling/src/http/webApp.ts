import { readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { Request, RequestHandler, Response } from 'express';

/** Vite names what it emits under /assets/ by content hash: a new build means new names. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages and the service worker: the browser asks each time (a 304 when nothing changed). */
const REVALIDATE = 'no-cache';

/** Encodings written by the build (web/build/precompress.ts), best first: brotli is ~15 % smaller. */
const ENCODINGS = [{ name: 'br', suffix: '.br' }, { name: 'gzip', suffix: '.gz' }] as const;
type Encoding = (typeof ENCODINGS)[number];

/** Files the browser may load: everything built but source maps and the compressed copies. */
function isServable(path: string): boolean {
  return !/\.(?:map|br|gz)$/i.test(path) && !path.split('/').some((part) => part.startsWith('.'));
}

export interface WebApp {
  /** Serves a built file at its own path (`/assets/…`, `/sw.js`), or passes on. */
  files: RequestHandler;
  /** Serves one HTML page of the build (`index.html`) for a view's path. */
  page(file: string): RequestHandler;
}

/**
 * The built web app, served from what the build wrote, listed once at start (a new build comes
 * with a restart): each file in the brotli or gzip copy the browser accepts, with
 * `Vary: Accept-Encoding`, hashed assets cached for good and pages revalidated every time.
 */
export function webApp(webDist: string): WebApp {
  const files = listBuild(webDist);

  const serve = (req: Request, res: Response, next: (error?: unknown) => void, path: string): void => {
    const encodings = files.get(path);
    if (!encodings) return next();
    let file = path;
    if (encodings.length > 0) {
      // Caches (the browser's, a school proxy) must keep the copies apart.
      res.vary('Accept-Encoding');
      const encoding = encodings.find((e) => req.acceptsEncodings(e.name) === e.name);
      if (encoding) {
        res.type(extname(path));
        res.setHeader('Content-Encoding', encoding.name);
        file += encoding.suffix;
      }
    }
    res.setHeader('Cache-Control', path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    res.sendFile(file.slice(1), { root: webDist, dotfiles: 'allow' }, (error) => {
      // A browser that went away mid-file is no error of ours.
      if (error && !res.headersSent) next(error);
    });
  };

  return {
    files: (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      serve(req, res, next, req.path);
    },
    page: (file) => (req, res, next) => serve(req, res, next, `/${file}`),
  };
}

/** URL path of every servable file → the precompressed copies written beside it. */
function listBuild(webDist: string): Map<string, Encoding[]> {
  const names = new Set(readdirSync(webDist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(webDist, join(entry.parentPath, entry.name)).split(sep).join('/')));
  const files = new Map<string, Encoding[]>();
  for (const name of names) {
    if (!isServable(name)) continue;
    files.set(`/${name}`, ENCODINGS.filter((e) => names.has(name + e.suffix)));
  }
  return files;
}
