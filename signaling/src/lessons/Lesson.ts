import { EventEmitter } from 'node:events';
import type { ClassroomStatus, LessonPhase, LessonSnapshot, MediaLinkState, TokenClaims } from '@classroom/shared';
import { ClassroomError } from '@classroom/shared';
import type { LessonMedia } from '@classroom/sfu';
import type { ClassroomRecord, LessonRecord, LessonStore } from '../db/LessonStore.ts';
import type { Logger } from '../logger.ts';
import { canTransition } from './phase.ts';
import { producerInfo } from './publisher.ts';

interface ClassroomPresence {
  readonly id: string;
  readonly name: string;
  readonly projectors: Set<string>;
  readonly assistants: Set<string>;
  media: MediaLinkState;
}

interface LessonEvents {
  phaseChanged: [phase: LessonPhase];
  teacherPresenceChanged: [connected: boolean];
  classroomUpdated: [status: ClassroomStatus];
}

/**
 * A lesson while anyone is connected to it: its phase, who is present, and its media. Emits only
 * real changes; the realtime layer turns them into broadcasts.
 */
export class Lesson extends EventEmitter<LessonEvents> {
  readonly id: string;
  readonly title: string;
  readonly media: LessonMedia;
  readonly log: Logger;
  readonly #store: LessonStore;
  readonly #classrooms = new Map<string, ClassroomPresence>();
  readonly #teachers = new Set<string>();
  readonly #attendance = new Map<string, number>();
  #phase: LessonPhase;

  constructor(record: LessonRecord, classrooms: ClassroomRecord[], media: LessonMedia, store: LessonStore, log: Logger) {
    super();
    this.id = record.id;
    this.title = record.title;
    this.#phase = record.phase;
    this.media = media;
    this.#store = store;
    this.log = log.child({ lessonId: record.id });
    for (const c of classrooms) {
      if (!c.removed) this.#classrooms.set(c.id, { id: c.id, name: c.name, projectors: new Set(), assistants: new Set(), media: 'none' });
    }
  }

  get phase(): LessonPhase {
    return this.#phase;
  }

  get teacherConnected(): boolean {
    return this.#teachers.size > 0;
  }

  get connectionCount(): number {
    let count = this.#teachers.size;
    for (const c of this.#classrooms.values()) count += c.projectors.size + c.assistants.size;
    return count;
  }

  /** Moves to another phase, stored before anyone is told. Returns false if already there. */
  transition(next: LessonPhase): boolean {
    if (next === this.#phase) return false;
    if (!canTransition(this.#phase, next)) {
      throw new ClassroomError(this.#phase === 'ended' ? 'lesson_ended' : 'conflict', `the lesson cannot go from ${this.#phase} to ${next}`);
    }
    this.#store.setPhase(this.id, next);
    this.#phase = next;
    this.log.info({ phase: next }, 'lesson phase changed');
    this.emit('phaseChanged', next);
    return true;
  }

  classroomName(classroomId: string): string | undefined {
    return this.#classrooms.get(classroomId)?.name;
  }

  /** Records a connection (presence + attendance). The classroom must belong to this lesson. */
  join(connectionId: string, claims: TokenClaims): void {
    const classroom = claims.classroomId ? this.#classrooms.get(claims.classroomId) : undefined;
    if (claims.role !== 'teacher' && !classroom) throw new ClassroomError('forbidden', 'this classroom is not part of the lesson');
    this.#attendance.set(connectionId, this.#store.recordJoin(this.id, claims.classroomId, claims.role, connectionId));
    if (claims.role === 'teacher') {
      this.#teachers.add(connectionId);
      if (this.#teachers.size === 1) this.emit('teacherPresenceChanged', true);
      return;
    }
    (claims.role === 'projector' ? classroom!.projectors : classroom!.assistants).add(connectionId);
    this.emit('classroomUpdated', this.#status(classroom!));
  }

  leave(connectionId: string, claims: TokenClaims): void {
    const attendanceId = this.#attendance.get(connectionId);
    if (attendanceId !== undefined) {
      this.#attendance.delete(connectionId);
      this.#store.recordLeave(attendanceId);
    }
    if (claims.role === 'teacher') {
      if (this.#teachers.delete(connectionId) && this.#teachers.size === 0) this.emit('teacherPresenceChanged', false);
      return;
    }
    const classroom = claims.classroomId ? this.#classrooms.get(claims.classroomId) : undefined;
    if (!classroom) return;
    const removed = (claims.role === 'projector' ? classroom.projectors : classroom.assistants).delete(connectionId);
    if (claims.role === 'projector' && classroom.projectors.size === 0) classroom.media = 'none';
    if (removed) this.emit('classroomUpdated', this.#status(classroom));
  }

  /** The projector's receiving link changed (from its transport's ICE/DTLS state). */
  setProjectorLink(classroomId: string, state: MediaLinkState): void {
    const classroom = this.#classrooms.get(classroomId);
    if (!classroom || classroom.media === state) return;
    classroom.media = state;
    this.emit('classroomUpdated', this.#status(classroom));
  }

  classrooms(): ClassroomStatus[] {
    return [...this.#classrooms.values()].map((c) => this.#status(c));
  }

  /** What a client of this role sees right now. */
  snapshot(claims: TokenClaims): LessonSnapshot {
    const own = claims.classroomId ? this.#classrooms.get(claims.classroomId) : undefined;
    return {
      lesson: { id: this.id, title: this.title, phase: this.#phase },
      you: { role: claims.role, classroomId: claims.classroomId, classroomName: own?.name ?? null },
      teacherConnected: this.teacherConnected,
      producers: this.media.published().map(producerInfo),
      classrooms: claims.role === 'teacher' ? this.classrooms() : own ? [this.#status(own)] : [],
    };
  }

  close(): void {
    for (const attendanceId of this.#attendance.values()) this.#store.recordLeave(attendanceId);
    this.#attendance.clear();
    this.media.close();
    this.removeAllListeners();
  }

  #status(c: ClassroomPresence): ClassroomStatus {
    return { id: c.id, name: c.name, projectorOnline: c.projectors.size > 0, assistantOnline: c.assistants.size > 0, media: c.media };
  }
}
