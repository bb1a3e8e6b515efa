import { z } from 'zod';

/** `lesson:setRecording` (the teacher) and `PUT /api/lessons/:id/recording` (the admin). */
export const setRecordingRequest = z.strictObject({ recording: z.boolean() });

/**
 * What a lesson's timeline notes. `live`/`off-air`/`ended`: the teacher's Go live, Stop live, end;
 * `slides-on`/`off`: the teacher's screen share; `stage`: who is on stage now (detail.classroomIds);
 * `question-*`: a question's launch, close and reveal (detail.questionId); `segment`: a recorder
 * began a file (detail.file, detail.source); `gap`: a recorder died, its source is missing from
 * here until the next `segment` of that source; `disk-full`: recording stopped (the lesson went
 * on) as the recordings' disk was full (detail.reason).
 */
export const TIMELINE_KINDS = [
  'recording-on', 'recording-off', 'live', 'off-air', 'ended', 'slides-on', 'slides-off', 'stage',
  'question-launched', 'question-closed', 'question-revealed', 'segment', 'gap', 'disk-full',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One moment of a recorded lesson. */
export interface TimelineEvent {
  kind: TimelineKind;
  /** On the recording's clock: ms since the lesson's recording first started. */
  atMs: number;
  /** The wall clock (ms since 1970). */
  wallAt: number;
  detail: Record<string, unknown>;
}

/** A lesson's recording state as clients see it: `active` while files are being written. */
export interface RecordingState {
  /** The lesson is to be recorded when live (the admin or its teacher may turn it off). */
  enabled: boolean;
  /** Recording now (enabled, live, and the server records): pages show a mark. */
  active: boolean;
}

/** `PUT /api/recordings/settings` (the admin): how long recordings are kept and how much disk they may take. */
export const recordingSettingsBody = z.strictObject({
  retentionDays: z.number().int().min(1).max(3650),
  /** null: no quota. */
  quotaBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
});
export type RecordingSettingsBody = z.infer<typeof recordingSettingsBody>;
