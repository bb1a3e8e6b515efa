import { describe, expect, it } from 'vitest';
import type { LessonReport } from '@classroom/shared';
import { generateTerm, SMALL_TERM } from '../../bench/dashboard/generate.ts';
import { createStores } from '../src/db/Database.ts';
import type { SqlDatabase } from '../src/db/SqlDatabase.ts';
import { Dashboard } from '../src/district/dashboard.ts';
import { minutes } from '../src/district/figures.ts';
import { buildLessonReport } from '../src/reports/lessonReport.ts';
import { BACKENDS } from './backends.ts';

// Issue #19: the district view's numbers are the lesson reports' numbers, summed. A generated
// term (late joins, early leaves, reconnects, removed classrooms, lessons nobody held) is
// aggregated the way the server does it, then every school's figures are compared with the
// reports of its lessons, replays taken by classrooms that missed a lesson included.
const backends = process.env.TEST_DATABASE === 'postgres' ? (['postgres'] as const) : (['sqlite'] as const);

interface Tally { scheduled: number; attended: number; presentSeconds: number; reconnects: number; answered: number; judged: number; correct: number; removed: number; replays: number }
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const zero = (): Tally => ({ scheduled: 0, attended: 0, presentSeconds: 0, reconnects: 0, answered: 0, judged: 0, correct: 0, removed: 0, replays: 0 });

