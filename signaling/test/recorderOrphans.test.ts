import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './harness.ts';

const FFMPEG = '/usr/bin/ffmpeg';
const source = (file: string) => pathToFileURL(join(import.meta.dirname, '../src/recording', file)).href;

/** A server stand-in: starts one recorder's ffmpeg as the server does, prints its pid, then waits. */
const SERVER = `
import { FfmpegWriter } from '${source('FfmpegWriter.ts')}';
import { recorderSdp } from '${source('sdp.ts')}';
import { freePortPair } from '${source('udpPorts.ts')}';
const [dir] = process.argv.slice(-1);
const port = await freePortPair();
const opus = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }] };
const writer = await FfmpegWriter.start('${FFMPEG}', dir + '/voice.sdp', recorderSdp(opus, 'audio', port), dir + '/voice.webm', port);
console.log(JSON.stringify({ pid: writer.pid }));
setInterval(() => {}, 1000);
`;

/** Whether a process runs (a zombie left for init to reap has ended). */
async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'recorder-orphans-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('a server killed outright', () => {
  it('takes its recorders\' ffmpegs with it', async () => {
    const script = join(dir, 'server.mjs');
    await writeFile(script, SERVER);
    const server = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve, reject) => {
      server.stdout.setEncoding('utf8').once('data', (line: string) => resolve((JSON.parse(line) as { pid: number }).pid));
      server.once('exit', (code) => reject(new Error(`the stand-in exited (${code})`)));
    });
    expect(await running(pid)).toBe(true);
    expect((await readFile(`/proc/${pid}/comm`, 'utf8')).trim()).toBe('ffmpeg');

    server.kill('SIGKILL');
    await waitFor(async () => !(await running(pid)), 5_000);
  }, 20_000);
});
