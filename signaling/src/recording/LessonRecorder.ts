import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LessonPhase, PublicQuestion, StageEntry, TimelineKind } from '@classroom/shared';
import type { PublishedMedia } from '@classroom/sfu';
import type { Lesson } from '../lessons/Lesson.ts';
import { TEACHER_PUBLISHER } from '../lessons/publisher.ts';
import { SerialQueue } from '../lessons/SerialQueue.ts';
import type { RecordingLibrary } from './RecordingLibrary.ts';
import { SourceRecorder } from './SourceRecorder.ts';

export interface RecordingSettings {
  ffmpeg: string;
  /** Where the files go (DATA_DIR/recordings: each lesson's in a directory of its id), indexed once complete. */
  library: RecordingLibrary;
}

/** How often the disk's free space is looked at while recording. */
const DISK_CHECK_MS = 2000;

const QUESTION_MOMENTS: Partial<Record<PublicQuestion['state'], TimelineKind>> = {
  open: 'question-launched', closed: 'question-closed', revealed: 'question-revealed',
};

/**
 * Records a lesson while it is live and its recording is on: every producer it publishes (the
 * teacher's camera, voice and slides; the on-stage classroom's camera and voice) in its own files
 * (SourceRecorder), and what happens meanwhile in its timeline, on the recording's clock (ms since
 * the lesson's recording first started; a lesson that goes live again carries on that clock).
 * Everything runs in one queue, so the timeline is in the order things happened.
 */
export class LessonRecorder {
  readonly #lesson: Lesson;
  readonly #settings: RecordingSettings;
  readonly #dir: string;
  readonly #queue = new SerialQueue();
  readonly #sources = new Map<string, { recorder: SourceRecorder; media: PublishedMedia }>();
  /** Wall time of the recording clock's 0, known once it first starts. */
  #clockStart: number | undefined;
  #active = false;
  #closed = false;
  /** Stopped by a full disk: not started again until the lesson next goes live. */
  #diskFull = false;
  #diskCheck: NodeJS.Timeout | undefined;

