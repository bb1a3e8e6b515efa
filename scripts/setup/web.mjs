// The browser app (web/dist, served by the signaling server). Rebuilt only when its inputs change:
// a hash of the sources (web/src, web/public, web/build, shared/src, config) is kept in web/dist/.build-stamp.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { log, ROOT } from './util.mjs';
import { run, sha256 } from './exec.mjs';

const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');
const STAMP = join(DIST, '.build-stamp');

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

/** Hash over the names and contents of everything the web build reads. */
export function webInputsHash() {
  const files = [
    ...listFiles(join(WEB, 'src')),
    ...listFiles(join(WEB, 'public')),
    ...listFiles(join(WEB, 'build')),
    ...listFiles(join(ROOT, 'shared', 'src')),
    ...['index.html', 'projector.html', 'vite.config.ts', 'package.json'].map((f) => join(WEB, f)).filter((f) => existsSync(f)),
  ].sort();
  const parts = files.map((f) => `${relative(ROOT, f)}\0${sha256(readFileSync(f))}\n`);
  return sha256(parts.join(''));
}

export function ensureWebBuild() {
  if (!existsSync(join(WEB, 'index.html'))) {
    log('WARNING: web/index.html does not exist: web app not built');
    return;
  }
  const want = webInputsHash();
  const have = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
  if (have === want && existsSync(join(DIST, 'index.html'))) {
    log('web app: web/dist is up to date');
    return;
  }
  log('Building the web app (vite)');
  run('npm', ['run', 'build', '-w', '@classroom/web'], { hint: 'The web build failed: see the errors above (web/).' });
  writeFileSync(STAMP, `${want}\n`);
}
