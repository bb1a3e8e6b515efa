// mediasoup-worker: mediasoup's own postinstall would download or build it from GitHub, which our
// machines cannot reach, so it is denied (package.json "allowScripts") and the worker is built
// from Debian libraries by build-mediasoup-worker.sh, once per machine, into a cache keyed by
// mediasoup version + hash of the build script (changing the recipe rebuilds).
import { spawn } from 'node:child_process';
import { accessSync, constants, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, log, ROOT, SetupError } from './util.mjs';
import { sha256File } from './exec.mjs';

const SCRIPT = join(ROOT, 'scripts', 'build-mediasoup-worker.sh');

/** The exact mediasoup version the sfu workspace depends on (the worker must match it). */
export function mediasoupVersion() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'sfu', 'package.json'), 'utf8'));
  const spec = pkg.dependencies?.mediasoup ?? '';
  if (!/^\d+\.\d+\.\d+$/.test(spec)) {
    throw new SetupError(`sfu/package.json must pin mediasoup to an exact version (found "${spec}"): the worker is built for it`);
  }
  return spec;
}

/** Cache locations of this version's worker. */
export function workerPaths(version = mediasoupVersion()) {
  const base = join(cacheDir(), 'mediasoup-worker');
  const dir = join(base, `${version}-${sha256File(SCRIPT).slice(0, 12)}`);
  return {
    dir,
    work: join(dir, 'work'),
    out: join(dir, 'out'),
    bin: join(dir, 'out', 'mediasoup-worker'),
    log: join(dir, 'build.log'),
    pointer: join(base, `current-${version}`),
  };
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Returns the path of a mediasoup-worker binary for the pinned mediasoup version, building it
 * (~6 minutes) when the cache has none. Honours an existing MEDIASOUP_WORKER_BIN.
 * @returns {Promise<string>}
 */
export async function ensureWorker() {
  const fromEnv = process.env.MEDIASOUP_WORKER_BIN;
  if (fromEnv) {
    if (isExecutable(fromEnv)) {
      log(`mediasoup-worker from MEDIASOUP_WORKER_BIN: ${fromEnv}`);
      return fromEnv;
    }
    log(`WARNING: MEDIASOUP_WORKER_BIN=${fromEnv} is not an executable file; ignoring it`);
  }
  const version = mediasoupVersion();
  const p = workerPaths(version);
  if (isExecutable(p.bin)) {
    log(`mediasoup-worker ${version} (cached) at ${p.bin}`);
    // A scratch tree left by a build run by hand: the binary is all that is needed.
    if (existsSync(p.work) && !buildRunning(p)) rmSync(p.work, { recursive: true, force: true });
  } else {
    await build(version, p);
    log(`mediasoup-worker ${version} built at ${p.bin}`);
  }
  // The server reads this when MEDIASOUP_WORKER_BIN is unset (sfu/src/workerBin.ts).
  writeFileSync(p.pointer, `${p.bin}\n`);
  return p.bin;
}

// Console phases, recognised from the build script's output (the full output goes to the log).
const PHASES = [
  [/apt-get|Reading package lists/, 'installing build dependencies (apt)'],
  [/^meson \d/, 'toolchain ready'],
  [/libsrtp2|dpkg-source|checking for /, 'building libsrtp2 with OpenSSL'],
  [/^mediasoup-\d.*\.tgz$|npm (notice|pack)/, 'fetching mediasoup sources from npm'],
  [/The Meson build system/, 'configuring (meson)'],
  [/flatbuffers-generator/, 'generating FlatBuffers headers'],
  [/Compiling C\+\+ object mediasoup-worker/, 'compiling mediasoup-worker'],
  [/Linking target mediasoup-worker/, 'linking'],
];

/** Runs the build script with its output in a log file and a compact progress on the console. */
async function build(version, p) {
  if (buildRunning(p)) {
    throw new SetupError(`another setup is building mediasoup-worker right now (see ${p.log}); wait for it and retry`);
  }
  if (process.getuid?.() !== 0) {
    throw new SetupError(
      'mediasoup-worker is not built yet and building it needs root (the build script runs apt-get).\n' +
      `Run "npm run setup" once as root, or build it yourself and set MEDIASOUP_WORKER_BIN (see ${SCRIPT}).`);
  }
  mkdirSync(p.dir, { recursive: true });
  writeFileSync(join(p.dir, 'build.lock'), String(process.pid));
  log(`Building mediasoup-worker ${version} from Debian libraries (about 6 minutes, once per machine)`);
  log(`full output: ${p.log}`);
  const started = Date.now();
  const out = createWriteStream(p.log);
  const env = {
    ...process.env, MS_VERSION: version, WORK: p.work, OUTDIR: p.out,
    APT_DIR: join(p.work, 'apt-trixie'), DEBIAN_FRONTEND: 'noninteractive',
  };
  const child = spawn('bash', [SCRIPT], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const onLine = progressReporter(started);
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      out.write(chunk);
      const lines = (rest + chunk.toString('utf8')).split(/\r?\n/);
      rest = lines.pop() ?? '';
      lines.forEach(onLine);
    });
  }
  const code = await new Promise((resolve) => {
    child.on('error', (err) => { out.write(`\n${err.stack}\n`); resolve(127); });
    child.on('close', (c, signal) => resolve(c ?? `killed by ${signal}`));
  });
  await new Promise((resolve) => out.end(resolve));
  rmSync(join(p.dir, 'build.lock'), { force: true });
  if (code !== 0 || !isExecutable(p.bin)) {
    const tail = readFileSync(p.log, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
    process.stderr.write(`\n----- last 40 lines of ${p.log} -----\n${tail}\n-----\n`);
    throw new SetupError(
      `building mediasoup-worker failed (exit ${code}); full log: ${p.log}\n` +
      `Fix the cause shown above and run the command again (downloads kept in ${p.work} are reused).`);
  }
  log(`  mediasoup-worker: done in ${Math.round((Date.now() - started) / 1000)}s`);
  // The scratch tree (sources, objects, private apt lists) is not needed once the binary exists.
  rmSync(p.work, { recursive: true, force: true });
}

/**
 * Turns build output lines into a few console lines: the phase when it changes, and ninja's
 * `[done/total]` as a percentage every 10%.
 * @param {number} started Date.now() at the start
 * @returns {(line: string) => void}
 */
export function progressReporter(started) {
  let phase = '';
  let bucket = -1;
  let total = 0;
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
  const onLine = (line) => {
    const ninja = /^\[(\d+)\/(\d+)\]/.exec(line);
    if (ninja) {
      const [done, all] = [Number(ninja[1]), Number(ninja[2])];
      if (all !== total) { total = all; bucket = -1; } // a new ninja run (flatbuffers, then the worker)
      const b = Math.floor((done / all) * 10);
      if (all > 20 && b > bucket) {
        bucket = b;
        log(`  mediasoup-worker: ${b * 10}% (${done}/${all}) [${elapsed()}]`);
      }
    }
    const next = PHASES.find(([re]) => re.test(line))?.[1];
    if (next && next !== phase && PHASES.findIndex(([, n]) => n === next) > PHASES.findIndex(([, n]) => n === phase)) {
      phase = next;
      log(`  mediasoup-worker: ${phase} [${elapsed()}]`);
    }
  };
  return onLine;
}

/** True while another setup process holds this version's build lock. */
function buildRunning(p) {
  const lock = join(p.dir, 'build.lock');
  return existsSync(lock) && isAlive(Number(readFileSync(lock, 'utf8')));
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
