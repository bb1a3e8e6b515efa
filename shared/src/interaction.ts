import { z } from 'zod';
import { idSchema } from './ids.ts';

/**
 * A classroom's place on stage. invited: the teacher asked, its assistant has not answered;
 * on-stage: accepted, the classroom's projector may publish its camera and microphone.
 */
export const STAGE_STATES = ['none', 'invited', 'on-stage'] as const;
export type StageState = (typeof STAGE_STATES)[number];

/** A raised hand; `raisedAt` is the server's clock (ms since epoch), which orders the queue. */
export interface RaisedHand {
  raisedAt: number;
  /** Set while the classroom is disconnected: the hand is dropped at this time unless it returns. */
  dropsAt: number | null;
}

/** A classroom on stage (or invited), as every client of the lesson sees it. */
export interface StageEntry {
  classroomId: string;
  name: string;
  state: Exclude<StageState, 'none'>;
}

// Commands that act on one classroom. The teacher names it; an assistant or projector may leave
// it out (it means their own) and is refused if it names another one.
const classroomTarget = { classroomId: idSchema.optional() };

export const lowerHandRequest = z.strictObject(classroomTarget);
export const stageInviteRequest = z.strictObject({ classroomId: idSchema });
export const stageRespondRequest = z.strictObject({ accept: z.boolean() });
export const stageEndRequest = z.strictObject(classroomTarget);
export const setMicRequest = z.strictObject({ ...classroomTarget, muted: z.boolean() });
export const setCameraRequest = z.strictObject({ ...classroomTarget, off: z.boolean() });
/**
 * Data saver: the best camera layer a classroom receives (low ≈ 150 kbit/s, medium ≈ 500 kbit/s,
 * high: whatever its link carries). Audio-only is the separate switch.
 */
export const VIDEO_CAPS = ['low', 'medium', 'high'] as const;
export type VideoCap = (typeof VIDEO_CAPS)[number];
export const setVideoCapRequest = z.strictObject({ ...classroomTarget, cap: z.enum(VIDEO_CAPS) });
export const setAudioOnlyRequest = z.strictObject({ ...classroomTarget, audioOnly: z.boolean() });
export const removeClassroomRequest = z.strictObject({ classroomId: idSchema });
export const setLockedRequest = z.strictObject({ locked: z.boolean() });
