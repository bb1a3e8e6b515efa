// Makes sure the command runs on Node 24: the product needs it (mediasoup 3.27, node:sqlite,
// TypeScript type stripping), and machines often ship an older Node. The only source of Node that
// works everywhere we deploy is the npm registry (package `node-<platform>-<arch>`), so Node 24
// and npm 11 are fetched from there into a cache outside the checkout, and the command re-runs.
// Plain JavaScript that runs on Node >= 18: it must work before Node 24 exists.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, log, step } from './util.mjs';
import { execForeground } from './exec.mjs';

export const NODE_MAJOR = 24;
const NODE_SPEC = `node-${process.platform}-${process.arch}@${NODE_MAJOR}`;
const NPM_SPEC = 'npm@11';

/** Directory holding bin/node and bin/npm of the cached Node 24 (may not exist yet). */
export function nodePrefix() {
  return join(cacheDir(), `node-${NODE_MAJOR}-${process.platform}-${process.arch}`);
}

function npmPack(spec, dest) {
  // `npm pack` uses the machine's npm and its registry configuration (proxies, mirrors).
  const out = execFileSync('npm', ['pack', spec, '--pack-destination', dest, '--silent'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });
  return join(dest, out.trim().split('\n').pop());
}

function untar(tgz, dest) {
  mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['xzf', tgz, '-C', dest], { stdio: 'inherit' });
}

/** Downloads Node 24 + npm 11 from the npm registry into the cache (once). */
export function installNode() {
  const prefix = nodePrefix();
  if (existsSync(join(prefix, 'bin', 'node')) && existsSync(join(prefix, 'bin', 'npm'))) return prefix;
  step(`Fetching Node ${NODE_MAJOR} (${NODE_SPEC}) and ${NPM_SPEC} from the npm registry`);
  const tmp = mkdtempSync(join(cacheDir(), 'node-download-'));
  try {
    const nodeTgz = npmPack(NODE_SPEC, tmp);
    const npmTgz = npmPack(NPM_SPEC, tmp);
    const staged = join(tmp, 'prefix');
    untar(nodeTgz, join(tmp, 'node'));
    untar(npmTgz, join(tmp, 'npm'));
    mkdirSync(join(staged, 'bin'), { recursive: true });
    mkdirSync(join(staged, 'lib', 'node_modules'), { recursive: true });
    renameSync(join(tmp, 'node', 'package', 'bin', 'node'), join(staged, 'bin', 'node'));
    chmodSync(join(staged, 'bin', 'node'), 0o755);
    renameSync(join(tmp, 'npm', 'package'), join(staged, 'lib', 'node_modules', 'npm'));
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(staged, 'bin', 'npm'));
    symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(staged, 'bin', 'npx'));
    const version = execFileSync(join(staged, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).trim();
    writeFileSync(join(staged, 'VERSION'), `${version}\n`);
    rmSync(prefix, { recursive: true, force: true });
    renameSync(staged, prefix);
    log(`Node ${version} installed in ${prefix}`);
    return prefix;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * If this process is not Node >= 24, run the same script again under the cached Node 24 (with
 * its npm first on PATH) and exit with its status; signals are passed on to it. Resolves only
 * when already on Node 24, so callers must `await` it.
 * @returns {Promise<void>}
 */
export async function ensureNode24() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= NODE_MAJOR) return;
  log(`This machine runs Node ${process.version}; the classroom needs Node ${NODE_MAJOR}.`);
  const prefix = installNode();
  const env = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}` };
  // Same flags (process.execArgv) and arguments; never resolves: exits with the child.
  await execForeground(join(prefix, 'bin', 'node'), [...process.execArgv, ...process.argv.slice(1)], { env, cwd: process.cwd() });
}

export function listCachedNodes() {
  return existsSync(cacheDir()) ? readdirSync(cacheDir()).filter((d) => d.startsWith('node-')) : [];
}
