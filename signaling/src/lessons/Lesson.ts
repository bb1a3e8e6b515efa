import { EventEmitter } from 'node:events';
import type {
  ChatMessage, ClassroomStatus, LessonEndReason, LessonPhase, LessonSnapshot, MediaLinkState, RecordingState, StageEntry, TokenClaims, WallStill,
} from '@classroom/shared';
import { ClassroomError, gradeQuality, type QualityGrade, type QualityReport } from '@classroom/shared';
import type { LessonMedia } from '@classroom/sfu';
import type { ClassroomState } from '../db/ClassroomStateStore.ts';
import type { LessonStores } from '../db/Database.ts';
import type { ClassroomRecord, LessonRecord } from '../db/LessonStore.ts';
import type { Logger } from '../logger.ts';
import { Attendance } from './Attendance.ts';
import { Classroom } from './Classroom.ts';
import { canTransition } from './phase.ts';
import { classroomPublisher, producerInfo } from './publisher.ts';
import { publicQuestion, Quiz } from './Quiz.ts';
import { SerialQueue } from './SerialQueue.ts';
import { Wall, WALL_SOURCE } from './Wall.ts';

const QUALITY_MIN_INTERVAL_MS = 2000;

export interface LessonRules {
  /** How many classrooms may be on stage (or invited) at once. */
  maxOnStage: number;
  /** How long a disconnected classroom keeps its raised hand. */
  handGraceMs: number;
}

interface LessonEvents {
  phaseChanged: [phase: LessonPhase];
  teacherPresenceChanged: [connected: boolean];
  classroomUpdated: [status: ClassroomStatus];
  classroomRemoved: [classroomId: string];
  stageUpdated: [stage: StageEntry[]];
  lockChanged: [locked: boolean];
  recordingChanged: [state: RecordingState];
  message: [message: ChatMessage];
  /** The admin revoked the lesson's links: every open connection must go. */
  linksRevoked: [];
  /** A classroom's still picture for the teacher's wall (its uplink carries no video). */
  wallStill: [still: WallStill];
  /** It closes here (released, evicted, the server stops): what served it elsewhere lets go. */
  closed: [];
}

/**
 * A lesson while anyone is connected to it: its phase, who is present, the classrooms' state
 * and its media. Emits only real changes; the realtime layer turns them into broadcasts. The
 * class's interaction rules (hands, stage, moderation) live in their own modules and act
 * through {@link classroom} and {@link changed}.
 *
 * Records are written asynchronously, so what reads the lesson's state, waits for the database and
 * then acts runs through {@link serially}: the commands (media aside), the quiz's timer, the admin.
 */
export class Lesson extends EventEmitter<LessonEvents> {
  readonly id: string;
  readonly title: string;
  readonly media: LessonMedia;
  readonly log: Logger;
  readonly rules: LessonRules;
  readonly stores: LessonStores;
  readonly quiz: Quiz;
  /** The teacher's classroom wall: which projectors send their picture. */
  readonly wall: Wall;
  readonly #classrooms = new Map<string, Classroom>();
  readonly #teachers = new Set<string>();
  readonly #attendance: Attendance;
  /** Names of all the lesson's classrooms, also of those removed (they still appear in records). */
  readonly #names = new Map<string, string>();
  readonly #queue = new SerialQueue();
  #phase: LessonPhase;
  #locked: boolean;
  #recording: RecordingState;
  /** The newest link generation this lesson knows of (see join). */
  #tokenVersion: number;
  /** What the lesson last told of the teacher's presence. */
  #toldTeacherConnected = false;
  #closed = false;

  /**
   * A lesson as its records left it: its quiz resumed (an open question's time limit runs on),
   * its classrooms' hands, stage and switches back. Nobody is connected yet, so each raised hand
   * waits for its classroom the grace period from now (it may be on its way from a dead server).
   */
  static async create(
    record: LessonRecord, classrooms: ClassroomRecord[], media: LessonMedia, stores: LessonStores, rules: LessonRules, log: Logger,
  ): Promise<Lesson> {
    const lesson = new Lesson(record, classrooms, media, stores, rules, log);
    for (const [id, state] of await stores.classroomStates.ofLesson(lesson.id)) {
      const classroom = lesson.#classrooms.get(id);
      classroom?.restore(state);
      if (classroom?.hand) lesson.#scheduleHandDrop(classroom);
    }
    await lesson.quiz.resume();
    return lesson;
  }

