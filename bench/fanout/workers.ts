// The worker binaries a fan-out run compares: the product's (libsrtp with OpenSSL crypto) and,
// for the crypto comparison, the same worker linked to Debian's libsrtp2 (NSS crypto).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'build-mediasoup-worker.sh');

export function productWorkerBin(): string {
  const bin = process.env.MEDIASOUP_WORKER_BIN;
  if (!bin || !existsSync(bin)) throw new Error('MEDIASOUP_WORKER_BIN is not set: run through `npm run bench:fanout`, which builds the worker');
  return bin;
}

/** The NSS-crypto worker, built once (~6 minutes) with the project's recipe, then cached. */
export async function nssWorkerBin(progress: (line: string) => void): Promise<string> {
  const hash = createHash('sha256').update(readFileSync(SCRIPT)).digest('hex').slice(0, 12);
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'live-classroom', 'bench', `worker-nss-${hash}`);
  const bin = join(dir, 'out', 'mediasoup-worker');
  if (existsSync(bin)) return bin;
  const logFile = join(dir, 'build.log');
  progress(`building the NSS-crypto worker for the comparison (~6 minutes, log: ${logFile})`);
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(logFile);
  const child = spawn('bash', [SCRIPT], {
    env: { ...process.env, SRTP_CRYPTO: 'nss', WORK: join(dir, 'work'), OUTDIR: join(dir, 'out'), APT_DIR: join(dir, 'apt') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0 || !existsSync(bin)) throw new Error(`the NSS worker build failed (exit ${code}); see ${logFile}`);
  progress('NSS-crypto worker built');
  return bin;
}
