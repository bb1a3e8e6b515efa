// Small helpers shared by the setup steps (plain JavaScript: runs before dependencies exist).
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Cache outside the checkout, shared by every clone on this machine. */
export function cacheDir() {
  const base = process.env.LIVE_CLASSROOM_CACHE
    ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'live-classroom');
  mkdirSync(base, { recursive: true });
  return base;
}

export function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

export function step(message) {
  process.stderr.write(`\n[setup] ==> ${message}\n`);
}

export class SetupError extends Error {}
