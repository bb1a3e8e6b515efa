import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { version as mediasoupVersion } from 'mediasoup';

/**
 * Where the mediasoup-worker binary is. mediasoup cannot fetch or build its worker here, so the
 * project's setup builds it from Debian libraries and caches it outside the checkout; it records
 * the path in a pointer file that this function falls back to when MEDIASOUP_WORKER_BIN is unset.
 */
export function resolveWorkerBin(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.MEDIASOUP_WORKER_BIN;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`MEDIASOUP_WORKER_BIN=${explicit} does not exist: run "npm run setup"`);
    return explicit;
  }
  const cache = env.LIVE_CLASSROOM_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'live-classroom');
  const pointer = join(cache, 'mediasoup-worker', `current-${mediasoupVersion}`);
  if (existsSync(pointer)) {
    const path = readFileSync(pointer, 'utf8').trim();
    if (existsSync(path)) return path;
  }
  throw new Error(
    `No mediasoup-worker ${mediasoupVersion} binary found: run "npm run setup" (it builds and caches it), ` +
      'or set MEDIASOUP_WORKER_BIN to a built binary.',
  );
}
