import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ClassroomError, type RecordingSettingsView } from '@classroom/shared';
import type { RecordingStore, RetentionSettings } from '../db/RecordingStore.ts';
import type { Logger } from '../logger.ts';
import { freeBytes, lessonDirSizes } from './diskSpace.ts';
import { segmentDurationMs } from './probeSegment.ts';

export interface LibrarySettings {
  /** DATA_DIR/recordings, on a volume every node shares (each serves any recording). */
  dir: string;
  ffprobe: string;
  /** The environment's retention, until the admin sets one. */
  retentionDays: number;
  quotaBytes: number | null;
  /** Below this much free on the recordings' disk, recording stops (the lessons go on). */
  minFreeBytes: number;
  /** This node's NODE_ID, written with each segment it indexes (null: one server). */
  nodeId: string | null;
}

const SWEEP_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A segment's file: `<source>-<start ms on the recording clock>.webm`. */
const SEGMENT_NAME = /^([a-z0-9-]+)-(\d{9,})\.webm$/i;

/** The source and start of a segment's file name, or undefined for any other name. */
export function parseSegmentName(file: string): { source: string; startMs: number } | undefined {
  const match = SEGMENT_NAME.exec(file);
  return match ? { source: match[1]!, startMs: Number(match[2]) } : undefined;
}

/**
 * The replay library (issue #18): indexes each finished segment (its duration read by ffprobe,
 * its size), keeps the recordings within the retention (days, and a disk quota: the oldest
 * lessons go first, never one being recorded), swept at start, hourly and when a segment ends,
 * and says whether the disk has room to record.
 */
export class RecordingLibrary {
  readonly #store: RecordingStore;
  readonly #settings: LibrarySettings;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | undefined;
  /** One sweep at a time; asked again meanwhile: once more after it. */
  #sweeping: Promise<void> | undefined;
  #sweepAgain = false;

  constructor(store: RecordingStore, settings: LibrarySettings, log: Logger) {
    this.#store = store;
    this.#settings = settings;
    this.#log = log.child({ component: 'recordings' });
  }

  get dir(): string {
    return this.#settings.dir;
  }

  get minFreeBytes(): number {
    return this.#settings.minFreeBytes;
  }

  async start(): Promise<void> {
    await mkdir(this.#settings.dir, { recursive: true });
    this.#timer = setInterval(() => this.sweepSoon(), SWEEP_EVERY_MS).unref();
    this.sweepSoon();
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping;
  }

  /** Whether the disk has room to record: at least RECORDING_MIN_FREE_MB free. */
  async hasRoom(): Promise<{ ok: boolean; freeBytes: number }> {
    const free = await freeBytes(this.#settings.dir).catch(() => 0);
    return { ok: free >= this.#settings.minFreeBytes, freeBytes: free };
  }

  /** A segment's file is complete: indexed with its duration and size, then the retention is applied. */
  async segmentEnded(lessonId: string, path: string): Promise<void> {
    const file = basename(path);
    const name = parseSegmentName(file);
    if (!name || basename(dirname(path)) !== lessonId) return;
    try {
      const [durationMs, { size }] = await Promise.all([segmentDurationMs(this.#settings.ffprobe, path), stat(path)]);
      await this.#store.addFile(lessonId, { file, ...name, durationMs, bytes: size, nodeId: this.#settings.nodeId }, Date.now());
      this.#log.info({ lessonId, file, durationMs, bytes: size }, 'recording segment indexed');
    } catch (error) {
      this.#log.warn({ err: error, lessonId, file }, 'recording segment not indexed');
    }
    this.sweepSoon();
  }

  async retention(): Promise<RetentionSettings> {
    return (await this.#store.settings()) ?? { retentionDays: this.#settings.retentionDays, quotaBytes: this.#settings.quotaBytes };
  }

  async saveRetention(settings: RetentionSettings): Promise<void> {
    await this.#store.saveSettings(settings);
    this.#log.info(settings, 'recording retention set');
    await this.sweep();
  }

  /** What the admin's recordings tab shows of the settings and the disk. */
  async view(): Promise<RecordingSettingsView> {
    const [retention, sizes, room, recordings] = await Promise.all([
      this.retention(), lessonDirSizes(this.#settings.dir), this.hasRoom(), this.#store.list({ kind: 'admin' }),
    ]);
    // Said while the disk is still short of room: freeing space (or a lower retention) ends it.
    const stopped = room.ok ? undefined : recordings.filter((r) => r.stoppedReason === 'disk-full').sort((a, b) => b.stoppedAt! - a.stoppedAt!)[0];
    return {
      ...retention,
      usedBytes: [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0),
      freeBytes: room.freeBytes,
      diskFullSince: stopped ? new Date(stopped.stoppedAt!).toISOString() : null,
      diskFullLesson: stopped ? { lessonId: stopped.lessonId, title: stopped.title } : null,
    };
  }

  /** Deletes a lesson's recording (files and rows); refused while it is being recorded. */
  async remove(lessonId: string, why: string): Promise<void> {
    const [recording] = await this.#store.list({ kind: 'admin' }, lessonId);
    if (!recording) throw new ClassroomError('not_found', 'no recording of this lesson');
    if (recording.recordingNow) throw new ClassroomError('conflict', 'this lesson is being recorded now: stop its recording first');
    await rm(join(this.#settings.dir, lessonId), { recursive: true, force: true });
    await this.#store.remove(lessonId);
    this.#log.info({ lessonId, bytes: recording.bytes, segments: recording.segments, why }, 'recording deleted');
  }

  /** A sweep soon, its failure logged. */
  sweepSoon(): void {
    this.sweep().catch((error: unknown) => this.#log.error({ err: error }, 'recording retention sweep failed'));
  }

  /** Applies the retention: recordings past their days, then the oldest while over the quota. */
  sweep(): Promise<void> {
    if (this.#sweeping) {
      this.#sweepAgain = true;
      return this.#sweeping;
    }
    this.#sweeping = (async () => {
      try {
        do {
          this.#sweepAgain = false;
          await this.#sweepOnce(Date.now());
        } while (this.#sweepAgain);
      } finally {
        this.#sweeping = undefined;
      }
    })();
    return this.#sweeping;
  }

  async #sweepOnce(now: number): Promise<void> {
    const { retentionDays, quotaBytes } = await this.retention();
    const oldestFirst = (await this.#store.list({ kind: 'admin' })).reverse();
    const sizes = await lessonDirSizes(this.#settings.dir);
    let used = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
    for (const recording of oldestFirst) {
      const endedAt = recording.clockStart + recording.durationMs;
      const why = endedAt < now - retentionDays * DAY_MS ? `older than ${retentionDays} days`
        : quotaBytes !== null && used > quotaBytes ? `over the quota of ${quotaBytes} bytes` : undefined;
      if (!why) continue;
      // One being recorded is kept (remove refuses it), whatever its age.
      const removed = await this.remove(recording.lessonId, why).then(() => true, (error: unknown) => {
        if (error instanceof ClassroomError) return false;
        throw error;
      });
      if (removed) used -= sizes.get(recording.lessonId) ?? 0;
    }
  }
}
