import { ClassroomError, type LessonEndReason, type LessonPhase, type TokenClaims } from '@classroom/shared';
import { LessonMedia, type TransportSettings, type WorkerPool } from '@classroom/sfu';
import type { LessonStore } from '../db/LessonStore.ts';
import type { LessonStores } from './Lesson.ts';
import type { Logger } from '../logger.ts';
import { endLesson } from './endLesson.ts';
import { Lesson, type LessonRules } from './Lesson.ts';

/**
 * The lessons that have someone connected. A lesson is loaded from the store when its first
 * client arrives and released (router closed, attendance closed) when the last one leaves.
 * Loading is synchronous, so two clients arriving together cannot load the same lesson twice.
 */
export class LessonRegistry {
  readonly #store: LessonStore;
  readonly #stores: LessonStores;
  readonly #rules: LessonRules;
  readonly #pool: WorkerPool;
  readonly #transport: TransportSettings;
  readonly #log: Logger;
  readonly #live = new Map<string, Lesson>();
  readonly #onOpen: (lesson: Lesson) => void;

  constructor(stores: LessonStores, rules: LessonRules, pool: WorkerPool, transport: TransportSettings, log: Logger, onOpen: (lesson: Lesson) => void) {
    this.#store = stores.lessons;
    this.#stores = stores;
    this.#rules = rules;
    this.#pool = pool;
    this.#transport = transport;
    this.#log = log;
    this.#onOpen = onOpen;
  }

  /** Checks that a token's lesson and classroom exist and admit it; returns the live lesson. */
  admit(claims: TokenClaims): Lesson {
    const live = this.#live.get(claims.lessonId);
    const record = live ? undefined : this.#store.lesson(claims.lessonId);
    if (!live && !record) throw new ClassroomError('not_found', 'this lesson does not exist');
    const phase = live?.phase ?? record!.phase;
    if (phase === 'ended') throw new ClassroomError('lesson_ended', 'this lesson has ended');
    if (claims.classroomId) {
      const classroom = this.#store.classrooms(claims.lessonId).find((c) => c.id === claims.classroomId);
      if (!classroom) throw new ClassroomError('not_found', 'this classroom is not part of the lesson');
      if (classroom.removed) throw new ClassroomError('classroom_removed', 'this classroom was removed from the lesson');
      const locked = live?.locked ?? record!.locked;
      if (locked && !this.#store.hasAttended(claims.lessonId, claims.classroomId)) {
        throw new ClassroomError('lesson_locked', 'the teacher locked this lesson: no new classroom may join');
      }
    }
    if (live) return live;
    const lesson = new Lesson(
      record!, this.#store.classrooms(record!.id), new LessonMedia(record!.id, this.#pool, this.#transport, this.#log),
      this.#stores, this.#rules, this.#log,
    );
    this.#live.set(lesson.id, lesson);
    this.#onOpen(lesson);
    return lesson;
  }

  get(lessonId: string): Lesson | undefined {
    return this.#live.get(lessonId);
  }

  /**
   * Ends a lesson whether or not anyone is connected to it (the admin, the away-teacher rule).
   * Returns its phase afterwards, or undefined for a lesson that does not exist.
   */
  end(lessonId: string, reason: LessonEndReason): LessonPhase | undefined {
    const live = this.#live.get(lessonId);
    if (live) {
      endLesson(live, reason);
      this.releaseIfIdle(live);
      return live.phase;
    }
    const record = this.#store.lesson(lessonId);
    if (!record) return undefined;
    if (record.phase !== 'ended') this.#store.setPhase(lessonId, 'ended', reason);
    return 'ended';
  }

  /**
   * Revokes every link of a lesson issued so far (tokens of the old generation are refused from
   * now on) and closes the connections made with them. Returns the new generation.
   */
  revokeLinks(lessonId: string): number {
    const version = this.#store.nextTokenVersion(lessonId);
    const live = this.#live.get(lessonId);
    if (live) {
      live.linksRevoked();
      this.releaseIfIdle(live);
    }
    return version;
  }

  /** Closes a lesson nobody is connected to any more. */
  releaseIfIdle(lesson: Lesson): void {
    // Parked media waits for its client's reconnect (LessonMedia.parkPeer).
    if (lesson.connectionCount > 0 || lesson.media.parkedCount > 0 || this.#live.get(lesson.id) !== lesson) return;
    this.#live.delete(lesson.id);
    lesson.close();
    lesson.log.info({}, 'lesson released (nobody connected)');
  }

  /**
   * Closes a lesson here at once, whoever is still connected or kept, leaving its record as it
   * is: another server runs it now (cluster mode, its lease was lost).
   */
  evict(lessonId: string): void {
    const live = this.#live.get(lessonId);
    if (!live) return;
    this.#live.delete(lessonId);
    live.close();
    live.log.warn({}, 'lesson closed here: another server runs it');
  }

  liveLessons(): Lesson[] {
    return [...this.#live.values()];
  }

  closeAll(): void {
    for (const lesson of this.#live.values()) lesson.close();
    this.#live.clear();
  }
}
