import type { Question, QuestionResults, Submission } from '@classroom/shared';

/**
 * Totals of one question over the classrooms' answers. A collective answer counts the class
 * once per chosen option (out of the classrooms that answered); a tally counts pupils (out of
 * the pupils present).
 */
export function computeResults(question: Question, submissions: Submission[], roster: { id: string; name: string }[]): QuestionResults {
  const counts = question.options.map(() => 0);
  let total = 0;
  for (const { answer } of submissions) {
    if (answer.mode === 'collective') {
      for (const choice of answer.choices) counts[choice]! += 1;
      total += 1;
    } else {
      answer.counts.forEach((n, i) => { counts[i]! += n; });
      total += answer.present;
    }
  }
  const answered = new Set(submissions.map((s) => s.classroomId));
  const missing = roster.filter((c) => !answered.has(c.id)).map((c) => ({ classroomId: c.id, name: c.name }));
  return { questionId: question.id, counts, total, submissions, missing };
}
