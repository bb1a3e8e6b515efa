import {
  ClassroomError, type LessonEndReason, type LessonPhase, type Question, type QuestionDraft, type TokenClaims,
} from '@classroom/shared';
import { LessonMedia, type TransportSettings, type WorkerPool } from '@classroom/sfu';
import type { LessonStores } from '../db/Database.ts';
import type { Fence } from '../db/fence.ts';
import type { LessonStore } from '../db/LessonStore.ts';
import type { Logger } from '../logger.ts';
import { endLesson } from './endLesson.ts';
import { Lesson, type LessonRules } from './Lesson.ts';
import type { LessonActions } from './LessonActions.ts';
import { SerialQueue } from './SerialQueue.ts';

/** Cluster mode: what a lesson run here writes carries this node's lease token (db/fence.ts). */
export interface LessonFencing {
  /** The token of the lease this node holds on the lesson, undefined if it holds none. */
  tokenOf(lessonId: string): number | undefined;
  /** The stores whose writes carry that fence. */
  stores(fence: Fence): LessonStores;
}

/**
 * The lessons that have someone connected. A lesson is loaded from the store when its first
 * client arrives and released (router closed, attendance closed) when the last one leaves.
 * Loading reads the store, so it runs in a queue of its lesson id (as mediasoup-demo queues room
 * creation): two clients arriving together cannot load the same lesson twice, and an admin's end
 * or revocation of a lesson nobody is in cannot slip between a load's read and its opening.
 */
export class LessonRegistry implements LessonActions {
  readonly #store: LessonStore;
  readonly #stores: LessonStores;
  readonly #rules: LessonRules;
  readonly #pool: WorkerPool;
  readonly #transport: TransportSettings;
  readonly #log: Logger;
  readonly #live = new Map<string, Lesson>();
  /** Per lesson id, while something is under way for it (see the class comment). */
  readonly #byId = new Map<string, { queue: SerialQueue; tasks: number }>();
  /** Released lessons still writing their last attendance: the server closes after them. */
  readonly #closing = new Set<Promise<void>>();
  readonly #onOpen: (lesson: Lesson) => void;
  readonly #fencing: LessonFencing | undefined;

  constructor(
    stores: LessonStores, rules: LessonRules, pool: WorkerPool, transport: TransportSettings, log: Logger, onOpen: (lesson: Lesson) => void,
    fencing?: LessonFencing,
  ) {
    this.#store = stores.lessons;
    this.#stores = stores;
    this.#rules = rules;
    this.#pool = pool;
    this.#transport = transport;
    this.#log = log;
    this.#onOpen = onOpen;
    this.#fencing = fencing;
  }

