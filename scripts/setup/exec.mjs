// Running child processes and hashing files: shared by the setup steps and the test pipeline.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { ROOT, SetupError } from './util.mjs';

/**
 * Runs a command with inherited stdio and waits for it; throws a SetupError (with `hint`) if it
 * fails. Synchronous on purpose: setup steps run one after the other.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, hint?: string }} [opts]
 */
export function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: 'inherit' });
  if (result.error) throw new SetupError(`could not run ${cmd}: ${result.error.message}${opts.hint ? `\n${opts.hint}` : ''}`);
  if (result.status !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.status}`;
    throw new SetupError(`\`${[cmd, ...args].join(' ')}\` ${how}${opts.hint ? `\n${opts.hint}` : ''}`);
  }
}

/**
 * Like `run` but never throws: returns the exit status (128 + n when killed by a signal), so the
 * test pipeline can go on to the next runner.
 * @returns {Promise<number>}
 */
export function runStatus(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: 'inherit' });
    child.on('error', (err) => { process.stderr.write(`could not run ${cmd}: ${err.message}\n`); resolve(127); });
    child.on('exit', (code, signal) => resolve(code ?? 128 + (constants.signals[signal] ?? 0)));
  });
}

/** @param {string | Buffer} data */
export function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(path) {
  return sha256(readFileSync(path));
}

/**
 * Runs a long-lived child (the server, or this script again under Node 24) in the foreground and
 * ends this process the way the child ended. SIGINT/SIGTERM/SIGHUP are passed on, so that
 * `kill <pid>` or a container stop reaches the real process instead of orphaning it.
 * @returns {Promise<never>}
 */
export function execForeground(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: 'inherit' });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => { if (child.exitCode === null && child.signalCode === null) child.kill(signal); };
  for (const s of signals) process.on(s, forward);
  return new Promise(() => {
    child.on('error', (err) => {
      process.stderr.write(`could not run ${cmd}: ${err.message}\n`);
      process.exit(127);
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      if (signal) process.kill(process.pid, signal); // die the same way (the shell prints nothing extra for SIGINT)
      process.exit(code ?? 1);
    });
  });
}
