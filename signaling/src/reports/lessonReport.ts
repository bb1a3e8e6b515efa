import { answerCorrectness, type AttendanceRow, type LessonReport, type Question, type QuestionResults, type QuizReportRow } from '@classroom/shared';
import type { LessonStores } from '../db/Database.ts';
import type { AttendanceRecord } from '../db/LessonStore.ts';
import { computeResults } from '../lessons/quizResults.ts';

/** Builds a lesson's report from the stores alone: it works for a lesson nobody is connected to. */
export async function buildLessonReport(stores: LessonStores, lessonId: string, now = new Date()): Promise<LessonReport | undefined> {
  const lesson = await stores.lessons.lesson(lessonId);
  if (!lesson) return undefined;
  const classrooms = await stores.lessons.classrooms(lessonId);
  const nameOf = (id: string) => classrooms.find((c) => c.id === id)?.name ?? '';
  const roster = classrooms.filter((c) => !c.removed).map((c) => ({ id: c.id, name: c.name }));
  const results = async (question: Question): Promise<QuestionResults> => computeResults(question, (await stores.quiz.submissions(question.id))
    .map((s) => ({ classroomId: s.classroomId, classroomName: nameOf(s.classroomId), answer: s.answer, at: s.at, revisions: s.revisions })), roster);
  const attendance = attendanceRows(await stores.lessons.attendance(lessonId), classrooms, now);
  const asked = (await stores.quiz.questions(lessonId)).filter((q) => q.state !== 'draft');
  const replayed = await stores.replays.answersOfLesson(lessonId);
  const quizzes: QuizReportRow[] = await Promise.all(asked.map(async (question) => {
    const r = await results(question);
    return {
      question,
      results: r,
      correctness: r.submissions.map((s) => ({ classroomId: s.classroomId, ...answerCorrectness(question, s.answer) })),
      replays: replayed.filter((a) => a.questionId === question.id).map((a) => ({
        replayId: a.replayId,
        replayedAt: a.replayedAt,
        submission: { classroomId: a.classroomId, classroomName: a.classroomName, answer: a.answer, at: a.at, revisions: a.revisions },
        ...answerCorrectness(question, a.answer),
      })),
    };
  }));
  const quality = (await stores.quality.summary(lessonId)).map((q) => ({ ...q, name: nameOf(q.classroomId) }));
  return {
    lesson: { id: lesson.id, title: lesson.title, phase: lesson.phase, createdAt: lesson.createdAt, endedReason: lesson.endedReason },
    generatedAt: now.toISOString(),
    attendance,
    quizzes,
    quality,
  };
}

function attendanceRows(rows: AttendanceRecord[], classrooms: { id: string; name: string; removed: boolean }[], now: Date): AttendanceRow[] {
  return classrooms.map((c) => {
    const own = rows.filter((r) => r.classroomId === c.id);
    const interval = (r: (typeof own)[number]): [number, number] => [Date.parse(r.joinedAt), r.leftAt ? Date.parse(r.leftAt) : now.getTime()];
    const projector = own.filter((r) => r.role === 'projector');
    const stillHere = own.some((r) => r.leftAt === null);
    const lastLeft = own.map((r) => r.leftAt).filter((t): t is string => t !== null).sort().at(-1) ?? null;
    return {
      classroomId: c.id,
      name: c.name,
      removed: c.removed,
      firstJoinedAt: own[0]?.joinedAt ?? null,
      lastLeftAt: stillHere ? null : lastLeft,
      presentSeconds: Math.round(unionMs(own.map(interval)) / 1000),
      projectorSeconds: Math.round(unionMs(projector.map(interval)) / 1000),
      projectorConnections: projector.length,
    };
  });
}

/** Total length of a set of intervals, overlaps counted once. */
export function unionMs(intervals: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}
