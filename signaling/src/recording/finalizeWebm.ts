import { execFile } from 'node:child_process';
import { rename, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Gives a segment whose ffmpeg did not end it (it died, or had to be signalled) its duration and
 * cues (the index to seek with), by copying it once more (`-c copy`: no decoding). An empty or
 * unreadable file (nothing arrived) is removed. Returns whether a file is left.
 */
export async function finalizeWebm(ffmpeg: string, file: string): Promise<boolean> {
  const size = await stat(file).then((s) => s.size, () => 0);
  if (size === 0) {
    await rm(file, { force: true });
    return false;
  }
  const tmp = `${file}.tmp`;
  try {
    await run(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file, '-map', '0', '-c', 'copy', '-f', 'webm', '-y', tmp]);
    await rename(tmp, file);
    return true;
  } catch {
    await rm(tmp, { force: true });
    return false;
  }
}
