import type { ClassroomStatus, MediaLinkState, RaisedHand, StageState, VideoCap, WallView } from '@classroom/shared';
import type { ClassroomState } from '../db/ClassroomStateStore.ts';

/** One classroom of a live lesson: who of it is connected, and its place in the class. */
export class Classroom {
  readonly id: string;
  readonly name: string;
  readonly projectors = new Set<string>();
  readonly assistants = new Set<string>();
  media: MediaLinkState = 'none';
  hand: RaisedHand | null = null;
  stage: StageState = 'none';
  micMuted = false;
  cameraOff = false;
  audioOnly = false;
  videoCap: VideoCap = 'high';
  weakLink = false;
  quality: ClassroomStatus['quality'] = null;
  /** mediasoup's score (0–10) of the teacher's stream to this classroom's projector; null until known. */
  mediaScore: number | null = null;
  /** How the teacher's wall shows it now (see Wall): its projector sends its picture unless `none`. */
  wallView: WallView = 'none';
  /** Its assistant turned the class picture off (or its school starts it off): it wins over the teacher. Kept. */
  wallPictureOff = false;
  /** Drops the hand of a classroom that stayed away past the grace period. */
  handDropTimer: NodeJS.Timeout | undefined;

  constructor(id: string, name: string) {
    this.id = id;
    this.name = name;
  }

  get connected(): boolean {
    return this.projectors.size + this.assistants.size > 0;
  }

  clearHand(): void {
    clearTimeout(this.handDropTimer);
    this.handDropTimer = undefined;
    this.hand = null;
  }

  /** What of it is kept in the records (see Lesson.keep). */
  kept(): ClassroomState {
    const { stage, micMuted, cameraOff, audioOnly, videoCap, wallPictureOff } = this;
    return { handRaisedAt: this.hand?.raisedAt ?? null, stage, micMuted, cameraOff, audioOnly, videoCap, wallPictureOff };
  }

  /** Takes on a kept state; a hand still up keeps its place and its drop timer. */
  restore(state: ClassroomState): void {
    if (state.handRaisedAt === null) this.clearHand();
    else if (this.hand?.raisedAt !== state.handRaisedAt) {
      this.clearHand();
      this.hand = { raisedAt: state.handRaisedAt, dropsAt: null };
    }
    ({
      stage: this.stage, micMuted: this.micMuted, cameraOff: this.cameraOff, audioOnly: this.audioOnly, videoCap: this.videoCap,
      wallPictureOff: this.wallPictureOff,
    } = state);
  }

  status(): ClassroomStatus {
    return {
      id: this.id,
      name: this.name,
      projectorOnline: this.projectors.size > 0,
      assistantOnline: this.assistants.size > 0,
      media: this.media,
      hand: this.hand && { ...this.hand },
      stage: this.stage,
      micMuted: this.micMuted,
      cameraOff: this.cameraOff,
      audioOnly: this.audioOnly,
      videoCap: this.videoCap,
      weakLink: this.weakLink,
      quality: this.quality && { ...this.quality },
      wallView: this.wallView,
      wallPictureOff: this.wallPictureOff,
    };
  }
}
