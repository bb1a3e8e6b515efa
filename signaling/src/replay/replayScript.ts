import { ClassroomError } from '@classroom/shared';
import type { LessonStores } from '../db/Database.ts';
import type { ReplayScript } from './ReplaySession.ts';

/**
 * A recorded lesson as a replay plays it, from its records: its length (the timeline's last
 * moment) and each question at its first launch. Refused (`not_found`) without a recording.
 */
export async function loadReplayScript(stores: Pick<LessonStores, 'lessons' | 'quiz' | 'timeline'>, lessonId: string): Promise<ReplayScript> {
  const [lesson, timeline, questions] = await Promise.all([
    stores.lessons.lesson(lessonId), stores.timeline.ofLesson(lessonId), stores.quiz.questions(lessonId),
  ]);
  if (!lesson || !timeline.some((e) => e.kind === 'segment')) throw new ClassroomError('not_found', 'this lesson has no recording');
  const launched: ReplayScript['questions'] = [];
  for (const event of timeline) {
    if (event.kind !== 'question-launched') continue;
    const question = questions.find((q) => q.id === event.detail['questionId']);
    if (question && !launched.some((l) => l.question.id === question.id)) launched.push({ question, atMs: event.atMs });
  }
  return {
    lessonId,
    title: lesson.title,
    durationMs: Math.max(...timeline.map((e) => e.atMs)),
    questions: launched.sort((a, b) => a.atMs - b.atMs),
  };
}