  constructor(lesson: Lesson, settings: RecordingSettings) {
    this.#lesson = lesson;
    this.#settings = settings;
    this.#dir = join(settings.library.dir, lesson.id);
    // Each moment is timed when it happens, not when the queue gets to it.
    lesson.on('phaseChanged', (phase) => this.#run((at) => this.#phaseChanged(phase, at)));
    lesson.on('recordingChanged', () => this.#run((at) => this.#update(at)));
    lesson.on('stageUpdated', (stage) => this.#run((at) => this.#stageChanged(stage, at)));
    lesson.quiz.on('questionChanged', (question) => this.#run((at) => this.#questionChanged(question, at)));
    lesson.media.on('producerAdded', (media) => this.#run((at) => this.#producerAdded(media, at)));
    lesson.media.on('producerClosed', (producerId) => this.#run((at) => this.#producerClosed(producerId, at)));
    // Loaded while live (a restart, or everyone had left): recording resumes.
    this.#run((at) => this.#update(at));
  }

  /** Stops every recorder (their files end properly); resolves once their ffmpegs are gone. */
  close(): Promise<void> {
    this.#closed = true;
    const at = Date.now();
    return this.#queue.run(() => this.#update(at));
  }

  #run(task: (at: number) => Promise<void>): void {
    const at = Date.now();
    this.#queue.run(() => task(at)).catch((error: unknown) => this.#lesson.log.error({ err: error }, 'recording: step failed'));
  }

  async #update(at: number): Promise<void> {
    const lesson = this.#lesson;
    const wanted = !this.#closed && !this.#diskFull && lesson.recording.enabled && lesson.phase === 'live';
    if (wanted === this.#active) return;
    if (wanted) {
      this.#clockStart ??= await this.#clockStartOf(at);
      const room = await this.#settings.library.hasRoom();
      if (!room.ok) return this.#stopForDisk(`${room.freeBytes} bytes free`, at);
      await mkdir(this.#dir, { recursive: true });
      await lesson.stores.recordings.begin(lesson.id, this.#clockStart).catch((error: unknown) => {
        lesson.log.warn({ err: error }, 'recording: not entered in the library (its segments are, once they end)');
      });
      this.#active = true;
      await this.#note('recording-on', {}, at);
      for (const media of lesson.media.published()) await this.#startSource(media);
      this.#diskCheck = setInterval(() => void this.#checkDisk(), DISK_CHECK_MS);
    } else {
      clearInterval(this.#diskCheck);
      await Promise.all([...this.#sources.values()].map(({ recorder }) => recorder.stop()));
      this.#sources.clear();
      await this.#note('recording-off', {}, Math.max(at, Date.now()));
      this.#active = false;
    }
    lesson.markRecording(this.#active);
    lesson.log.info({ recording: this.#active }, this.#active ? 'recording started' : 'recording stopped');
  }

  /** The clock's 0 of an earlier recording of this lesson (another server, or before a restart), else now. */
  async #clockStartOf(now: number): Promise<number> {
    const first = (await this.#lesson.stores.timeline.ofLesson(this.#lesson.id))[0];
    return first ? first.wallAt - first.atMs : now;
  }

  async #phaseChanged(phase: LessonPhase, at: number): Promise<void> {
    if (phase === 'live') {
      // Live again: the disk is looked at again.
      this.#diskFull = false;
      await this.#update(at);
    }
    await this.#note(phase === 'scheduled' ? 'off-air' : phase, {}, at);
    if (phase !== 'live') await this.#update(at);
  }

  async #stageChanged(stage: StageEntry[], at: number): Promise<void> {
    const onStage = stage.filter((entry) => entry.state === 'on-stage');
    await this.#note('stage', { classroomIds: onStage.map((entry) => entry.classroomId), names: onStage.map((entry) => entry.name) }, at);
  }

  async #questionChanged(question: PublicQuestion, at: number): Promise<void> {
    const kind = QUESTION_MOMENTS[question.state];
    if (kind) await this.#note(kind, { questionId: question.id }, at);
  }

  async #producerAdded(media: PublishedMedia, at: number): Promise<void> {
    if (!this.#active) return;
    if (isSlides(media)) await this.#note('slides-on', {}, at);
    await this.#startSource(media);
  }

  async #producerClosed(producerId: string, at: number): Promise<void> {
    const source = this.#sources.get(producerId);
    if (!source) return;
    this.#sources.delete(producerId);
    if (isSlides(source.media)) await this.#note('slides-off', {}, at);
    await source.recorder.stop();
  }

  async #startSource(media: PublishedMedia): Promise<void> {
    // The classroom wall's pictures are for the teacher's eyes only: never recorded (issue #20).
    if (this.#sources.has(media.producerId) || media.label === 'wall') return;
    const lesson = this.#lesson;
    const name = `${media.publisherId.replace(':', '-')}-${media.label}`;
    const recorder = new SourceRecorder(name, {
      ffmpeg: this.#settings.ffmpeg, dir: this.#dir, log: lesson.log,
      tap: (target) => lesson.media.tap(media.producerId, '127.0.0.1', target),
      clock: () => this.#clock(),
      note: (kind, detail) => this.#run((at) => this.#note(kind, detail, at)),
      segmentEnded: (file) => this.#settings.library.segmentEnded(lesson.id, file),
      diskFull: (reason) => this.#run((at) => this.#stopForDisk(reason, at)),
    });
    this.#sources.set(media.producerId, { recorder, media });
    // A producer closed meanwhile, or no ffmpeg: the lesson goes on unrecorded for this source.
    await recorder.start().catch((error: unknown) => {
      this.#sources.delete(media.producerId);
      lesson.log.warn({ err: error, source: name }, 'recording: source not recorded');
    });
  }

  async #checkDisk(): Promise<void> {
    const room = await this.#settings.library.hasRoom();
    if (!room.ok && this.#active && !this.#diskFull) this.#run((at) => this.#stopForDisk(`${room.freeBytes} bytes free`, at));
  }

  /**
   * The disk is full (or nearly): recording stops, cleanly, and says so (its timeline, its row in
   * the library, the log); the lesson and its media go on untouched.
   */
  async #stopForDisk(reason: string, at: number): Promise<void> {
    if (this.#diskFull) return;
    const lesson = this.#lesson;
    lesson.log.error({ reason, minFreeBytes: this.#settings.library.minFreeBytes, dir: this.#settings.library.dir },
      'recording stopped: disk full (free space or lower the retention)');
    this.#diskFull = true;
    // Also when it could not start at all: the timeline says why nothing was recorded.
    await this.#write('disk-full', { reason }, at);
    await lesson.stores.recordings.begin(lesson.id, this.#clockStart ?? at)
      .then(() => lesson.stores.recordings.stopped(lesson.id, 'disk-full', at))
      .catch((error: unknown) => lesson.log.warn({ err: error }, 'recording: disk-full stop not stored'));
    await this.#update(at);
  }

  #clock(): number {
    return Date.now() - (this.#clockStart ?? Date.now());
  }

  /** A moment of the timeline, while recording; a failed write is logged, the lesson goes on. */
  async #note(kind: TimelineKind, detail: Record<string, unknown>, wallAt: number): Promise<void> {
    if (this.#active) await this.#write(kind, detail, wallAt);
  }

  async #write(kind: TimelineKind, detail: Record<string, unknown>, wallAt: number): Promise<void> {
    await this.#lesson.stores.timeline.add(this.#lesson.id, { kind, atMs: wallAt - this.#clockStart!, wallAt, detail }).catch((error: unknown) => {
      this.#lesson.log.warn({ err: error, kind }, 'recording: timeline moment not stored');
    });
  }
}

function isSlides(media: PublishedMedia): boolean {
  return media.publisherId === TEACHER_PUBLISHER && media.label === 'screen';
}
