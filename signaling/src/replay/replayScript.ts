import { ClassroomError } from '@classroom/shared';
import type { LessonStores } from '../db/Database.ts';
import type { RecordingViewer } from '../db/RecordingStore.ts';
import type { ReplayScript } from './ReplaySession.ts';

/**
 * A recorded lesson as a replay plays it, if this viewer may see its recording (the library's
 * rule, as `GET /api/recordings/:lessonId` applies it): its length (to the end of its last
 * segment) and each question at its first launch on the timeline.
 */
export async function loadReplayScript(
  stores: Pick<LessonStores, 'recordings' | 'quiz' | 'timeline'>, viewer: RecordingViewer, lessonId: string,
): Promise<ReplayScript> {
  const [recording] = await stores.recordings.list(viewer, lessonId);
  if (!recording) throw new ClassroomError('forbidden', 'this classroom may not replay that lesson (or it has no recording)');
  if (recording.segments === 0) throw new ClassroomError('not_found', 'this lesson\'s recording holds no file');
  if (recording.recordingNow) throw new ClassroomError('conflict', 'this lesson is being recorded now: replay it once it has ended');
  const [timeline, questions] = await Promise.all([stores.timeline.ofLesson(lessonId), stores.quiz.questions(lessonId)]);
  const launched: ReplayScript['questions'] = [];
  for (const event of timeline) {
    if (event.kind !== 'question-launched' || event.atMs > recording.durationMs) continue;
    const question = questions.find((q) => q.id === event.detail['questionId']);
    if (question && !launched.some((l) => l.question.id === question.id)) launched.push({ question, atMs: event.atMs });
  }
  return { lessonId, title: recording.title, durationMs: recording.durationMs, questions: launched.sort((a, b) => a.atMs - b.atMs) };
}
