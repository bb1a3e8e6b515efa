import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * What ffprobe finds in a recorded file: its streams' codecs, the file's duration in seconds and
 * the longest time between two packets (a hole in the recording) and where it begins (s into
 * the file). For the recording's tests
 * (signaling/test, e2e) and benches.
 */
export async function probe(file: string): Promise<{ codecs: string[]; seconds: number; longestGap: number; longestGapAt: number }> {
  const { stdout } = await promisify(execFile)('ffprobe', [
    '-v', 'error', '-show_entries', 'stream=codec_name:format=duration:packet=pts_time', '-of', 'json', file,
  ], { maxBuffer: 16 * 1024 * 1024 });
  const parsed = JSON.parse(stdout) as { streams: { codec_name: string }[]; format: { duration?: string }; packets: { pts_time: string }[] };
  const times = parsed.packets.map((p) => Number(p.pts_time)).sort((a, b) => a - b);
  let longestGap = 0;
  let longestGapAt = 0;
  for (let i = 1; i < times.length; i += 1) {
    if (times[i]! - times[i - 1]! > longestGap) [longestGap, longestGapAt] = [times[i]! - times[i - 1]!, times[i - 1]!];
  }
  return { codecs: parsed.streams.map((s) => s.codec_name), seconds: Number(parsed.format.duration), longestGap, longestGapAt };
}
