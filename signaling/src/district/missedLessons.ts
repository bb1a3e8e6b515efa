import type { LessonStores } from '../db/Database.ts';
import type { ClassroomLessonStats } from '../db/DistrictStatsStore.ts';
import { occurrences } from '../timetable/recurrence.ts';
import { weekOf, writeLessonStats, type StatsRules } from './lessonStats.ts';

/**
 * Counts the timetabled lessons that ended (plus `graceMs`) in [from, now) and have no
 * aggregates: one never opened is scheduled and not attended by each of its classrooms; one
 * opened but never ended (nobody came, or the teacher never ended it) counts what its records
 * hold. Idempotent: a lesson with aggregates is left alone. Returns how many lessons it counted.
 *
 * Removed weekly lessons are not walked: the lessons they held keep their aggregates, and their
 * weeks not held are no longer on the timetable.
 */
export async function recordMissedLessons(stores: LessonStores, rules: StatsRules, from: Date, now = new Date(), graceMs = 60 * 60_000): Promise<number> {
  const until = new Date(now.getTime() - graceMs);
  if (until <= from) return 0;
  const weeklies = await stores.timetable.weeklyLessons({ all: true });
  const schoolOf = new Map((await stores.schools.classrooms()).map((c) => [c.id, c.schoolId]));
  // Due dates a month before `from` can have moved into the range.
  const counted = await stores.districtStats.occurrencesWithStats(new Date(from.getTime() - 31 * 86_400_000).toISOString().slice(0, 10));
  const missed: ClassroomLessonStats[] = [];
  let lessons = 0;
  for (const weekly of weeklies) {
    for (const o of occurrences(weekly, weekly.changes, from, until)) {
      const dueDate = o.movedFrom ?? o.date;
      if (Date.parse(o.endsAt) > until.getTime() || counted.has(`${weekly.id}|${dueDate}`)) continue;
      lessons += 1;
      const opened = await stores.lessons.occurrenceLesson(weekly.id, dueDate);
      if (opened && await writeLessonStats(stores, opened.id, rules, now)) continue;
      for (const classroomId of weekly.classroomIds) {
        const schoolId = schoolOf.get(classroomId);
        if (!schoolId) continue;
        missed.push({
          weeklyLessonId: weekly.id, dueDate, classroomId, lessonId: null, schoolId, teacherId: weekly.teacherId, subject: weekly.subject,
          title: weekly.title, heldDate: o.date, week: weekOf(o.date), startsAt: o.startsAt, endsAt: o.endsAt,
          attended: false, removed: false, presentSeconds: 0, lateJoin: false, earlyLeave: false, handsRaised: 0, stageTurns: 0,
          quizAsked: 0, quizAnswered: 0, quizJudged: 0, quizCorrect: 0,
          linkGoodSeconds: 0, linkFairSeconds: 0, linkPoorSeconds: 0, soundOnlySeconds: 0, reconnects: 0, replaysTaken: 0,
        });
      }
    }
  }
  await stores.districtStats.addMissed(missed, now);
  for (const week of new Set(missed.map((m) => m.week))) await stores.weekRollup.refreshWeek(week, rules.timeZone);
  return lessons;
}
