import { DateTime } from 'luxon';
import type { LessonStores } from '../db/Database.ts';
import type { Logger } from '../logger.ts';
import { weekOf, writeLessonStats, type StatsRules } from './lessonStats.ts';
import { recordMissedLessons } from './missedLessons.ts';

/** How often the timetable is walked for lessons that passed without being held. */
const SWEEP_EVERY_MS = 10 * 60_000;
/** How far back each sweep after the first looks (the first, at start, looks at the whole timetable). */
const SWEEP_BACK_MS = 3 * 86_400_000;

/**
 * Writes the district view's aggregates: a lesson's when it closes after ending (its attendance
 * rows are closed by then, so the figures equal its report's), and, every few minutes, those of
 * lessons that ended while nobody had them open (the admin, the away-teacher rule, a stop before
 * they were written) and of timetabled lessons nobody held. One write at a time.
 */
export class DistrictStatsWriter {
  readonly #stores: LessonStores;
  readonly #rules: StatsRules;
  readonly #log: Logger;
  #queue: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(stores: LessonStores, rules: StatsRules, log: Logger) {
    this.#stores = stores;
    this.#rules = rules;
    this.#log = log;
  }

  /** A lesson that ended: its aggregates, now. */
  lessonEnded(lessonId: string): Promise<void> {
    return this.#then(async () => {
      await writeLessonStats(this.#stores, lessonId, this.#rules);
    }, { lessonId });
  }

  /**
   * A classroom opened the lesson's recording: an ended lesson's aggregates again, with the replay
   * counted (one not ended yet counts it when it ends).
   */
  replayOpened(lessonId: string): Promise<void> {
    return this.#then(async () => {
      if ((await this.#stores.lessons.lesson(lessonId))?.phase === 'ended') await writeLessonStats(this.#stores, lessonId, this.#rules);
    }, { lessonId });
  }

  /** Looks for what has no aggregates yet; `from` is how far back on the timetable. */
  sweep(from: Date, now = new Date()): Promise<void> {
    return this.#then(async () => {
      for (const lessonId of await this.#stores.districtStats.endedWithoutStats()) await writeLessonStats(this.#stores, lessonId, this.#rules, now);
      const missed = await recordMissedLessons(this.#stores, this.#rules, from, now);
      if (missed > 0) this.#log.info({ lessons: missed }, 'district view: counted lessons not held or not yet counted');
      // This week's and last week's morning checks reach the rollup (within a sweep's interval).
      for (const days of [0, 7]) await this.#stores.weekRollup.refreshWeek(weekOf(DateTime.fromJSDate(now, { zone: this.#rules.timeZone }).minus({ days }).toISODate()!), this.#rules.timeZone);
    }, {});
  }

  /** The first sweep over the whole timetable, then one every few minutes over the last days. */
  start(): void {
    void this.sweep(new Date(0));
    this.#timer = setInterval(() => void this.sweep(new Date(Date.now() - SWEEP_BACK_MS)), SWEEP_EVERY_MS);
    this.#timer.unref();
  }

  /** Stops sweeping; resolves when the write under way is done (before the database closes). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#queue;
  }

  #then(work: () => Promise<void>, context: Record<string, unknown>): Promise<void> {
    this.#queue = this.#queue.then(work).catch((error: unknown) => {
      this.#log.error({ err: error, ...context }, 'district view: aggregates not written; the next sweep tries again');
    });
    return this.#queue;
  }
}
