import { gradeQuality } from '@classroom/shared';
import { DateTime } from 'luxon';
import type { LessonStores } from '../db/Database.ts';
import type { ClassroomLessonStats, ClassroomQuestionStats, SampleFacts } from '../db/DistrictStatsStore.ts';
import { buildLessonReport } from '../reports/lessonReport.ts';
import { occurrences, type LessonChange, type WeeklyLesson } from '../timetable/recurrence.ts';

/** How the aggregates judge a lesson's attendance and link (DASHBOARD_LATE_MINUTES). */
export interface StatsRules {
  /** Joined more than this after the start: late; left more than this before the end: early. */
  lateMs: number;
  /** TIME_ZONE: the weeks of the weekly rollup's morning checks. */
  timeZone: string;
}

/** A quality sample stands for the time to the next one, at most this long (projectors report every 5 s). */
const SAMPLE_MAX_MS = 10_000;
/** The last sample of a classroom stands for one report interval. */
const LAST_SAMPLE_MS = 5_000;

/** A weekly lesson's occurrence of `dueDate` (moved or not), with its instants; undefined if it has none (cancelled, not due). */
export function occurrenceOf(weekly: WeeklyLesson, changes: readonly LessonChange[], dueDate: string) {
  const day = DateTime.fromISO(dueDate, { zone: weekly.timeZone });
  // A move may take it to another week: look a month either side.
  const found = occurrences(weekly, changes, day.minus({ days: 31 }).toJSDate(), day.plus({ days: 32 }).toJSDate());
  return found.find((o) => (o.movedFrom ?? o.date) === dueDate);
}

/** The Monday of a local date's ISO week. */
export function weekOf(date: string): string {
  return DateTime.fromISO(date).startOf('week').toISODate()!;
}

/**
 * Computes and stores a timetabled lesson's aggregates, per lasting classroom and per question
 * and classroom, from its lesson report (so the dashboard's numbers are the report's) plus what
 * the report does not have: lateness against the timetable, hands and stage turns, and the
 * projector's link graded per sample. Run when the lesson ends, and again at any time: it
 * replaces what was written, and sums its week again for the rollup (unless `refresh` is false:
 * a bulk load refreshes each week once). Returns false for a lesson not from the timetable.
 */
export async function writeLessonStats(stores: LessonStores, lessonId: string, rules: StatsRules, now = new Date(), refresh = true): Promise<boolean> {
  const facts = await stores.districtStats.timetabledLesson(lessonId);
  if (!facts) return false;
  const report = await buildLessonReport(stores, lessonId, now);
  if (!report) return false;
  const weekly = await stores.timetable.weekly(facts.weeklyLessonId);
  const occurrence = weekly && occurrenceOf(weekly, weekly.changes, facts.dueDate);
  // A weekly lesson removed since (or a week cancelled after it was held): its due date and times as opened.
  const heldDate = occurrence?.date ?? facts.dueDate;
  const startsAt = occurrence?.startsAt ?? report.lesson.createdAt;
  const endsAt = occurrence?.endsAt ?? facts.endedAt ?? now.toISOString();
  const lessonEnd = Math.min(Date.parse(endsAt), facts.endedAt ? Date.parse(facts.endedAt) : Infinity);
  const samples = groupSamples(await stores.districtStats.samples(lessonId));
  const replays = await stores.replays.countsOfLesson(lessonId);

  const rows: ClassroomLessonStats[] = [];
  const questions: ClassroomQuestionStats[] = [];
  for (const classroom of facts.classrooms) {
    const attendance = report.attendance.find((a) => a.classroomId === classroom.id);
    const attended = attendance?.firstJoinedAt != null;
    const answers = report.quizzes.map(({ question, correctness }) => ({ question, mark: correctness.find((c) => c.classroomId === classroom.id) }));
    const link = gradeSamples(samples.get(classroom.id) ?? []);
    rows.push({
      weeklyLessonId: facts.weeklyLessonId, dueDate: facts.dueDate, classroomId: classroom.lastingId, lessonId, schoolId: classroom.schoolId,
      teacherId: facts.teacherId, subject: facts.subject, title: facts.title, heldDate, week: weekOf(heldDate), startsAt, endsAt,
      attended, removed: attendance?.removed ?? false, presentSeconds: attendance?.presentSeconds ?? 0,
      lateJoin: attended && Date.parse(attendance.firstJoinedAt!) > Date.parse(startsAt) + rules.lateMs,
      earlyLeave: attended && attendance.lastLeftAt !== null && Date.parse(attendance.lastLeftAt) < lessonEnd - rules.lateMs,
      handsRaised: classroom.handsRaised, stageTurns: classroom.stageTurns,
      quizAsked: attended ? answers.length : 0,
      quizAnswered: answers.filter((a) => a.mark).length,
      quizJudged: answers.filter((a) => a.mark && a.mark.correct !== null).length,
      quizCorrect: answers.filter((a) => a.mark?.correct === true).length,
      ...link,
      reconnects: Math.max(0, (attendance?.projectorConnections ?? 0) - 1),
      // Opened on its permanent links (the lasting classroom) or on this lesson's own.
      replaysTaken: (replays.get(classroom.lastingId) ?? 0) + (replays.get(classroom.id) ?? 0),
    });
    if (!attended) continue;
    for (const { question, mark } of answers) {
      questions.push({
        questionId: question.id, classroomId: classroom.lastingId, lessonId, schoolId: classroom.schoolId, heldDate,
        answered: mark !== undefined, judged: mark !== undefined && mark.correct !== null, correct: mark?.correct === true,
      });
    }
  }
  await stores.districtStats.replaceLesson({ weeklyLessonId: facts.weeklyLessonId, dueDate: facts.dueDate, lessonId }, rows, questions, now);
  if (refresh) await stores.weekRollup.refreshWeek(weekOf(heldDate), rules.timeZone);
  return true;
}

function groupSamples(samples: SampleFacts[]): Map<string, SampleFacts[]> {
  const groups = new Map<string, SampleFacts[]>();
  for (const sample of samples) {
    const group = groups.get(sample.classroomId);
    if (group) group.push(sample);
    else groups.set(sample.classroomId, [sample]);
  }
  return groups;
}

/**
 * A projector's link over the lesson: each sample (in time order) graded as the lesson's view
 * grades it (loss and round trip; the server's score of the link is not stored), standing for the
 * time to the next one. No teacher video decoded (frame height 0) is sound only.
 */
export function gradeSamples(samples: readonly SampleFacts[]) {
  const seconds = { good: 0, fair: 0, poor: 0, soundOnly: 0 };
  samples.forEach((sample, i) => {
    const next = samples[i + 1];
    const ms = next ? Math.min(next.at - sample.at, SAMPLE_MAX_MS) : LAST_SAMPLE_MS;
    seconds[gradeQuality(sample)] += ms;
    if (sample.frameHeight === 0) seconds.soundOnly += ms;
  });
  const s = (ms: number) => Math.round(ms / 1000);
  return { linkGoodSeconds: s(seconds.good), linkFairSeconds: s(seconds.fair), linkPoorSeconds: s(seconds.poor), soundOnlySeconds: s(seconds.soundOnly) };
}
