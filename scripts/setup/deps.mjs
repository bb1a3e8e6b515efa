// npm dependencies, installed exactly from package-lock.json. A stamp with the lock file's hash
// makes a second run instant and re-installs after every lock change (git pull).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, ROOT } from './util.mjs';
import { run, sha256File } from './exec.mjs';

const LOCK = join(ROOT, 'package-lock.json');
const STAMP = join(ROOT, 'node_modules', '.classroom-setup-stamp');

/**
 * @param {string} workerBin mediasoup-worker path: with MEDIASOUP_WORKER_BIN set, mediasoup's
 *   postinstall (if npm runs it despite "allowScripts") skips its GitHub download/build.
 */
export function ensureDeps(workerBin) {
  const env = {
    ...process.env,
    MEDIASOUP_WORKER_BIN: workerBin,
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', // tests use Debian's chromium
  };
  const flags = ['--no-audit', '--no-fund'];
  if (!existsSync(LOCK)) {
    log('package-lock.json missing: npm install (creates it; commit it)');
    run('npm', ['install', ...flags], { env, hint: 'npm install failed: check the npm registry is reachable (npm config get registry).' });
  } else {
    const want = sha256File(LOCK);
    const have = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
    if (have === want && existsSync(join(ROOT, 'node_modules'))) {
      log('npm dependencies: up to date with package-lock.json');
      return;
    }
    log(have ? 'package-lock.json changed: npm ci' : 'Installing npm dependencies: npm ci');
    run('npm', ['ci', ...flags], {
      env,
      hint: 'If npm says package.json and package-lock.json are out of sync, run "npm install" and commit ' +
        'package-lock.json; otherwise check the npm registry is reachable (npm config get registry).',
    });
  }
  writeFileSync(STAMP, `${sha256File(LOCK)}\n`);
}