describe.each(backends)('district aggregates on %s', (backend) => {
  it('equal the lesson reports they summarise, per classroom-lesson and per school', { timeout: 120_000 }, async () => {
    const db: SqlDatabase = await BACKENDS[backend]();
    try {
      const stores = createStores(db, { questionsPerLesson: 50, messagesPerLesson: 500 });
      const term = await generateTerm(db, stores, SMALL_TERM, { seed: 7 });
      // Every case is in it: reconnects, removed classrooms, a lesson nobody held, replays.
      const some = expect.toSatisfy((n: number) => n > 0);
      expect(term.counts).toMatchObject({ reconnecting: some, removed: some, notHeld: some, replays: some });

      // Each classroom-lesson's row against its report's attendance and answers.
      const schoolOf = new Map((await stores.schools.classrooms()).map((c) => [c.id, c.schoolId]));
      const bySchool = new Map<string, Tally>();
      for (const lessonId of term.lessonIds) {
        const report: LessonReport = (await buildLessonReport(stores, lessonId))!;
        const facts = (await stores.districtStats.timetabledLesson(lessonId))!;
        const rows = await db.all<Record<string, number | string>>('SELECT * FROM classroom_lesson_stats WHERE lesson_id = $1', [lessonId]);
        expect(rows).toHaveLength(report.attendance.length);
        for (const a of report.attendance) {
          const lasting = facts.classrooms.find((c) => c.id === a.classroomId)!.lastingId;
          const row = rows.find((r) => r.classroom_id === lasting)!;
          const answers = report.quizzes.flatMap((q) => q.correctness.filter((c) => c.classroomId === a.classroomId));
          // The replays the report lists for this classroom (by its lasting id: it took them on its permanent links).
          const replays = new Set(report.quizzes.flatMap((q) => q.replays.filter((r) => r.submission.classroomId === lasting).map((r) => r.replayId)));
          const expected = {
            attended: a.firstJoinedAt === null ? 0 : 1, present_seconds: a.presentSeconds, removed: a.removed ? 1 : 0,
            reconnects: Math.max(0, a.projectorConnections - 1), quiz_answered: answers.length,
            quiz_judged: answers.filter((c) => c.correct !== null).length, quiz_correct: answers.filter((c) => c.correct === true).length,
            replays_taken: replays.size,
          };
          expect(Object.fromEntries(Object.keys(expected).map((k) => [k, Number(row[k])]))).toEqual(expected);
          const t = bySchool.get(schoolOf.get(lasting)!) ?? zero();
          t.scheduled += 1;
          t.attended += expected.attended;
          t.presentSeconds += expected.present_seconds;
          t.reconnects += expected.reconnects;
          t.answered += expected.quiz_answered;
          t.judged += expected.quiz_judged;
          t.correct += expected.quiz_correct;
          t.removed += expected.removed;
          t.replays += expected.replays_taken;
          bySchool.set(schoolOf.get(lasting)!, t);
        }
      }
      // Lessons nobody held: scheduled for each of their classrooms, attended by none.
      const notHeld = await db.all<{ school_id: string; n: number }>(
        'SELECT school_id, COUNT(*) AS n FROM classroom_lesson_stats WHERE lesson_id IS NULL AND attended = 0 GROUP BY school_id');
      expect(notHeld.reduce((sum, r) => sum + Number(r.n), 0)).toBe(term.counts.notHeld * SMALL_TERM.classroomsPerLesson);
      for (const r of notHeld) {
        const t = bySchool.get(r.school_id) ?? zero();
        t.scheduled += Number(r.n);
        bySchool.set(r.school_id, t);
      }

      // The dashboard's figures, school by school and in all.
      const dashboard = new Dashboard(stores, stores.dashboard, 'Asia/Shanghai');
      const overview = await dashboard.overview({ from: term.firstDate, to: term.lastDate });
      expect(overview.schools).toHaveLength(SMALL_TERM.schools);
      for (const school of overview.schools) {
        const t = bySchool.get(school.schoolId) ?? zero();
        expect({
          scheduled: school.scheduled, attended: school.attended, minutesPresent: school.minutesPresent, reconnects: school.reconnects,
          quizAnswered: school.quizAnswered, quizJudged: school.quizJudged, quizCorrect: school.quizCorrect, replaysTaken: school.replaysTaken,
        }, school.name).toEqual({
          scheduled: t.scheduled, attended: t.attended, minutesPresent: minutes(t.presentSeconds), reconnects: t.reconnects,
          quizAnswered: t.answered, quizJudged: t.judged, quizCorrect: t.correct, replaysTaken: t.replays,
        });
      }
      const all = [...bySchool.values()].reduce((sum, t) => ({ ...sum, attended: sum.attended + t.attended, scheduled: sum.scheduled + t.scheduled, presentSeconds: sum.presentSeconds + t.presentSeconds }), zero());
      expect(overview.totals).toMatchObject({ scheduled: all.scheduled, attended: all.attended, minutesPresent: minutes(all.presentSeconds) });
      expect(overview.totals.replaysTaken).toBe(term.counts.replays);
      expect(overview.weeks.map((w) => w.week)).toHaveLength(SMALL_TERM.weeks);
      expect(overview.weeks.reduce((sum, w) => sum + w.scheduled, 0)).toBe(all.scheduled);
      expect(overview.totals.morningChecks).toBe(term.counts.networkChecks);

      // The weekly rollup (whole weeks) says what the per-lesson rows say; a subject filter (read
      // from those rows) splits the totals.
      const rollup = await stores.weekRollup.totals({}, {}, 'school');
      for (const [schoolId, sums] of await stores.dashboard.sums({}, 'school')) expect(rollup.get(schoolId)?.sums, schoolId ?? '').toEqual(sums);
      const wholeWeeks = await dashboard.overview({ from: term.firstDate, to: addDays(term.lastDate, 2) });
      expect(wholeWeeks.totals).toEqual(overview.totals);
      // A classroom's lessons, each beside the district's correct rate in that lesson (from the reports).
      const districtOf = new Map((await stores.schools.schools()).map((s) => [s.id, s.districtId]));
      const classroom = (await stores.schools.classrooms())[0]!;
      const drill = (await dashboard.classroom(classroom.id, {}))!;
      const heldRows = drill.lessons.filter((l) => l.lessonId !== null);
      expect(heldRows.length).toBeGreaterThan(0);
      for (const row of heldRows) {
        const report = (await buildLessonReport(stores, row.lessonId!))!;
        const facts = (await stores.districtStats.timetabledLesson(row.lessonId!))!;
        const sameDistrict = new Set(facts.classrooms.filter((c) => districtOf.get(c.schoolId) === districtOf.get(classroom.schoolId)).map((c) => c.id));
        const marks = report.quizzes.flatMap((q) => q.correctness.filter((c) => sameDistrict.has(c.classroomId) && c.correct !== null));
        expect(row.districtCorrectRate, row.lessonId!).toBe(marks.length === 0 ? null : marks.filter((c) => c.correct).length / marks.length);
      }

      const bySubject = await Promise.all((await dashboard.filters()).subjects.map((subject) => dashboard.overview({ subject })));
      expect(bySubject.reduce((sum, o) => sum + o.totals.attended, 0)).toBe(all.attended);
      expect(bySubject.every((o) => o.totals.morningChecks === term.counts.networkChecks)).toBe(true);
    } finally {
      await db.close();
    }
  });
});
