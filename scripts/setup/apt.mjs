// Debian packages the classroom needs. Checked with dpkg-query first so that a machine that has
// everything never touches apt (and never needs root).
import { spawnSync } from 'node:child_process';
import { log, SetupError } from './util.mjs';
import { run } from './exec.mjs';

/** Build dependencies of mediasoup-worker (see build-mediasoup-worker.sh), TLS roots for npm, openssl for LAN
 * certificates, ffmpeg for the network check's probe stream (sfu/src/NetworkProbe.ts). */
export const RUNTIME_PACKAGES = [
  'build-essential', 'pkg-config', 'ninja-build', 'python3', 'libssl-dev', 'libuv1-dev',
  'libsrtp2-dev', 'libabsl-dev', 'flatbuffers-compiler', 'libflatbuffers-dev', 'ca-certificates', 'openssl', 'ffmpeg',
];
/** The browser tests: Debian's Chromium (Playwright never downloads one), ffmpeg to make and
 * check media, CJK fonts so that Chinese class names render in screenshots, coturn for the TURN
 * relay test, iproute2 and nftables for the tests that put a classroom on its own network,
 * PostgreSQL 15 for the tests of the records in PostgreSQL, redis-server for the cluster tests
 * (each test starts a server of its own on its own port: the services the packages may start on
 * 5432 and 6379 are neither used nor touched). */
export const TEST_PACKAGES = [
  ...RUNTIME_PACKAGES, 'chromium', 'fonts-noto-cjk', 'coturn', 'iproute2', 'nftables', 'postgresql-15', 'postgresql-client-15',
  'redis-server',
];
/** Benchmarks also compile a native receiver, pin processes and profile the worker. */
export const BENCH_PACKAGES = [...TEST_PACKAGES, 'gcc', 'libc6-dev', 'util-linux', 'linux-perf'];

let updated = false;

/** @param {string[]} packages @returns {string[] | null} missing ones, null if not a dpkg system */
export function missingPackages(packages) {
  const res = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...packages], { encoding: 'utf8' });
  if (res.error) return null; // no dpkg-query: not Debian
  const installed = new Set(res.stdout.split('\n')
    .filter((line) => line.endsWith(' install ok installed'))
    .map((line) => line.split(' ')[0].split(':')[0]));
  return packages.filter((p) => !installed.has(p));
}

/** @param {string[]} packages */
export function ensureAptPackages(packages) {
  const missing = missingPackages(packages);
  if (missing === null) {
    log(`WARNING: dpkg-query not found (not Debian?): make sure these are installed: ${packages.join(' ')}`);
    return;
  }
  if (missing.length === 0) {
    log(`Debian packages: all ${packages.length} installed`);
    return;
  }
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new SetupError(`Missing Debian packages: ${missing.join(' ')}\nRun as root, or install them: sudo ${install}`);
  }
  log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const hint = `Fix apt (network, /etc/apt/sources.list.d) and retry, or install by hand: ${install}`;
  // Lock timeout: another apt (e.g. unattended-upgrades on a fresh machine) may hold the lock.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  if (!updated) {
    run('apt-get', [...lock, 'update'], { env, hint });
    updated = true;
  }
  run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', ...missing], { env, hint });
}
