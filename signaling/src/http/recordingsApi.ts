import { join } from 'node:path';
import { Router, type Request } from 'express';
import {
  ClassroomError, idSchema, recordingSettingsBody,
  type LessonRecording, type RecordingFile, type RecordingSettingsView, type RecordingSummary,
} from '@classroom/shared';
import type { FileUrlSigner } from '../auth/fileUrls.ts';
import type { TokenService } from '../auth/tokens.ts';
import type { LessonStores } from '../db/Database.ts';
import type { RecordedFile, RecordingRecord, RecordingViewer } from '../db/RecordingStore.ts';
import type { RecordingLibrary } from '../recording/RecordingLibrary.ts';
import { bearerHolder } from './auth.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';

export interface RecordingsApiDeps {
  stores: LessonStores;
  tokens: TokenService;
  adminToken: string;
  library: RecordingLibrary;
  fileUrls: FileUrlSigner;
}

/** A segment's file name as the recorder writes it: nothing else is ever served. */
const FILE_NAME = /^[a-z0-9-]{1,100}-\d{9,12}\.webm$/;

/**
 * `/api/recordings`: the replay library (issue #18). Who sees a recording: the admin; its lesson's
 * teacher (the lesson's link, or the permanent link of the teacher it is timetabled for); its
 * classrooms (their lesson links, a lasting classroom's permanent links); and, for a timetabled
 * lesson, every lasting classroom of that weekly lesson (a class that missed it). Its files are
 * served to signed URLs (a media element sends no Authorization header), with range requests.
 */
export function recordingsApi(deps: RecordingsApiDeps): Router {
  const { stores, tokens, adminToken, library, fileUrls } = deps;
  const router = Router();

  const viewerOf = async (req: Request): Promise<RecordingViewer> => {
    const holder = await bearerHolder(req, adminToken, tokens);
    if (holder === 'admin') return { kind: 'admin' };
    if (holder.kind === 'lesson') return { kind: 'lesson', lessonId: holder.claims.lessonId };
    // A district manager reads figures, never a classroom's pictures.
    if (holder.kind === 'manager') throw new HttpError(403, 'forbidden', 'a district manager\'s link does not open recordings');
    return holder.link.kind === 'teacher' ? { kind: 'teacher', teacherId: holder.link.teacherId } : { kind: 'classroom', classroomId: holder.link.classroomId };
  };
  const requireAdmin = async (req: Request, what: string): Promise<void> => {
    if ((await viewerOf(req)).kind !== 'admin') throw new HttpError(403, 'forbidden', `only the admin may ${what}`);
  };
  /** The recording if the viewer may see it: 404 when there is none, 403 when it is not theirs. */
  const recordingFor = async (viewer: RecordingViewer, lessonId: string): Promise<RecordingRecord> => {
    const [seen] = await stores.recordings.list(viewer, lessonId);
    if (seen) return seen;
    const [exists] = viewer.kind === 'admin' ? [] : await stores.recordings.list({ kind: 'admin' }, lessonId);
    if (exists) throw new HttpError(403, 'forbidden', 'this recording is not one of this link\'s lessons');
    throw new HttpError(404, 'not_found', 'no recording of this lesson');
  };

  router.get('/settings', async (req, res) => {
    await requireAdmin(req, 'see the recordings\' settings');
    res.json(await library.view() satisfies RecordingSettingsView);
  });

  router.put('/settings', async (req, res) => {
    await requireAdmin(req, 'change the recordings\' retention');
    await library.saveRetention(parseOr400(recordingSettingsBody, req.body, 'settings'));
    res.json(await library.view() satisfies RecordingSettingsView);
  });

  router.get('/', async (req, res) => {
    const recordings = await stores.recordings.list(await viewerOf(req));
    res.json(recordings.map(summary) satisfies RecordingSummary[]);
  });

  router.get('/:lessonId', async (req, res) => {
    const lessonId = lessonIdOf(req);
    const recording = await recordingFor(await viewerOf(req), lessonId);
    const [files, timeline] = await Promise.all([stores.recordings.files(lessonId), stores.timeline.ofLesson(lessonId)]);
    const body: LessonRecording = {
      ...summary(recording),
      files: files.map((file) => fileView(file, fileUrls.sign(`${req.baseUrl}/${lessonId}/files/${file.file}`))),
      timeline,
    };
    res.json(body);
  });

  router.delete('/:lessonId', async (req, res) => {
    await requireAdmin(req, 'delete recordings');
    const lessonId = lessonIdOf(req);
    try {
      await library.remove(lessonId, 'deleted by the admin');
    } catch (error) {
      if (error instanceof ClassroomError && error.code === 'conflict') throw new HttpError(409, error.code, error.message);
      throw error;
    }
    res.status(204).end();
  });

  return router;
}

/**
 * `/api/recordings/:lessonId/files/:file`: a segment's file, to a signed URL. Apart from the API's
 * rate limit: a player seeking asks for many ranges, and a school's classrooms share an address.
 */
export function recordingFilesApi(deps: Pick<RecordingsApiDeps, 'stores' | 'library' | 'fileUrls'>): Router {
  const { stores, library, fileUrls } = deps;
  const router = Router();
  router.get('/:lessonId/files/:file', async (req, res, next) => {
    const lessonId = lessonIdOf(req);
    const { file } = req.params;
    const refusal = fileUrls.refusal(`${req.baseUrl}/${lessonId}/files/${file}`, req.query.exp, req.query.sig);
    if (refusal) throw new HttpError(403, 'forbidden', refusal);
    if (!FILE_NAME.test(file) || !(await stores.recordings.files(lessonId)).some((f) => f.file === file)) {
      throw new HttpError(404, 'not_found', 'no such file in this recording');
    }
    // Express's sendFile (the `send` module) answers range requests: 206, Content-Range, Accept-Ranges.
    res.sendFile(join(library.dir, lessonId, file), {
      headers: { 'Content-Type': file.includes('-microphone-') ? 'audio/webm' : 'video/webm', 'Cache-Control': 'private, max-age=3600' },
    }, (error?: Error & { status?: number }) => {
      if (!error || res.headersSent) return;
      next(error.status === 404 ? new HttpError(404, 'not_found', 'this file is gone from the disk') : error);
    });
  });

  return router;
}

function lessonIdOf(req: Request<{ lessonId: string }>): string {
  const parsed = idSchema.safeParse(req.params.lessonId);
  if (!parsed.success) throw new HttpError(404, 'not_found', 'no recording of this lesson');
  return parsed.data;
}

function summary(r: RecordingRecord): RecordingSummary {
  return {
    lessonId: r.lessonId, title: r.title, teacherName: r.teacherName, startedAt: new Date(r.clockStart).toISOString(),
    durationMs: r.durationMs, bytes: r.bytes, segments: r.segments, recordingNow: r.recordingNow, stoppedReason: r.stoppedReason,
  };
}

/** A file's source says who published it: `teacher-<label>` or `classroom-<id>-<label>`. */
function fileView(f: RecordedFile, url: string): RecordingFile {
  const [publisher, ...rest] = f.source.split('-');
  const label = rest.at(-1) as RecordingFile['label'];
  return {
    source: f.source, publisher: publisher === 'classroom' ? 'classroom' : 'teacher',
    classroomId: publisher === 'classroom' ? rest.slice(0, -1).join('-') : null,
    label, kind: label === 'microphone' ? 'audio' : 'video',
    startMs: f.startMs, durationMs: f.durationMs, bytes: f.bytes, url,
  };
}
