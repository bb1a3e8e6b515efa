import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { requireBearer } from './auth.ts';
import { dashboardApi } from './dashboardApi.ts';
import { districtsApi } from './districtsApi.ts';
import { errorHandler, sendError } from './httpErrors.ts';
import { lessonsApi, type LessonsApiDeps } from './lessonsApi.ts';
import { meApi, type MeApiDeps } from './meApi.ts';
import { networkCheckApi, type NetworkCheckApiDeps } from './networkCheckApi.ts';
import { originCheck } from './originCheck.ts';
import { recordingFilesApi, recordingsApi, type RecordingsApiDeps } from './recordingsApi.ts';
import { recordsApi, type RecordsApiDeps } from './recordsApi.ts';
import { schoolsApi, type StandingApiDeps } from './schoolsApi.ts';
import { teachersApi } from './teachersApi.ts';
import { timetableApi } from './timetableApi.ts';
import { webApp } from './webApp.ts';

export interface HttpAppDeps extends LessonsApiDeps, RecordsApiDeps, RecordingsApiDeps, StandingApiDeps, MeApiDeps, NetworkCheckApiDeps {
  log: Logger;
  metrics: Registry;
  /** Bearer token that /metrics asks for. */
  metricsToken: string;
  health: () => { ok: boolean; details: Record<string, unknown> };
  webDist: string;
  allowedOrigins: () => readonly string[];
  adminRequestsPerMinute: number;
  /** Cluster mode: the other servers this app's pages may open sockets on (every live node). */
  socketOrigins?: () => readonly string[];
}

/**
 * The web app's pages: index.html picks its view from the path; the projector, on the weakest
 * links, has a page of its own that names every script it runs (web/src/projector.tsx).
 */
const VIEW_PAGES: Record<string, string> = {
  '/': 'index.html', '/teacher': 'index.html', '/assistant': 'index.html', '/admin': 'index.html', '/report': 'index.html', '/district': 'index.html',
  '/projector': 'projector.html',
};
const VIEW_PATHS = Object.keys(VIEW_PAGES);

export function createHttpApp(deps: HttpAppDeps): Express {
  const { log, metrics, health, webDist } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        // Plain HTTP on a school LAN must keep working: do not ask the browser to upgrade.
        upgradeInsecureRequests: null,
        imgSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        // In a cluster a page is sent to the node that runs its lesson: its socket goes there.
        connectSrc: ["'self'", ...(deps.socketOrigins ? [() => socketSources(deps.socketOrigins!())] : [])],
      },
    },
  }));

  app.get('/healthz', (_req, res) => {
    const { ok, details } = health();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', ...details });
  });
  // Metrics tell how many lessons, classrooms and sockets are live and about the process: for
  // the operator's scraper, not for anyone who can reach the port.
  app.get('/metrics', async (req, res) => {
    requireBearer(req, deps.metricsToken);
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  app.use('/api', originCheck(deps.allowedOrigins));
  app.use('/api/recordings', recordingFilesApi(deps));
  // Per client address; the answer says when to try again (RateLimit headers, draft 8).
  app.use('/api', rateLimit({
    windowMs: 60_000,
    limit: deps.adminRequestsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => sendError(res, 429, 'rate_limited', 'too many requests: wait a minute and try again'),
  }));
  app.use('/api', express.json({ limit: '256kb' }));
  app.use('/api/recordings', recordingsApi(deps));
  app.use('/api/lessons', recordsApi(deps));
  app.use('/api/lessons', lessonsApi(deps));
  app.use('/api', schoolsApi(deps), teachersApi(deps), timetableApi(deps), meApi(deps), networkCheckApi(deps), districtsApi(deps), dashboardApi(deps));
  app.use('/api', (_req, res) => sendError(res, 404, 'not_found', 'no such API endpoint'));

  if (existsSync(join(webDist, 'index.html'))) {
    // Source maps stay on the server (web/vite.config.ts): they would hand out the app's source.
    app.use((req, res, next) => {
      if (isSourceMap(req.path)) return sendError(res, 404, 'not_found', 'no such file');
      next();
    });
    const web = webApp(webDist);
    app.use(web.files);
    for (const [path, page] of Object.entries(VIEW_PAGES)) app.get(path, web.page(page));
  } else {
    log.warn({ webDist }, 'web app not built: run "npm run setup" (pages will answer 503)');
    app.get(VIEW_PATHS, (_req, res) => sendError(res, 503, 'unavailable', 'the web app is not built: run "npm run setup"'));
  }
  app.use(errorHandler(log));
  return app;
}

/** Whether a request path names a .map file, also when encoded (serve-static decodes it). */
function isSourceMap(path: string): boolean {
  try {
    return /\.map$/i.test(decodeURIComponent(path));
  } catch {
    return false; // not decodable: serve-static refuses it too
  }
}

/** Each origin as itself and as its WebSocket (ws: for http:, wss: for https:), space-separated. */
function socketSources(origins: readonly string[]): string {
  return origins.flatMap((origin) => [origin, origin.replace(/^http/, 'ws')]).join(' ');
}