  private constructor(record: LessonRecord, classrooms: ClassroomRecord[], media: LessonMedia, stores: LessonStores, rules: LessonRules, log: Logger) {
    super();
    this.id = record.id;
    this.title = record.title;
    this.#phase = record.phase;
    this.#locked = record.locked;
    this.#recording = { enabled: record.recording, active: false };
    this.#tokenVersion = record.tokenVersion;
    this.media = media;
    this.stores = stores;
    this.rules = rules;
    this.log = log.child({ lessonId: record.id });
    this.#attendance = new Attendance(record.id, stores.lessons);
    this.wall = new Wall(this);
    for (const c of classrooms) {
      this.#names.set(c.id, c.name);
      if (!c.removed) this.#classrooms.set(c.id, new Classroom(c.id, c.name));
    }
    this.quiz = new Quiz(this.id, stores.quiz, {
      active: () => this.allClassrooms().map((c) => ({ id: c.id, name: c.name })),
      nameOf: (id) => this.#names.get(id) ?? '',
    }, (task) => this.serially(task), this.log);
  }

  /** Runs `task` after every task given to the lesson before it (see the class comment). */
  serially<T>(task: () => T | Promise<T>): Promise<T> {
    return this.#queue.run(task);
  }

  get phase(): LessonPhase {
    return this.#phase;
  }

  get locked(): boolean {
    return this.#locked;
  }

  get teacherConnected(): boolean {
    return this.#teachers.size > 0;
  }

