import type { LessonRecording, RecordingSettingsBody, RecordingSettingsView, RecordingSummary } from '@classroom/shared';
import { call, json } from './api.ts';

// The replay library (issue #18): the recordings a token may see; the admin's retention settings.

const lessonPath = (lessonId: string) => `/api/recordings/${encodeURIComponent(lessonId)}`;

/** The recordings this token may see, newest first. */
export function listRecordings(token: string): Promise<RecordingSummary[]> {
  return call<RecordingSummary[]>('/api/recordings', token);
}

/** One recording with its files (signed URLs a media element loads) and its timeline. */
export function lessonRecording(token: string, lessonId: string): Promise<LessonRecording> {
  return call<LessonRecording>(lessonPath(lessonId), token);
}

export function deleteRecording(adminToken: string, lessonId: string): Promise<void> {
  return call<void>(lessonPath(lessonId), adminToken, { method: 'DELETE' });
}

export function recordingSettings(adminToken: string): Promise<RecordingSettingsView> {
  return call<RecordingSettingsView>('/api/recordings/settings', adminToken);
}

export function saveRecordingSettings(adminToken: string, body: RecordingSettingsBody): Promise<RecordingSettingsView> {
  return call<RecordingSettingsView>('/api/recordings/settings', adminToken, json('PUT', body));
}