  /**
   * Checks that a token's lesson and classroom exist and admit it; returns the live lesson. The
   * caller joins it without waiting for anything else, so it cannot be released in between.
   */
  async admit(claims: TokenClaims): Promise<Lesson> {
    const live = this.#live.get(claims.lessonId);
    const record = live ? undefined : await this.#store.lesson(claims.lessonId);
    if (!live && !record) throw new ClassroomError('not_found', 'this lesson does not exist');
    const phase = live?.phase ?? record!.phase;
    if (phase === 'ended') throw new ClassroomError('lesson_ended', 'this lesson has ended');
    if (claims.classroomId) {
      const classroom = (await this.#store.classrooms(claims.lessonId)).find((c) => c.id === claims.classroomId);
      if (!classroom) throw new ClassroomError('not_found', 'this classroom is not part of the lesson');
      if (classroom.removed) throw new ClassroomError('classroom_removed', 'this classroom was removed from the lesson');
      const locked = live?.locked ?? record!.locked;
      if (locked && !(await this.#store.hasAttended(claims.lessonId, claims.classroomId))) {
        throw new ClassroomError('lesson_locked', 'the teacher locked this lesson: no new classroom may join');
      }
    }
    // Live now, or loaded (once, also for clients arriving together); it may have been released
    // while this waited for the store.
    return this.#live.get(claims.lessonId) ?? this.#inQueueOf(claims.lessonId, () => this.#load(claims.lessonId));
  }

  get(lessonId: string): Lesson | undefined {
    return this.#live.get(lessonId);
  }

  /**
   * Ends a lesson whether or not anyone is connected to it (the admin, the away-teacher rule).
   * Returns its phase afterwards, or undefined for a lesson that does not exist.
   */
  end(lessonId: string, reason: LessonEndReason): Promise<LessonPhase | undefined> {
    return this.#inQueueOf(lessonId, async () => {
      const live = this.#live.get(lessonId);
      if (live) {
        await live.serially(async () => {
          // The teacher came back while the away-teacher rule waited for its turn.
          if (reason === 'teacher_away' && live.teacherConnected) return;
          await endLesson(live, reason);
        });
        this.releaseIfIdle(live);
        return live.phase;
      }
      const record = await this.#store.lesson(lessonId);
      if (!record) return undefined;
      if (record.phase !== 'ended') await (await this.#writingStores(lessonId)).lessons.setPhase(lessonId, 'ended', reason);
      return 'ended';
    });
  }

  /**
   * Revokes every link of a lesson issued so far (tokens of the old generation are refused from
   * now on) and closes the connections made with them. Returns the new generation.
   */
  revokeLinks(lessonId: string): Promise<number> {
    return this.#inQueueOf(lessonId, async () => {
      const version = await this.#store.nextTokenVersion(lessonId);
      const live = this.#live.get(lessonId);
      if (live) {
        live.linksRevoked(version);
        this.releaseIfIdle(live);
      }
      return version;
    });
  }

  /**
   * Adds a prepared question to a lesson, through the live lesson when there is one so that the
   * teacher's console updates at once (in the lesson's order: it may be ending).
   */
  createQuestion(lessonId: string, draft: QuestionDraft): Promise<Question> {
    return this.#inQueueOf(lessonId, async () => {
      const live = this.#live.get(lessonId);
      if (live) return live.serially(() => { refuseIfEnded(live.phase); return live.quiz.create(draft); });
      const record = await this.#store.lesson(lessonId);
      if (!record) throw new ClassroomError('not_found', 'this lesson does not exist');
      refuseIfEnded(record.phase);
      return (await this.#writingStores(lessonId)).quiz.create(lessonId, draft);
    });
  }

  /** Through the live lesson when there is one, so that its recorder and its pages follow at once. */
  setRecording(lessonId: string, recording: boolean): Promise<boolean | undefined> {
    return this.#inQueueOf(lessonId, async () => {
      const live = this.#live.get(lessonId);
      if (live) return live.serially(async () => { await live.setRecording(recording); return live.recording.enabled; });
      if (!await this.#store.lesson(lessonId)) return undefined;
      await (await this.#writingStores(lessonId)).lessons.setRecording(lessonId, recording);
      return recording;
    });
  }

  /** Closes a lesson nobody is connected to any more. */
  releaseIfIdle(lesson: Lesson): void {
    // Parked media waits for its client's reconnect (LessonMedia.parkPeer).
    if (lesson.connectionCount > 0 || lesson.media.parkedCount > 0 || this.#live.get(lesson.id) !== lesson) return;
    this.#live.delete(lesson.id);
    const closing = lesson.close().then(
      () => lesson.log.info({}, 'lesson released (nobody connected)'),
      (error: unknown) => lesson.log.error({ err: error }, 'lesson released, but its close failed'),
    );
    this.#closing.add(closing);
    void closing.finally(() => this.#closing.delete(closing));
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

  /** Closes every lesson; resolves once their last records are written. */
  async closeAll(): Promise<void> {
    const lessons = [...this.#live.values()];
    this.#live.clear();
    await Promise.allSettled([...lessons.map((lesson) => lesson.close()), ...this.#closing]);
  }

  async #load(lessonId: string): Promise<Lesson> {
    const loaded = this.#live.get(lessonId);
    if (loaded) return loaded;
    // Fenced before reading: what an earlier owner wrote is read, what it writes now is refused.
    const stores = await this.#writingStores(lessonId);
    // Read again in the queue: an end or a revocation may have come since admit's checks.
    const record = await this.#store.lesson(lessonId);
    if (!record) throw new ClassroomError('not_found', 'this lesson does not exist');
    if (record.phase === 'ended') throw new ClassroomError('lesson_ended', 'this lesson has ended');
    const lesson = await Lesson.create(
      record, await this.#store.classrooms(lessonId), new LessonMedia(lessonId, this.#pool, this.#transport, this.#log),
      stores, this.#rules, this.#log,
    );
    this.#live.set(lessonId, lesson);
    this.#onOpen(lesson);
    return lesson;
  }

  /**
   * The stores to write a lesson's records with. Cluster mode: its fence raised to this node's
   * lease token first, and its writes carrying it; refused if this node holds no lease on it, or
   * a node with a newer token took it meanwhile.
   */
  async #writingStores(lessonId: string): Promise<LessonStores> {
    if (!this.#fencing) return this.#stores;
    const token = this.#fencing.tokenOf(lessonId);
    const fence = token === undefined ? undefined : { lessonId, token };
    if (!fence || !(await this.#store.raiseFence(fence))) {
      throw new ClassroomError('unavailable', 'this lesson is moving to another server: try again in a few seconds');
    }
    return this.#fencing.stores(fence);
  }

  /** Runs `task` after the tasks under way for this lesson id. */
  async #inQueueOf<T>(lessonId: string, task: () => Promise<T>): Promise<T> {
    const entry = this.#byId.get(lessonId) ?? { queue: new SerialQueue(), tasks: 0 };
    this.#byId.set(lessonId, entry);
    entry.tasks += 1;
    try {
      return await entry.queue.run(task);
    } finally {
      entry.tasks -= 1;
      if (entry.tasks === 0) this.#byId.delete(lessonId);
    }
  }
}

function refuseIfEnded(phase: LessonPhase): void {
  if (phase === 'ended') throw new ClassroomError('lesson_ended', 'this lesson has ended: its questions can no longer change');
}
