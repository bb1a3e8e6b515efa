import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LessonPhase, PublicQuestion, StageEntry, TimelineKind } from '@classroom/shared';
import type { PublishedMedia } from '@classroom/sfu';
import type { Lesson } from '../lessons/Lesson.ts';
import { TEACHER_PUBLISHER } from '../lessons/publisher.ts';
import { SerialQueue } from '../lessons/SerialQueue.ts';
import { SourceRecorder } from './SourceRecorder.ts';

export interface RecordingSettings {
  ffmpeg: string;
  /** DATA_DIR/recordings: each lesson's files in a directory of its id. */
  dir: string;
}

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

  constructor(lesson: Lesson, settings: RecordingSettings) {
    this.#lesson = lesson;
    this.#settings = settings;
    this.#dir = join(settings.dir, lesson.id);
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
    const wanted = !this.#closed && lesson.recording.enabled && lesson.phase === 'live';
    if (wanted === this.#active) return;
    if (wanted) {
      await mkdir(this.#dir, { recursive: true });
      this.#clockStart ??= await this.#clockStartOf(at);
      this.#active = true;
      await this.#note('recording-on', {}, at);
      for (const media of lesson.media.published()) await this.#startSource(media);
    } else {
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
    if (phase === 'live') await this.#update(at);
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
    });
    this.#sources.set(media.producerId, { recorder, media });
    // A producer closed meanwhile, or no ffmpeg: the lesson goes on unrecorded for this source.
    await recorder.start().catch((error: unknown) => {
      this.#sources.delete(media.producerId);
      lesson.log.warn({ err: error, source: name }, 'recording: source not recorded');
    });
  }

  #clock(): number {
    return Date.now() - (this.#clockStart ?? Date.now());
  }

  /** A moment of the timeline, while recording; a failed write is logged, the lesson goes on. */
  async #note(kind: TimelineKind, detail: Record<string, unknown>, wallAt: number): Promise<void> {
    if (!this.#active) return;
    await this.#lesson.stores.timeline.add(this.#lesson.id, { kind, atMs: wallAt - this.#clockStart!, wallAt, detail }).catch((error: unknown) => {
      this.#lesson.log.warn({ err: error, kind }, 'recording: timeline moment not stored');
    });
  }
}

function isSlides(media: PublishedMedia): boolean {
  return media.publisherId === TEACHER_PUBLISHER && media.label === 'screen';
}
