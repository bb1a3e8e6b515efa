import { readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';

/** Free bytes on the disk that holds `dir`, for an unprivileged writer (what ffmpeg may still write). */
export async function freeBytes(dir: string): Promise<number> {
  const fs = await statfs(dir);
  return fs.bavail * fs.bsize;
}

/** The bytes each lesson's directory of recordings holds now, files being written included. */
export async function lessonDirSizes(dir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const lessons = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const lesson of lessons.filter((entry) => entry.isDirectory())) {
    let bytes = 0;
    for (const file of await readdir(join(dir, lesson.name)).catch(() => [])) {
      bytes += await stat(join(dir, lesson.name, file)).then((s) => s.size, () => 0);
    }
    sizes.set(lesson.name, bytes);
  }
  return sizes;
}
