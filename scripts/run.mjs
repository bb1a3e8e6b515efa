#!/usr/bin/env node
// Entry point of the root package.json scripts: makes sure the machine has what the classroom
// needs (Node 24, Debian packages, mediasoup-worker, npm dependencies, web build), then runs the
// command. Plain JavaScript for Node >= 18: it runs before Node 24 and node_modules exist.
//
//   node scripts/run.mjs setup              every setup step (including test dependencies)
//   node scripts/run.mjs start [args]       runtime setup, then the server (args go to it)
//   node scripts/run.mjs test [args]        every setup step, then every test (see scripts/test.mjs)
//   node scripts/run.mjs bench:latency [args]  every setup step, then bench/latency/run.ts
//   node scripts/run.mjs bench:fanout [args]   every setup step, then bench/fanout/run.ts
//   node scripts/run.mjs bench:join [args]     every setup step, then bench/join/run.ts
//   node scripts/run.mjs bench:page [args]     every setup step, then bench/page/run.ts
//   node scripts/run.mjs bench:wall [args]     every setup step, then bench/wall/run.ts
//   node scripts/run.mjs bench:cascade [args]  every setup step, then bench/cascade/run.ts
//   node scripts/run.mjs bench:dashboard [args] every setup step, then bench/dashboard/run.ts
import { ensureNode24 } from './setup/node.mjs';
import { log, SetupError, step } from './setup/util.mjs';

await ensureNode24();

// Imported only now: they may use Node 24 APIs.
const { ensureAptPackages, BENCH_PACKAGES, RUNTIME_PACKAGES, TEST_PACKAGES } = await import('./setup/apt.mjs');
const { ensureWorker } = await import('./setup/worker.mjs');
const { ensureDeps } = await import('./setup/deps.mjs');
const { ensureWebBuild } = await import('./setup/web.mjs');
const { execForeground } = await import('./setup/exec.mjs');

const NODE_TS = ['--disable-warning=ExperimentalWarning']; // type stripping runs .ts directly

/**
 * @param {'runtime' | 'all'} set
 * @param {{ webFailureIsTestFailure?: boolean }} [opts] for `test`: a broken web build is
 *   reported as one failed test and the other tests still run
 * @returns {Promise<{ workerBin: string, webBuildFailed: boolean }>}
 */
async function setup(set, opts = {}) {
  step(`Debian packages (${set === 'all' ? 'runtime + tests' : 'runtime'})`);
  ensureAptPackages(set === 'all' ? TEST_PACKAGES : RUNTIME_PACKAGES);
  // Before npm: the install is told where the worker is (MEDIASOUP_WORKER_BIN).
  step('mediasoup-worker');
  const workerBin = await ensureWorker();
  process.env.MEDIASOUP_WORKER_BIN = workerBin; // inherited by the server, tests and benchmarks
  step('npm dependencies');
  ensureDeps(workerBin);
  step('web app');
  try {
    ensureWebBuild();
  } catch (err) {
    if (!opts.webFailureIsTestFailure || !(err instanceof SetupError)) throw err;
    log(`ERROR: ${err.message}\n[setup] (counted as 1 failed test; the other tests still run)`);
    return { workerBin, webBuildFailed: true };
  }
  return { workerBin, webBuildFailed: false };
}

/** For `test`: the final "N passed, N failed" line must come even when setup fails (CI reads it). */
function setupFailed(err) {
  process.stderr.write(`\n[setup] ERROR: ${err instanceof SetupError ? err.message : err?.stack ?? err}\n`);
  process.stdout.write('\n0 passed, 1 failed\n');
  process.exit(1);
}

const COMMANDS = {
  async setup(args) {
    if (args.length) log(`WARNING: ignoring arguments: ${args.join(' ')}`);
    await setup('all');
    step('Setup complete');
  },
  async start(args) {
    await setup('runtime');
    step('Starting the classroom server');
    await execForeground(process.execPath, [...NODE_TS, 'signaling/src/main.ts', ...args]);
  },
  async test(args) {
    const { workerBin, webBuildFailed } = await setup('all', { webFailureIsTestFailure: true }).catch(setupFailed);
    const { runTests } = await import('./test.mjs');
    process.exitCode = await runTests(args, workerBin, webBuildFailed ? 1 : 0);
  },
  async 'bench:latency'(args) {
    await setup('all');
    step('Latency benchmark');
    await execForeground(process.execPath, [...NODE_TS, 'bench/latency/run.ts', ...args]);
  },
  async 'bench:fanout'(args) {
    await setup('all');
    ensureAptPackages(BENCH_PACKAGES);
    step('Fan-out benchmark');
    await execForeground(process.execPath, [...NODE_TS, 'bench/fanout/run.ts', ...args]);
  },
  async 'bench:cascade'(args) {
    await setup('all');
    ensureAptPackages(BENCH_PACKAGES);
    step('Cascade benchmark');
    await execForeground(process.execPath, [...NODE_TS, 'bench/cascade/run.ts', ...args]);
  },
  async 'bench:join'(args) {
    await setup('all');
    ensureAptPackages(BENCH_PACKAGES);
    step('Join storm benchmark');
    await execForeground(process.execPath, [...NODE_TS, 'bench/join/run.ts', ...args]);
  },
  async 'bench:wall'(args) {
    await setup('all');
    ensureAptPackages(BENCH_PACKAGES);
    step('Classroom wall benchmark');
    await execForeground(process.execPath, [...NODE_TS, 'bench/wall/run.ts', ...args]);
  },
  async 'bench:dashboard'(args) {
    // PostgreSQL 15 is among the test packages: the bench starts a server of its own.
    await setup('all');
    step('District view benchmark');
    await execForeground(process.execPath, [...NODE_TS, 'bench/dashboard/run.ts', ...args]);
  },
  async 'bench:page'(args) {
    await setup('all');
    step('Projector page benchmark');
    await execForeground(process.execPath, [...NODE_TS, 'bench/page/run.ts', ...args]);
  },
};

const [command, ...args] = process.argv.slice(2);
// `npm test -- --unit` passes "--unit" straight through; a literal "--" is dropped as well.
const rest = args[0] === '--' ? args.slice(1) : args;
if (!command || !Object.hasOwn(COMMANDS, command)) {
  process.stderr.write(`usage: node scripts/run.mjs <${Object.keys(COMMANDS).join('|')}> [args...]\n`);
  process.exit(2);
}
try {
  await COMMANDS[command](rest);
} catch (err) {
  // SetupError messages already say what to do; anything else is a bug worth a stack trace.
  process.stderr.write(`\n[setup] ERROR: ${err instanceof SetupError ? err.message : err?.stack ?? err}\n`);
  process.exitCode = 1;
}
