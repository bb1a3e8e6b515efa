// The test pipeline behind `npm test`: type checks, vitest (unit + integration with a real
// mediasoup worker), Playwright (real Chromium). Every runner writes JSON; the counts are summed
// into one final line "N passed, N failed[, N skipped]" (always the last line of output).
//
//   npm test               everything
//   npm test -- --unit     type checks + vitest only (extra args go to vitest)
//   npm test -- --e2e      Playwright only (extra args go to playwright, e.g. a spec file)
//   (also: npm run test:unit / npm run test:e2e)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './setup/util.mjs';
import { runStatus } from './setup/exec.mjs';

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

function banner(text) {
  process.stderr.write(`\n[test] ==> ${text}\n`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** A runner that exited non-zero without reporting a failed test still failed (crash, setup error). */
function settle(name, status, counts) {
  if (counts === null) {
    process.stderr.write(`[test] ${name} produced no results (exit ${status}): counted as 1 failed\n`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (status !== 0 && counts.failed === 0) {
    process.stderr.write(`[test] ${name} exited with ${status} without a failed test (errors outside tests?): counted as 1 failed\n`);
    return { ...counts, failed: 1 };
  }
  return counts;
}

async function typecheck(project) {
  banner(`tsc -p ${project} --noEmit`);
  const status = await runStatus('npx', ['--no', '--', 'tsc', '-p', project, '--noEmit']);
  return status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
}

async function vitest(out, env, extra) {
  banner('vitest');
  const status = await runStatus('npx', ['--no', '--', 'vitest', 'run', '--reporter=default', '--reporter=json',
    `--outputFile.json=${out}`, ...extra], { env });
  const r = readJson(out);
  return settle('vitest', status, r && {
    passed: r.numPassedTests ?? 0,
    failed: r.numFailedTests ?? 0,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  });
}

async function playwright(out, env, extra) {
  banner('playwright');
  // PLAYWRIGHT_JSON_OUTPUT_FILE: full path of the json reporter's file (Playwright >= 1.44);
  // PLAYWRIGHT_JSON_OUTPUT_NAME is the older name, resolved against the same absolute path.
  const status = await runStatus('npx', ['--no', '--', 'playwright', 'test', '-c', 'e2e/playwright.config.ts',
    '--reporter=list,json', ...extra], { env: { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: out, PLAYWRIGHT_JSON_OUTPUT_NAME: out } });
  const s = readJson(out)?.stats;
  return settle('playwright', status, s ? {
    passed: (s.expected ?? 0) + (s.flaky ?? 0), // flaky = passed on a retry
    failed: s.unexpected ?? 0,
    skipped: s.skipped ?? 0,
  } : null);
}

/**
 * @param {string[]} args arguments after `test`
 * @param {string} workerBin mediasoup-worker for the integration and browser tests
 * @param {number} [setupFailures] failures found before the runners (a broken web build)
 * @returns {Promise<number>} exit code
 */
export async function runTests(args, workerBin, setupFailures = 0) {
  const unitOnly = args.includes('--unit');
  const e2eOnly = args.includes('--e2e');
  const extra = args.filter((a) => a !== '--unit' && a !== '--e2e');
  if (unitOnly && e2eOnly) throw new Error('use either --unit or --e2e, not both');
  if (extra.length && !unitOnly && !e2eOnly) {
    throw new Error(`extra test arguments (${extra.join(' ')}) need --unit (vitest) or --e2e (playwright)`);
  }
  const env = { ...process.env, MEDIASOUP_WORKER_BIN: workerBin };
  const tmp = mkdtempSync(join(tmpdir(), 'classroom-test-'));
  /** @type {Counts[]} */
  const results = [{ passed: 0, failed: setupFailures, skipped: 0 }];
  try {
    if (!e2eOnly) {
      results.push(await typecheck('tsconfig.json'));
      results.push(await typecheck('e2e/tsconfig.json'));
      if (existsSync(join(ROOT, 'web', 'tsconfig.json'))) results.push(await typecheck('web/tsconfig.json'));
      else process.stderr.write('[test] web/tsconfig.json does not exist: web type check skipped\n');
      results.push(await vitest(join(tmp, 'vitest.json'), env, unitOnly ? extra : []));
    }
    if (!unitOnly) results.push(await playwright(join(tmp, 'playwright.json'), env, e2eOnly ? extra : []));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const total = results.reduce((a, r) => ({
    passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped,
  }), { passed: 0, failed: 0, skipped: 0 });
  const summary = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`;
  if (total.passed === 0) process.stderr.write('[test] no test passed: treating the run as failed\n');
  process.stdout.write(`\n${summary}\n`);
  return total.failed > 0 || total.passed === 0 ? 1 : 0;
}
