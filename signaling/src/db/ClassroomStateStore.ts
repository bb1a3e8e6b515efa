import type { StageState, VideoCap } from '@classroom/shared';
import { fencedWrite, type Fence } from './fence.ts';
import type { SqlDatabase } from './SqlDatabase.ts';

/**
 * What of a classroom's live state is kept in the records: what its teacher and assistant set
 * (its hand, its place on stage, its switches), not what its connections say (presence, link,
 * quality), which its clients tell again when they reconnect.
 */
export interface ClassroomState {
  /** When its hand went up (the server's clock: it orders the queue); null: not raised. */
  handRaisedAt: number | null;
  stage: StageState;
  micMuted: boolean;
  cameraOff: boolean;
  audioOnly: boolean;
  videoCap: VideoCap;
  /** Its picture for the teacher's wall is off (its assistant's choice, else its school's setting). */
  wallPictureOff: boolean;
}

/** A classroom nobody has set anything on. */
export const INITIAL_CLASSROOM_STATE: Readonly<ClassroomState> = {
  handRaisedAt: null, stage: 'none', micMuted: false, cameraOff: false, audioOnly: false, videoCap: 'high', wallPictureOff: false,
};

/** The classrooms' kept state, one row per classroom of a lesson (the `classrooms` table). */
export interface ClassroomStateStore {
  /** Stores a classroom's state whole: one small write (a raised hand is one UPDATE). */
  save(lessonId: string, classroomId: string, state: ClassroomState): Promise<void>;
  /** The state of the lesson's classrooms still in it, by classroom id. */
  ofLesson(lessonId: string): Promise<Map<string, ClassroomState>>;
}

type StateRow = {
  id: string; hand_raised_at: number | null; stage: StageState; mic_muted: number; camera_off: number; audio_only: number; video_cap: VideoCap;
  wall_picture_off: number;
};

/** The classroom state store on SQLite or PostgreSQL; with a fence, see fence.ts. */
export class SqlClassroomStateStore implements ClassroomStateStore {
  readonly #db: SqlDatabase;
  readonly #fence: Fence | undefined;

  constructor(db: SqlDatabase, fence?: Fence) {
    this.#db = db;
    this.#fence = fence;
  }

  async save(lessonId: string, classroomId: string, s: ClassroomState): Promise<void> {
    await fencedWrite(this.#db, this.#fence, (q) => q.run(
      // The counts of the district view move on with the state, in the same statement: a hand
      // raised (none before), a turn on stage (not on it before). The right-hand sides read the
      // row as it was. A state saved again unchanged (a lesson taken over) counts nothing. The
      // casts tell PostgreSQL the parameters' types where it cannot infer them.
      `UPDATE classrooms SET
         hands_raised = hands_raised + CASE WHEN hand_raised_at IS NULL AND CAST($3 AS BIGINT) IS NOT NULL THEN 1 ELSE 0 END,
         stage_turns = stage_turns + CASE WHEN stage <> 'on-stage' AND CAST($4 AS TEXT) = 'on-stage' THEN 1 ELSE 0 END,
         hand_raised_at = $3, stage = $4, mic_muted = $5, camera_off = $6, audio_only = $7, video_cap = $8,
       wall_picture_off = $9 WHERE lesson_id = $1 AND id = $2`,
      [lessonId, classroomId, s.handRaisedAt, s.stage, Number(s.micMuted), Number(s.cameraOff), Number(s.audioOnly), s.videoCap, Number(s.wallPictureOff)]));
  }

  async ofLesson(lessonId: string): Promise<Map<string, ClassroomState>> {
    // A classroom that has not chosen for the wall starts as its school says (a lesson's own
    // classroom, of no lasting one, starts with its picture on).
    const rows = await this.#db.all<StateRow>(
      `SELECT c.id, c.hand_raised_at, c.stage, c.mic_muted, c.camera_off, c.audio_only, c.video_cap,
         COALESCE(c.wall_picture_off, CASE WHEN s.wall_picture = 'off' THEN 1 ELSE 0 END) AS wall_picture_off
       FROM classrooms c
       LEFT JOIN lasting_classrooms lc ON lc.id = c.lasting_classroom_id
       LEFT JOIN schools s ON s.id = lc.school_id
       WHERE c.lesson_id = $1 AND c.removed_at IS NULL`, [lessonId]);
    return new Map(rows.map((r) => [r.id, {
      handRaisedAt: r.hand_raised_at, stage: r.stage, micMuted: r.mic_muted === 1, cameraOff: r.camera_off === 1,
      audioOnly: r.audio_only === 1, videoCap: r.video_cap, wallPictureOff: Number(r.wall_picture_off) === 1,
    }]));
  }
}