  get connectionCount(): number {
    let count = this.#teachers.size;
    for (const c of this.#classrooms.values()) count += c.projectors.size + c.assistants.size;
    return count;
  }

  /**
   * Moves to another phase, stored before anyone is told (with why, when it ends: end lessons
   * through endLesson). Returns false if already there.
   */
  async transition(next: LessonPhase, endedReason: LessonEndReason | null = null): Promise<boolean> {
    if (next === this.#phase) return false;
    if (!canTransition(this.#phase, next)) {
      throw new ClassroomError(this.#phase === 'ended' ? 'lesson_ended' : 'conflict', `the lesson cannot go from ${this.#phase} to ${next}`);
    }
    await this.stores.lessons.setPhase(this.id, next, endedReason);
    this.#phase = next;
    this.log.info({ phase: next }, 'lesson phase changed');
    this.emit('phaseChanged', next);
    return true;
  }

  async setLocked(locked: boolean): Promise<void> {
    if (locked === this.#locked) return;
    await this.stores.lessons.setLocked(this.id, locked);
    this.#locked = locked;
    this.log.info({ locked }, 'lesson lock changed');
    this.emit('lockChanged', locked);
  }

  get recording(): RecordingState {
    return { ...this.#recording };
  }

  /** Turns the lesson's recording on or off (stored first); the recorder follows the event. */
  async setRecording(enabled: boolean): Promise<void> {
    if (enabled === this.#recording.enabled) return;
    await this.stores.lessons.setRecording(this.id, enabled);
    this.#setRecordingState({ ...this.#recording, enabled });
    this.log.info({ enabled }, 'lesson recording switched');
  }

  /** The recorder started or stopped writing (recording/LessonRecorder). */
  markRecording(active: boolean): void {
    this.#setRecordingState({ ...this.#recording, active });
  }

  #setRecordingState(next: RecordingState): void {
    if (next.enabled === this.#recording.enabled && next.active === this.#recording.active) return;
    this.#recording = next;
    this.emit('recordingChanged', { ...next });
  }

  /** A classroom of this lesson, or a clear error for the one who named it. */
  classroom(classroomId: string): Classroom {
    const classroom = this.#classrooms.get(classroomId);
    if (!classroom) throw new ClassroomError('not_found', 'this classroom is not part of the lesson');
    return classroom;
  }

  allClassrooms(): Classroom[] {
    return [...this.#classrooms.values()];
  }

  classroomName(classroomId: string): string | undefined {
    return this.#classrooms.get(classroomId)?.name;
  }

  /**
   * Changes what is kept of a classroom (its hand, stage, switches): stored first, so that an
   * acknowledged change outlives this server, then applied; a refused write changes nothing.
   * Only in the lesson's order (see serially). The caller tells of it (changed).
   */
  async keep(classroom: Classroom, change: Partial<ClassroomState>): Promise<void> {
    const current = classroom.kept();
    const next = { ...current, ...change };
    if ((Object.keys(next) as (keyof ClassroomState)[]).every((key) => next[key] === current[key])) return;
    await this.stores.classroomStates.save(this.id, classroom.id, next);
    classroom.restore(next);
  }

  /** Tells everyone concerned that a classroom changed (and the stage, if it did). */
  changed(classroom: Classroom, stageChanged = false): ClassroomStatus {
    const status = classroom.status();
    this.emit('classroomUpdated', status);
    if (stageChanged) this.emit('stageUpdated', this.stage());
    return status;
  }

  stage(): StageEntry[] {
    return this.allClassrooms()
      .filter((c) => c.stage !== 'none')
      .map((c) => ({ classroomId: c.id, name: c.name, state: c.stage as StageEntry['state'] }));
  }

  /**
   * Records a connection (presence + attendance). Throws at once if it may not join (its
   * classroom was removed, the lesson ended or closed, its link was revoked meanwhile). It counts
   * as present at once, so the lesson is not released under it; the others are told once its
   * attendance is stored, which the promise waits for (rejected if it could not be stored).
   */
  join(connectionId: string, claims: TokenClaims): Promise<void> {
    const classroom = claims.classroomId ? this.#classrooms.get(claims.classroomId) : undefined;
    if (claims.role !== 'teacher' && !classroom) throw new ClassroomError('classroom_removed', 'this classroom is not part of the lesson');
    if (this.#phase === 'ended' || this.#closed) throw new ClassroomError('lesson_ended', 'this lesson has ended');
    if (claims.tokenVersion < this.#tokenVersion) throw new ClassroomError('link_revoked', 'this link was withdrawn by the organiser: ask for a new one');
    const attendance = this.#attendance.join(connectionId, claims.classroomId, claims.role);
    if (claims.role === 'teacher') {
      this.#teachers.add(connectionId);
      return attendance.then(() => this.#tellTeacherPresence());
    }
    (claims.role === 'projector' ? classroom!.projectors : classroom!.assistants).add(connectionId);
    if (classroom!.hand?.dropsAt) {
      // Back within the grace period: the hand keeps its place in the queue.
      clearTimeout(classroom!.handDropTimer);
      classroom!.hand = { raisedAt: classroom!.hand.raisedAt, dropsAt: null };
    }
    return attendance.then(() => {
      if (this.#attendance.isCurrent(connectionId, attendance)) this.changed(classroom!);
    });
  }

  /**
   * The connection is gone at once (also one whose join is still being stored); the others are
   * told once its leave is stored. Never rejects: a leave that could not be stored is logged (a
   * restart closes the row). `mediaKept`: its media still flows, kept for a reconnect
   * (LessonMedia.parkPeer): the projector's link state stays what the media layer says until
   * `mediaClosed`.
   */
  async leave(connectionId: string, claims: TokenClaims, mediaKept = false): Promise<void> {
    const left = this.#attendance.leave(connectionId).catch((error: unknown) => {
      this.log.error({ err: error, connectionId }, 'attendance: leave not recorded');
    });
    if (claims.role === 'teacher') {
      this.#teachers.delete(connectionId);
      // Nobody looks at the wall any more: the projectors stop sending their pictures.
      if (this.#teachers.size === 0) {
        await this.wall.clear().catch((error: unknown) => this.log.warn({ err: error }, 'wall: stopping the pictures failed'));
      }
      await left;
      this.#tellTeacherPresence();
      return;
    }
    const classroom = claims.classroomId ? this.#classrooms.get(claims.classroomId) : undefined;
    if (!classroom) return;
    const removed = (claims.role === 'projector' ? classroom.projectors : classroom.assistants).delete(connectionId);
    if (claims.role === 'projector' && classroom.projectors.size === 0 && !mediaKept) this.#resetProjectorMedia(classroom);
    if (classroom.hand && !classroom.connected) this.#scheduleHandDrop(classroom);
    await left;
    if (removed) this.changed(classroom);
  }

  /** Tells of the teacher's presence when it differs from what was last told. */
  #tellTeacherPresence(): void {
    if (this.teacherConnected === this.#toldTeacherConnected) return;
    this.#toldTeacherConnected = this.teacherConnected;
    this.emit('teacherPresenceChanged', this.teacherConnected);
  }

  /** The media kept for a client that left was closed (it did not come back in time). */
  mediaClosed(claims: TokenClaims): void {
    const classroom = claims.role === 'projector' && claims.classroomId ? this.#classrooms.get(claims.classroomId) : undefined;
    if (!classroom || classroom.projectors.size > 0) return;
    this.#resetProjectorMedia(classroom);
    this.changed(classroom);
  }

  #resetProjectorMedia(classroom: Classroom): void {
    classroom.media = 'none';
    classroom.weakLink = false;
  }

  /** The SFU found the projector's link too weak for video (or recovered, or video was paused on purpose). */
  setWeakLink(classroomId: string, weak: boolean): void {
    const classroom = this.#classrooms.get(classroomId);
    if (!classroom || classroom.weakLink === weak) return;
    classroom.weakLink = weak;
    this.log.info({ classroomId, weak }, weak ? 'classroom link too weak for video: sound only' : 'classroom no longer a weak link (a video trial, the link recovered, or video paused on purpose)');
    this.changed(classroom);
  }

  /** The projector's receiving link changed (from its transport's ICE/DTLS state). */
  setProjectorLink(classroomId: string, state: MediaLinkState): void {
    const classroom = this.#classrooms.get(classroomId);
    if (!classroom || classroom.media === state) return;
    classroom.media = state;
    this.changed(classroom);
  }

  /**
   * A projector's link report: stored for the lesson report and shown live. Reports closer than
   * QUALITY_MIN_INTERVAL_MS to the previous one are dropped, so a broken client cannot flood.
   */
  async reportQuality(classroomId: string, report: QualityReport, now = Date.now()): Promise<void> {
    const classroom = this.classroom(classroomId);
    if (classroom.quality && now - classroom.quality.at < QUALITY_MIN_INTERVAL_MS) return;
    await this.stores.quality.add(this.id, classroomId, report, now);
    classroom.quality = { ...report, grade: this.#grade(classroom, report), at: now, mediaScore: classroom.mediaScore };
    this.changed(classroom);
  }

  #grade(classroom: Classroom, report: QualityReport): QualityGrade {
    // Nothing arriving while video is on air is a dead link, however clean its few packets look.
    const videoOnAir = this.#phase === 'live' && !classroom.audioOnly && !classroom.weakLink
      && this.media.published().some((p) => p.kind === 'video' && p.label !== WALL_SOURCE && !p.paused);
    return videoOnAir && report.bitrateKbps === 0 ? 'poor' : gradeQuality(report, classroom.mediaScore);
  }

  /** mediasoup re-scored what it sends a projector (the worker emits on change only). */
  setMediaScore(classroomId: string, score: number | null): void {
    const classroom = this.#classrooms.get(classroomId);
    if (!classroom || classroom.mediaScore === score) return;
    classroom.mediaScore = score;
    const quality = classroom.quality;
    if (!quality) return;
    classroom.quality = { ...quality, grade: this.#grade(classroom, quality), mediaScore: score };
    this.changed(classroom);
  }

  /** Takes a classroom out of the lesson for good: its media stops, its links stop working. */
  async removeClassroom(classroomId: string): Promise<void> {
    const classroom = this.classroom(classroomId);
    await this.stores.lessons.removeClassroom(this.id, classroomId);
    const wasOnStage = classroom.stage !== 'none';
    classroom.clearHand();
    this.media.closeProducersOf(classroomPublisher(classroomId));
    // Media kept for a projector that lost its connection must not wait for a reconnect that is refused.
    this.media.closeParkedOf(classroomPublisher(classroomId));
    this.#classrooms.delete(classroomId);
    this.log.info({ classroomId }, 'classroom removed from the lesson');
    this.emit('classroomRemoved', classroomId);
    if (wasOnStage) this.emit('stageUpdated', this.stage());
  }

  /** Its links were revoked (the store already refuses them): nobody stays on an old link. */
  linksRevoked(tokenVersion: number): void {
    this.#tokenVersion = Math.max(this.#tokenVersion, tokenVersion);
    this.media.closeAllParked();
    this.log.info({}, 'lesson links revoked: closing every connection');
    this.emit('linksRevoked');
  }

  /** Stores a message and hands it to the realtime layer for delivery. */
  async post(message: Omit<ChatMessage, 'id' | 'at'>): Promise<ChatMessage> {
    const stored = await this.stores.messages.add(this.id, message);
    this.emit('message', stored);
    return stored;
  }

  /** What a client of this role sees right now (the servers of a cluster aside: the lesson does not know them). */
  async snapshot(claims: TokenClaims): Promise<Omit<LessonSnapshot, 'servers'>> {
    const own = claims.classroomId ? this.#classrooms.get(claims.classroomId) : undefined;
    const teacher = claims.role === 'teacher';
    const questions = await this.quiz.questions();
    const current = Quiz.current(questions);
    const results = current && (teacher || current.state === 'revealed') ? await this.quiz.results(current.id) : null;
    const messages = claims.role === 'projector' ? [] : await this.stores.messages.visibleTo(this.id, claims.classroomId, (id) => this.#names.get(id) ?? '');
    const ownAnswer = current && own ? await this.quiz.ownSubmission(current.id, own.id) : null;
    return {
      lesson: { id: this.id, title: this.title, phase: this.#phase, locked: this.#locked, maxOnStage: this.rules.maxOnStage, recording: this.recording },
      serverTime: Date.now(),
      you: { role: claims.role, classroomId: claims.classroomId, classroomName: own?.name ?? null },
      teacherConnected: this.teacherConnected,
      // A classroom's wall picture is for the teacher only.
      producers: this.media.published().filter((p) => teacher || p.label !== WALL_SOURCE).map(producerInfo),
      classrooms: claims.role === 'teacher' ? this.allClassrooms().map((c) => c.status()) : own ? [own.status()] : [],
      stage: this.stage(),
      messages,
      quiz: {
        questions: teacher ? questions : [],
        current: current && (teacher ? current : publicQuestion(current)),
        results: results && (teacher ? results : { ...results, submissions: [], missing: [] }),
        ownAnswer,
      },
    };
  }

  /**
   * Closes the media and timers at once; resolves once the tasks and attendance writes under way
   * are done and every connection still counted has its leave recorded. Call once.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.emit('closed');
    for (const classroom of this.#classrooms.values()) classroom.clearHand();
    this.media.close();
    this.quiz.dispose();
    await this.#queue.idle();
    await this.#attendance.close();
    this.removeAllListeners();
  }

  #scheduleHandDrop(classroom: Classroom): void {
    const { handGraceMs } = this.rules;
    classroom.hand = { raisedAt: classroom.hand!.raisedAt, dropsAt: Date.now() + handGraceMs };
    clearTimeout(classroom.handDropTimer);
    classroom.handDropTimer = setTimeout(() => void this.serially(async () => {
      // Back meanwhile, its hand lowered, or the classroom removed from the lesson.
      if (this.#closed || classroom.connected || !classroom.hand?.dropsAt || this.#classrooms.get(classroom.id) !== classroom) return;
      await this.keep(classroom, { handRaisedAt: null });
      this.log.info({ classroomId: classroom.id }, 'hand dropped: classroom stayed away');
      this.changed(classroom);
    }).catch((error: unknown) => this.log.warn({ err: error, classroomId: classroom.id }, 'hand drop not stored: the hand stays')), handGraceMs);
    classroom.handDropTimer.unref();
  }
}
