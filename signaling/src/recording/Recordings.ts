import type { Lesson } from '../lessons/Lesson.ts';
import { LessonRecorder, type RecordingSettings } from './LessonRecorder.ts';

/** The recorders of the lessons this server runs: the server's close waits for their files' ends. */
export class Recordings {
  readonly #settings: RecordingSettings;
  readonly #closing = new Set<Promise<void>>();

  constructor(settings: RecordingSettings) {
    this.#settings = settings;
  }

  /** Records the lesson whenever it should be, until it closes here. */
  follow(lesson: Lesson): void {
    const recorder = new LessonRecorder(lesson, this.#settings);
    lesson.once('closed', () => {
      const closing = recorder.close().finally(() => this.#closing.delete(closing));
      this.#closing.add(closing);
    });
  }

  /** Resolves once every recorder of a closed lesson has stopped. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#closing]);
  }
}
