import type { SqlDatabase } from './SqlDatabase.ts';

/** One finished segment file of a recorded lesson, as indexed once it ended. */
export interface RecordedFile {
  /** The file's name in the lesson's directory, e.g. `teacher-camera-000012345.webm`. */
  file: string;
  /** e.g. `teacher-camera`, `classroom-<id>-microphone`. */
  source: string;
  startMs: number;
  durationMs: number;
  bytes: number;
  /** The node that wrote it (NODE_ID; null for one server). */
  nodeId: string | null;
}

/** A recorded lesson, summed up from its files. */
export interface RecordingRecord {
  lessonId: string;
  title: string;
  teacherName: string | null;
  /** Wall time (ms since 1970) of the recording clock's 0. */
  clockStart: number;
  /** From the clock's 0 to the end of its last segment. */
  durationMs: number;
  bytes: number;
  segments: number;
  /** Its timeline's last recording moment is `recording-on` and the lesson has not ended. */
  recordingNow: boolean;
  stoppedReason: 'disk-full' | null;
  stoppedAt: number | null;
}

/** Which recordings a caller may see (see http/recordingsApi.ts). */
export type RecordingViewer =
  | { kind: 'admin' }
  | { kind: 'lesson'; lessonId: string }
  | { kind: 'teacher'; teacherId: string }
  /** A lasting classroom: its own lessons, and any lesson of a weekly lesson it belongs to. */
  | { kind: 'classroom'; classroomId: string };

/** What the admin set; absent: the environment's defaults. */
export interface RetentionSettings {
  retentionDays: number;
  quotaBytes: number | null;
}

/** The replay library's records (issue #18). */
export interface RecordingStore {
  /** The lesson's recording began at this clock's 0 (kept as it is if it began before). */
  begin(lessonId: string, clockStart: number): Promise<void>;
  /** A segment ended: indexed (again, if it was). */
  addFile(lessonId: string, file: RecordedFile, writtenAt: number): Promise<void>;
  /** Recording was stopped for a reason of the server's (the lesson went on). */
  stopped(lessonId: string, reason: 'disk-full', at: number): Promise<void>;
  /** Newest first; with a lesson id, that lesson's if the viewer sees it. */
  list(viewer: RecordingViewer, lessonId?: string): Promise<RecordingRecord[]>;
  /** By start, then source. */
  files(lessonId: string): Promise<RecordedFile[]>;
  /** The lesson's recording, files and timeline rows. */
  remove(lessonId: string): Promise<void>;
  settings(): Promise<RetentionSettings | undefined>;
  saveSettings(settings: RetentionSettings): Promise<void>;
}

type SummaryRow = {
  lesson_id: string; title: string; teacher_name: string | null; clock_start: number; end_ms: number | null; bytes: number | null;
  segments: number; last_mark: string | null; ended_at: string | null; stopped_reason: 'disk-full' | null; stopped_at: number | null;
};
type FileRow = { file: string; source: string; start_ms: number; duration_ms: number; bytes: number; node_id: string | null };

const SUMMARY = `SELECT r.lesson_id, l.title, t.name AS teacher_name, r.clock_start, r.stopped_reason, r.stopped_at, l.ended_at,
    (SELECT MAX(f.start_ms + f.duration_ms) FROM recording_files f WHERE f.lesson_id = r.lesson_id) AS end_ms,
    (SELECT SUM(f.bytes) FROM recording_files f WHERE f.lesson_id = r.lesson_id) AS bytes,
    (SELECT COUNT(*) FROM recording_files f WHERE f.lesson_id = r.lesson_id) AS segments,
    (SELECT m.kind FROM lesson_timeline m WHERE m.lesson_id = r.lesson_id AND m.kind IN ('recording-on', 'recording-off')
      ORDER BY m.id DESC LIMIT 1) AS last_mark
  FROM recordings r JOIN lessons l ON l.id = r.lesson_id LEFT JOIN teachers t ON t.id = l.teacher_id`;

const VIEWER_FILTER: Record<RecordingViewer['kind'], string> = {
  admin: '1 = 1',
  lesson: 'r.lesson_id = $1',
  teacher: 'l.teacher_id = $1',
  classroom: `(EXISTS (SELECT 1 FROM classrooms c WHERE c.lesson_id = r.lesson_id AND c.lasting_classroom_id = $1)
    OR EXISTS (SELECT 1 FROM weekly_lesson_classrooms w WHERE w.weekly_lesson_id = l.weekly_lesson_id AND w.classroom_id = $1))`,
};

