// The teacher page's send statistics over time (web/src/services/debug.ts test hook).
import type { Page } from 'playwright-core';

export interface TeacherSample {
  /** Unix ms (this process's clock). */
  at: number;
  videoBytesSent: number;
  videoKeyFramesEncoded: number;
  videoPlisReceived: number;
  srtpCipher: string | null;
}

/** Samples every `intervalMs` until stop() (which returns the series). */
export function sampleTeacher(page: Page, intervalMs: number): { stop(): Promise<TeacherSample[]> } {
  const samples: TeacherSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const stats = await page.evaluate(() =>
        (window as unknown as { __classroom: { mediaStats(): Promise<Omit<TeacherSample, 'at'>> } }).__classroom.mediaStats());
      samples.push({
        at: performance.timeOrigin + performance.now(),
        videoBytesSent: stats.videoBytesSent,
        videoKeyFramesEncoded: stats.videoKeyFramesEncoded,
        videoPlisReceived: stats.videoPlisReceived,
        srtpCipher: stats.srtpCipher,
      });
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}
