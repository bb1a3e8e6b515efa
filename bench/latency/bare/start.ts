// Starts the bare mediasoup baseline (server.ts, with its page built into ./dist) for a benchmark.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The bare baseline: its page is built once, its server is a child process. */
export async function startBare(): Promise<{ url: string; stop(): Promise<void> }> {
  const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(import.meta.dirname, 'vite.config.ts')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the bare baseline page failed');
  const child: ChildProcess = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(import.meta.dirname, 'server.ts')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORT: '0' } });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bare server did not start in 20 s')), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /bare server listening (\d+)/.exec(chunk.toString());
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
