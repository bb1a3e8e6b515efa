import type { LessonReport } from '@classroom/shared';
import type { LessonStores } from '../db/Database.ts';
import { computeResults } from '../lessons/quizResults.ts';

/**
 * A lesson report cut to the classrooms of one district (a manager's view of a lesson shared
 * with other districts' schools): their attendance, answers and links, and the quiz totals
 * counted again over them alone. Undefined when none of its classrooms is in the district.
 */
export async function reportForDistrict(stores: LessonStores, report: LessonReport, districtId: string): Promise<LessonReport | undefined> {
  const schools = new Set((await stores.schools.schools()).filter((s) => s.districtId === districtId).map((s) => s.id));
  const lasting = new Map((await stores.schools.classrooms()).map((c) => [c.id, c.schoolId]));
  const facts = await stores.districtStats.timetabledLesson(report.lesson.id);
  const own = new Set((facts?.classrooms ?? []).filter((c) => schools.has(lasting.get(c.lastingId) ?? '')).map((c) => c.id));
  if (own.size === 0) return undefined;
  const mine = <T extends { classroomId: string }>(rows: readonly T[]) => rows.filter((r) => own.has(r.classroomId));
  // A replay names the classroom that took it: a lasting one, or one of this lesson by its lesson link.
  const lastingOf = new Map((facts?.classrooms ?? []).map((c) => [c.id, c.lastingId]));
  const inDistrict = (classroomId: string) => schools.has(lasting.get(lastingOf.get(classroomId) ?? classroomId) ?? '');
  const roster = report.attendance.filter((a) => own.has(a.classroomId) && !a.removed).map((a) => ({ id: a.classroomId, name: a.name }));
  return {
    ...report,
    attendance: mine(report.attendance),
    quality: mine(report.quality),
    quizzes: report.quizzes.map(({ question, results, correctness, replays }) => ({
      question, results: computeResults(question, mine(results.submissions), roster), correctness: mine(correctness),
      replays: replays.filter((r) => inDistrict(r.submission.classroomId)),
    })),
  };
}
