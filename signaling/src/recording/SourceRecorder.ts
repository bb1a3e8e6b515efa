import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordingTap, TapTarget } from '@classroom/sfu';
import type { Logger } from '../logger.ts';
import { FfmpegStartError, FfmpegWriter } from './FfmpegWriter.ts';
import { finalizeWebm } from './finalizeWebm.ts';
import { recorderSdp } from './sdp.ts';
import { freePortPair } from './udpPorts.ts';

/** After an ffmpeg died: the wait before the next segment starts (a gap of well under a second more). */
const RESTART_DELAY_MS = 200;
/** Segments shorter than this that die count as failing; this many in a row and the source gives up. */
const SHORT_SEGMENT_MS = 5000;
const MAX_SHORT_FAILURES = 3;
const START_ATTEMPTS = 3;
/** What ffmpeg says when its disk is full: no new segment then, it would fail the same way. */
const DISK_FULL = /No space left on device|ENOSPC/i;

/** What a source recorder needs of its lesson's recording. */
export interface SourceContext {
  ffmpeg: string;
  /** The lesson's recordings directory. */
  dir: string;
  log: Logger;
  /** The producer copied to a local port (LessonMedia.tap). */
  tap(target: TapTarget): Promise<RecordingTap>;
  /** Now, on the recording's clock. */
  clock(): number;
  /** A moment for the timeline: a segment began, a gap opened. */
  note(kind: 'segment' | 'gap', detail: Record<string, unknown>): void;
  /** A segment's file is complete (ended by ffmpeg, or finalized): for the library's index. */
  segmentEnded(file: string): Promise<void>;
  /** ffmpeg failed on a full disk: this source stopped, the lesson's recording is to stop. */
  diskFull(reason: string): void;
}

/**
 * One producer of a lesson recorded into WebM files, one per segment: a tap (PlainTransport +
 * consumer) sends its RTP to an ffmpeg that copies it. An ffmpeg that dies is replaced at once by
 * a new segment (the gap is noted); the recorder stops when asked, or when its producer closes.
 */
export class SourceRecorder {
  /** e.g. `teacher-camera`: the files are `<name>-<ms on the recording clock>.webm`. */
  readonly name: string;
  readonly #context: SourceContext;
  #tap: RecordingTap | undefined;
  #writer: FfmpegWriter | undefined;
  #file: string | undefined;
  /** Segments being finalized (finalizeWebm) after their ffmpeg ended. */
  readonly #finalizing = new Set<Promise<unknown>>();
  #stopping: Promise<void> | undefined;
  /** The segment starting (or the last one started). */
  #current: Promise<void> | undefined;
  #shortFailures = 0;
  readonly #files: string[] = [];

  constructor(name: string, context: SourceContext) {
    this.name = name;
    this.#context = context;
  }

  /** The segments' files so far. */
  get files(): readonly string[] {
    return this.#files;
  }

  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  /** Starts the first segment; rejects if it cannot (nothing is left running then). */
  start(): Promise<void> {
    this.#current = this.#segmentRetried();
    return this.#current;
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      // No more packets, then ffmpeg is told the stream ended.
      this.#tap?.close();
      await this.#writer?.stop();
      // A segment still starting sees `stopped` and closes what it made.
      await this.#current?.catch(() => undefined);
      if (this.#file) this.#finalize(this.#file, !this.#writer?.endedCleanly);
      await Promise.all(this.#finalizing);
    })();
    return this.#stopping;
  }

  /**
   * A segment, tried again on another port pair if its ffmpeg could not start: the pair is free
   * when picked, but another process may bind it before ffmpeg does.
   */
  async #segmentRetried(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#segment();
      } catch (error) {
        if (attempt >= START_ATTEMPTS || this.stopped || !(error instanceof FfmpegStartError)) throw error;
        this.#context.log.warn({ err: error, source: this.name, attempt }, 'recorder did not start: trying again');
      }
    }
  }

  async #segment(): Promise<void> {
    const { ffmpeg, dir, log } = this.#context;
    const atMs = Math.round(this.#context.clock());
    const file = join(dir, `${this.name}-${String(atMs).padStart(9, '0')}.webm`);
    const port = await freePortPair();
    const tap = await this.#context.tap({ ip: '127.0.0.1', port, rtcpPort: port + 1 });
    let writer: FfmpegWriter;
    try {
      if (this.stopped) throw new Error('stopped');
      writer = await FfmpegWriter.start(ffmpeg, `${file}.sdp`, recorderSdp(tap.rtpParameters, tap.kind, port), file, port);
    } catch (error) {
      tap.close();
      throw error;
    } finally {
      void rm(`${file}.sdp`, { force: true });
    }
    this.#tap = tap;
    this.#writer = writer;
    this.#file = file;
    // Stopped while ffmpeg was starting: stop() saw neither of them.
    if (this.stopped) {
      tap.close();
      await writer.stop();
      this.#file = undefined;
      this.#finalize(file, true);
      return;
    }
    const startedAt = Date.now();
    tap.onSourceGone(() => void this.stop());
    writer.once('died', (reason) => void this.#died(reason, startedAt, file));
    await tap.start();
    this.#files.push(file);
    this.#context.note('segment', { source: this.name, file: file.slice(dir.length + 1) });
    log.info({ source: this.name, file, pid: writer.pid }, 'recording segment started');
  }

  async #died(reason: string, startedAt: number, file: string): Promise<void> {
    const { log } = this.#context;
    this.#tap?.close();
    if (this.stopped) return;
    this.#file = undefined;
    this.#finalize(file, true);
    this.#context.note('gap', { source: this.name, file: file.slice(this.#context.dir.length + 1), reason });
    if (DISK_FULL.test(reason)) {
      log.error({ source: this.name, reason }, 'recorder stopped: the disk is full');
      this.#stopping = Promise.all(this.#finalizing).then(() => undefined);
      this.#context.diskFull(reason);
      return;
    }
    this.#shortFailures = Date.now() - startedAt < SHORT_SEGMENT_MS ? this.#shortFailures + 1 : 0;
    if (this.#shortFailures >= MAX_SHORT_FAILURES) {
      log.error({ source: this.name, reason }, 'recorder keeps dying: this source is no longer recorded');
      this.#stopping = Promise.resolve();
      return;
    }
    log.warn({ source: this.name, reason }, 'recorder died: recording goes on in a new segment');
    await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
    if (this.stopped) return;
    this.#current = this.#segmentRetried();
    await this.#current.catch((error: unknown) => {
      log.error({ err: error, source: this.name }, 'recorder could not restart: this source is no longer recorded');
      this.#stopping = Promise.resolve();
    });
  }

  /** The segment's end: its file made whole if ffmpeg could not (`fix`), then indexed if there is one. */
  #finalize(file: string, fix: boolean): void {
    const done = (async () => {
      if (fix) await finalizeWebm(this.#context.ffmpeg, file);
      if (await stat(file).then((s) => s.size > 0, () => false)) await this.#context.segmentEnded(file);
    })().finally(() => this.#finalizing.delete(done));
    this.#finalizing.add(done);
  }
}