function viewerParam(viewer: RecordingViewer): string[] {
  switch (viewer.kind) {
    case 'admin': return [];
    case 'lesson': return [viewer.lessonId];
    case 'teacher': return [viewer.teacherId];
    case 'classroom': return [viewer.classroomId];
  }
}

/** The library on SQLite or PostgreSQL. Not fenced: a segment a stale owner finished is a file on disk all the same. */
export class SqlRecordingStore implements RecordingStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async begin(lessonId: string, clockStart: number): Promise<void> {
    await this.#db.run('INSERT INTO recordings (lesson_id, clock_start) VALUES ($1, $2) ON CONFLICT (lesson_id) DO NOTHING', [lessonId, Math.round(clockStart)]);
  }

  async addFile(lessonId: string, f: RecordedFile, writtenAt: number): Promise<void> {
    await this.#db.run(
      `INSERT INTO recording_files (lesson_id, file, source, start_ms, duration_ms, bytes, node_id, written_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (lesson_id, file) DO UPDATE SET duration_ms = excluded.duration_ms, bytes = excluded.bytes, node_id = excluded.node_id, written_at = excluded.written_at`,
      [lessonId, f.file, f.source, Math.round(f.startMs), Math.round(f.durationMs), f.bytes, f.nodeId, Math.round(writtenAt)]);
  }

  async stopped(lessonId: string, reason: 'disk-full', at: number): Promise<void> {
    await this.#db.run('UPDATE recordings SET stopped_reason = $2, stopped_at = $3 WHERE lesson_id = $1', [lessonId, reason, Math.round(at)]);
  }

  async list(viewer: RecordingViewer, lessonId?: string): Promise<RecordingRecord[]> {
    const params = viewerParam(viewer);
    const one = lessonId === undefined ? '' : ` AND r.lesson_id = $${params.push(lessonId)}`;
    const rows = await this.#db.all<SummaryRow>(`${SUMMARY} WHERE ${VIEWER_FILTER[viewer.kind]}${one} ORDER BY r.clock_start DESC, r.lesson_id`, params);
    return rows.map((r) => ({
      lessonId: r.lesson_id, title: r.title, teacherName: r.teacher_name, clockStart: r.clock_start,
      durationMs: r.end_ms ?? 0, bytes: r.bytes ?? 0, segments: r.segments,
      recordingNow: r.last_mark === 'recording-on' && r.ended_at === null,
      stoppedReason: r.stopped_reason, stoppedAt: r.stopped_at,
    }));
  }

  async files(lessonId: string): Promise<RecordedFile[]> {
    const rows = await this.#db.all<FileRow>(
      'SELECT file, source, start_ms, duration_ms, bytes, node_id FROM recording_files WHERE lesson_id = $1 ORDER BY start_ms, source', [lessonId]);
    return rows.map((r) => ({ file: r.file, source: r.source, startMs: r.start_ms, durationMs: r.duration_ms, bytes: r.bytes, nodeId: r.node_id }));
  }

  async remove(lessonId: string): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.run('DELETE FROM recording_files WHERE lesson_id = $1', [lessonId]);
      await tx.run('DELETE FROM recordings WHERE lesson_id = $1', [lessonId]);
      await tx.run('DELETE FROM lesson_timeline WHERE lesson_id = $1', [lessonId]);
    });
  }

  async settings(): Promise<RetentionSettings | undefined> {
    const row = await this.#db.get<{ retention_days: number; quota_bytes: number | null }>('SELECT retention_days, quota_bytes FROM recording_settings WHERE id = 1');
    return row && { retentionDays: row.retention_days, quotaBytes: row.quota_bytes };
  }

  async saveSettings(settings: RetentionSettings): Promise<void> {
    await this.#db.run(
      `INSERT INTO recording_settings (id, retention_days, quota_bytes) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET retention_days = excluded.retention_days, quota_bytes = excluded.quota_bytes`,
      [settings.retentionDays, settings.quotaBytes]);
  }
}
