import { ClassroomError, WALL_STILL_MIN_INTERVAL_MS, type WallView } from '@classroom/shared';
import type { PublishedMedia } from '@classroom/sfu';
import type { Classroom } from './Classroom.ts';
import type { Lesson } from './Lesson.ts';
import { classroomPublisher, ownerOf, TEACHER_PUBLISHER } from './publisher.ts';

/** The projector's wall layers: 0 ≈ 180p at a few frames/s for a tile, 1 ≈ 360p for the spotlight. */
export const WALL_LAYER = { tile: 0, spotlight: 1 } as const;
export const WALL_SOURCE = 'wall';

/**
 * The teacher's classroom wall, as the server enforces it. The teacher's page says which tiles
 * are on screen (`show`); from that alone the server derives which projectors send their picture
 * (each classroom's `wallView`, which its projector follows), pauses the wall producers nobody
 * looks at (whatever a projector sends, nobody receives it), closes the teacher's consumers of
 * tiles gone from the screen (its page receives only what it shows) and picks the spotlight's
 * layer. An assistant's "picture off" wins over all of it.
 */
export class Wall {
  readonly #lesson: Lesson;
  #visible: ReadonlySet<string> = new Set();
  #spotlight: string | null = null;
  /** When each classroom's last still picture went to the teacher. */
  readonly #lastStill = new Map<string, number>();

  constructor(lesson: Lesson) {
    this.#lesson = lesson;
  }

  /** The teacher's screen shows these tiles now. Answers the classrooms asked to send. */
  async show(visible: readonly string[], spotlight: string | null): Promise<string[]> {
    // Classrooms that are not (any more) part of the lesson are left out, not refused: a tile
    // may be on screen while its classroom is being removed.
    this.#visible = new Set(visible.filter((id) => this.#lesson.classroomName(id) !== undefined));
    this.#spotlight = spotlight !== null && this.#visible.has(spotlight) ? spotlight : null;
    await this.#apply();
    return this.#lesson.allClassrooms().filter((c) => c.wallView !== 'none').map((c) => c.id);
  }

  /** Nobody looks any more (the teacher left): every projector stops sending. */
  async clear(): Promise<void> {
    if (this.#visible.size === 0) return;
    await this.show([], null);
  }

  /** The classroom's assistant turned its picture off or on (it wins over the teacher's wall). */
  async setPictureOff(classroom: Classroom, off: boolean): Promise<void> {
    if (classroom.wallPictureOff === off) return;
    // Kept in the records: a server taking the lesson over does not show a class that said no.
    await this.#lesson.keep(classroom, { wallPictureOff: off });
    // Off: nothing of the picture stays in the server either (no paused producer to resume).
    if (off) this.#lesson.media.closeProducersOf(classroomPublisher(classroom.id), [WALL_SOURCE]);
    this.#lesson.log.info({ classroomId: classroom.id, off }, 'classroom picture for the wall switched');
    await this.#apply(classroom);
  }

  /**
   * A still picture from a projector whose uplink cannot carry the tile layer: passed on to the
   * teacher (never stored) while its tile is watched, at most one per WALL_STILL_MIN_INTERVAL_MS.
   */
  postStill(classroom: Classroom, jpeg: string, now = Date.now()): void {
    if (!this.watched(classroom.id)) throw new ClassroomError('forbidden', 'the teacher is not looking at your classroom now (or its picture is off)');
    const last = this.#lastStill.get(classroom.id);
    if (last !== undefined && now - last < WALL_STILL_MIN_INTERVAL_MS) throw new ClassroomError('rate_limited', 'one still picture every few seconds');
    this.#lastStill.set(classroom.id, now);
    this.#lesson.emit('wallStill', { classroomId: classroom.id, jpeg, at: now });
  }

  /** Whether a classroom's projector may send its wall picture now (someone looks, not turned off). */
  watched(classroomId: string): boolean {
    if (this.#lesson.classroomName(classroomId) === undefined) return false;
    return this.#viewOf(this.#lesson.classroom(classroomId)) !== 'none';
  }

  /**
   * Whether a client may receive a wall picture, and at which layer: only the teacher, only on a
   * WebRTC transport (a plain RTP receiver could record it: nothing of the wall is recorded), only
   * a tile on its screen now.
   */
  admit(role: string, media: PublishedMedia, via: 'webrtc' | 'plain'): { spatialLayer: number } {
    const owner = ownerOf(media.publisherId);
    if (role !== 'teacher' || owner.kind !== 'classroom') throw new ClassroomError('forbidden', "a classroom's picture is for the teacher's wall only");
    if (via !== 'webrtc') throw new ClassroomError('forbidden', "the wall's pictures are never sent to a plain RTP receiver (nothing of the wall is recorded)");
    if (!this.watched(owner.classroomId)) throw new ClassroomError('forbidden', 'that classroom is not on your wall now');
    return { spatialLayer: WALL_LAYER[this.#spotlight === owner.classroomId ? 'spotlight' : 'tile'] };
  }

  #viewOf(classroom: Classroom): WallView {
    if (classroom.wallPictureOff || !this.#visible.has(classroom.id) || this.#lesson.phase === 'ended') return 'none';
    return this.#spotlight === classroom.id ? 'spotlight' : 'tile';
  }

  /** Brings every classroom (or one) to what the wall shows now, telling only real changes. */
  async #apply(only?: Classroom): Promise<void> {
    const lesson = this.#lesson;
    const changed: Classroom[] = [];
    for (const classroom of only ? [only] : lesson.allClassrooms()) {
      const view = this.#viewOf(classroom);
      if (view === classroom.wallView) continue;
      const wasWatched = classroom.wallView !== 'none';
      classroom.wallView = view;
      changed.push(classroom);
      // Paused on the server too: a projector page that ignores the event is received by nobody.
      if (wasWatched !== (view !== 'none')) await lesson.media.setPausedOf(classroomPublisher(classroom.id), WALL_SOURCE, view === 'none');
    }
    await this.#followOnTeacher();
    for (const classroom of changed) lesson.changed(classroom);
  }

  /** The teacher's page receives the tiles on its screen only, the spotlight at its larger layer. */
  async #followOnTeacher(): Promise<void> {
    const media = this.#lesson.media;
    const wall = media.published().filter((m) => m.label === WALL_SOURCE);
    const hidden = new Set<string>();
    for (const m of wall) {
      const owner = ownerOf(m.publisherId);
      if (owner.kind !== 'classroom' || !this.watched(owner.classroomId)) hidden.add(m.producerId);
    }
    for (const peer of media.peersOf(TEACHER_PUBLISHER)) {
      peer.closeConsumersOf(hidden);
      for (const m of wall) {
        if (hidden.has(m.producerId)) continue;
        const owner = ownerOf(m.publisherId);
        const layer = WALL_LAYER[owner.kind === 'classroom' && owner.classroomId === this.#spotlight ? 'spotlight' : 'tile'];
        await peer.preferLayer(m.producerId, layer);
      }
    }
  }
}
