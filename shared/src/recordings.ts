import type { TimelineEvent } from './recording.ts';

/**
 * The replay library (issue #18): the recorded lessons, their files and the admin's retention
 * settings, as `/api/recordings` answers them. Types only: the browser imports them as they are.
 */

/** One segment of one source of a recorded lesson: a WebM file. */
export interface RecordingFile {
  /** e.g. 'teacher-camera', 'teacher-microphone', 'teacher-screen', 'classroom-<id>-camera' */
  source: string;
  publisher: 'teacher' | 'classroom';
  classroomId: string | null;
  label: 'camera' | 'microphone' | 'screen';
  kind: 'video' | 'audio';
  /** The segment's start on the recording's clock (ms), as in the timeline. */
  startMs: number;
  durationMs: number;
  bytes: number;
  /** Range-servable URL, signed so that a <video>/<audio> element loads it without headers. */
  url: string;
}

/** One recorded lesson in the list `GET /api/recordings` answers (an array, newest first). */
export interface RecordingSummary {
  lessonId: string;
  title: string;
  teacherName: string | null;
  /** ISO wall time of the recording clock's 0. */
  startedAt: string;
  /** From clock 0 to the end of its last segment. */
  durationMs: number;
  bytes: number;
  segments: number;
  /** Files are being written now: it cannot be deleted. */
  recordingNow: boolean;
  /** Set when the recording was stopped by a full disk (the lesson went on). */
  stoppedReason: 'disk-full' | null;
}

/** `GET /api/recordings/:lessonId`: a recorded lesson with its files and timeline. */
export interface LessonRecording extends RecordingSummary {
  /** By start, then source. */
  files: RecordingFile[];
  /** Oldest first, on the recording's clock. */
  timeline: TimelineEvent[];
}

/** `GET /api/recordings/settings` (the admin). */
export interface RecordingSettingsView {
  retentionDays: number;
  /** null: no quota, only the days and the disk's free space limit the recordings. */
  quotaBytes: number | null;
  /** What the recordings take on disk. */
  usedBytes: number;
  /** Free on the recordings' disk. */
  freeBytes: number;
  /** ISO time since when recording is stopped by a full disk, null when it is not. */
  diskFullSince: string | null;
  /** The lesson whose recording the full disk stopped last (title for the admin's banner). */
  diskFullLesson: { lessonId: string; title: string } | null;
}
