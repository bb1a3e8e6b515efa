import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A segment's duration in ms, read by ffprobe: from the file's header, or, for a file whose end
 * was never written (finalizing it failed, e.g. on a full disk), from its last packet.
 */
export async function segmentDurationMs(ffprobe: string, file: string): Promise<number> {
  const header = await run(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  const seconds = Number.parseFloat(header.stdout.trim());
  if (Number.isFinite(seconds)) return Math.round(seconds * 1000);
  const packets = await run(ffprobe, ['-v', 'error', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file], { maxBuffer: 64 * 1024 * 1024 });
  const last = Math.max(0, ...packets.stdout.split('\n').map(Number.parseFloat).filter(Number.isFinite));
  return Math.round(last * 1000);
}
