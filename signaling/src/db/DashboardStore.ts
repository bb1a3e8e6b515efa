import { DateTime } from 'luxon';
import type { DashboardFilter } from '@classroom/shared';
import type { ClassroomCountsSums, ClassroomLessonStats } from './DistrictStatsStore.ts';
import type { SqlDatabase, SqlValue } from './SqlDatabase.ts';

/** Sums over a set of classroom-lessons (classroom_lesson_stats), before rates and minutes. */
export interface StatsSums extends ClassroomCountsSums {
  scheduled: number;
  attended: number;
  lateJoins: number;
  earlyLeaves: number;
}

/** What the sums are grouped by: one row per district, school, classroom or week, or one in all. */
export type StatsGroup = 'district' | 'school' | 'classroom' | 'week' | 'all';

/** Morning network checks over a set of classrooms. */
export interface CheckSums {
  checks: number;
  poor: number;
}

/** One classroom-lesson as the lessons table shows it: its stored row, with its teacher's name. */
export type LessonStatsRecord = Omit<ClassroomLessonStats, 'dueDate' | 'classroomId' | 'schoolId' | 'teacherId' | 'week'> & { teacherName: string };

/** A question's answers over a set of classrooms. */
export interface QuestionSums {
  questionId: string;
  asked: number;
  answered: number;
  judged: number;
  correct: number;
}

/** A question asked, with its lesson. */
export interface QuestionFacts {
  questionId: string;
  lessonId: string;
  lessonTitle: string;
  subject: string | null;
  heldDate: string;
  position: number;
  prompt: string;
}

export const KEY: Record<StatsGroup, string> = {
  district: 'sc.district_id', school: 's.school_id', classroom: 's.classroom_id', week: 's.week', all: "''",
};

export const SUMS = `COUNT(*) AS scheduled, SUM(s.attended) AS attended, SUM(s.present_seconds) AS present_seconds,
  SUM(s.late_join) AS late_joins, SUM(s.early_leave) AS early_leaves, SUM(s.hands_raised) AS hands_raised,
  SUM(s.stage_turns) AS stage_turns, SUM(s.quiz_asked) AS quiz_asked, SUM(s.quiz_answered) AS quiz_answered,
  SUM(s.quiz_judged) AS quiz_judged, SUM(s.quiz_correct) AS quiz_correct, SUM(s.link_good_seconds) AS link_good_seconds,
  SUM(s.link_fair_seconds) AS link_fair_seconds, SUM(s.link_poor_seconds) AS link_poor_seconds,
  SUM(s.sound_only_seconds) AS sound_only_seconds, SUM(s.reconnects) AS reconnects, SUM(s.replays_taken) AS replays_taken`;

export type SumsRow = Record<string, number | string | null>;

/** GROUP BY the key, or nothing for one row in all (PostgreSQL refuses to group by a constant). */
export const groupBy = (key: string) => (key === KEY.all ? '' : `GROUP BY ${key}`);

export function toSums(r: SumsRow): StatsSums {
  const n = (key: string) => Number(r[key] ?? 0);
  return {
    scheduled: n('scheduled'), attended: n('attended'), presentSeconds: n('present_seconds'), lateJoins: n('late_joins'),
    earlyLeaves: n('early_leaves'), handsRaised: n('hands_raised'), stageTurns: n('stage_turns'), quizAsked: n('quiz_asked'),
    quizAnswered: n('quiz_answered'), quizJudged: n('quiz_judged'), quizCorrect: n('quiz_correct'),
    linkGoodSeconds: n('link_good_seconds'), linkFairSeconds: n('link_fair_seconds'), linkPoorSeconds: n('link_poor_seconds'),
    soundOnlySeconds: n('sound_only_seconds'), reconnects: n('reconnects'), replaysTaken: n('replays_taken'),
  };
}

/** The instant (ISO, UTC) a local date starts in a time zone, `days` later. */
export function localDayStart(date: string, zone: string, days = 0): string {
  return DateTime.fromISO(date, { zone }).plus({ days }).toUTC().toISO()!;
}

/** A filter as a WHERE over `classroom_lesson_stats s JOIN schools sc` (or another table with the same columns), with its parameters. */
export function where(filter: DashboardFilter & { classroomId?: string }, options: { dates?: boolean; lessons?: boolean } = {}): [string, SqlValue[]] {
  const params: SqlValue[] = [];
  const clauses: string[] = [];
  const add = (clause: string, value: SqlValue) => {
    params.push(value);
    clauses.push(clause.replace('?', `$${params.length}`));
  };
  if (options.dates !== false) {
    if (filter.from) add('s.held_date >= ?', filter.from);
    if (filter.to) add('s.held_date <= ?', filter.to);
  }
  if (options.lessons !== false) {
    if (filter.subject) add('s.subject = ?', filter.subject);
    if (filter.teacherId) add('s.teacher_id = ?', filter.teacherId);
  }
  if (filter.districtId) add('sc.district_id = ?', filter.districtId);
  if (filter.schoolId) add('s.school_id = ?', filter.schoolId);
  if (filter.classroomId) add('s.classroom_id = ?', filter.classroomId);
  return [clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params];
}

/**
 * The dashboard's reads (issue #19) over the aggregates, grouped as a table needs them: here
 * over classroom_lesson_stats (a row per classroom and lesson: a term of 200 schools is some 10⁵
 * rows), for what the weekly rollup cannot answer (WeekRollupStore; district/totals.ts chooses),
 * never over the quality samples.
 */
export class DashboardStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  /** The sums of the filter's classroom-lessons, by group (key: the district/school/classroom id or week; '' for all, null for no district). */
  async sums(filter: DashboardFilter & { classroomId?: string }, group: StatsGroup): Promise<Map<string | null, StatsSums>> {
    const [condition, params] = where(filter);
    const rows = await this.#db.all<SumsRow & { key: string | null }>(
      `SELECT ${KEY[group]} AS key, ${SUMS} FROM classroom_lesson_stats s JOIN schools sc ON sc.id = s.school_id ${condition} ${groupBy(KEY[group])}`, params);
    // One row in all, even over no rows (then of NULL sums): drop it when nothing was counted.
    if (group === 'all' && rows[0] && Number(rows[0].scheduled) === 0) rows.length = 0;
    return new Map(rows.map((r) => [r.key, toSums(r)]));
  }

  /**
   * Morning network checks of the filter's classrooms in its dates (local dates in `zone`), by
   * group; `hour` groups by the check's UTC hour (`2026-03-01T23`), which the caller turns into
   * a local date. Subject and teacher do not narrow them: a check is of a classroom, not a lesson.
   */
  async morningChecks(filter: DashboardFilter & { classroomId?: string }, group: Exclude<StatsGroup, 'week'> | 'hour', zone: string): Promise<Map<string | null, CheckSums>> {
    const [condition, params] = where(filter, { dates: false, lessons: false });
    const clauses = [condition.replace(/^WHERE /, ''), "n.started_by = 'morning'"].filter(Boolean);
    // ISO UTC times compare as text (the column's collation is "C" on PostgreSQL).
    if (filter.from) { params.push(localDayStart(filter.from, zone)); clauses.push(`n.checked_at >= $${params.length}`); }
    if (filter.to) { params.push(localDayStart(filter.to, zone, 1)); clauses.push(`n.checked_at < $${params.length}`); }
    const key = group === 'hour' ? 'SUBSTR(n.checked_at, 1, 13)' : KEY[group];
    const rows = await this.#db.all<{ key: string | null; checks: number; poor: number }>(
      `SELECT ${key} AS key, COUNT(*) AS checks, SUM(CASE WHEN n.grade = 'poor' THEN 1 ELSE 0 END) AS poor
       FROM network_checks n JOIN (SELECT id AS classroom_id, school_id FROM lasting_classrooms) s ON s.classroom_id = n.classroom_id
         JOIN schools sc ON sc.id = s.school_id
       WHERE ${clauses.join(' AND ')} ${groupBy(key)}`, params);
    return new Map(rows.map((r) => [r.key, { checks: Number(r.checks), poor: Number(r.poor) }]));
  }

  /** One classroom's lessons in the filter, newest first. */
  async lessons(filter: DashboardFilter & { classroomId?: string }): Promise<LessonStatsRecord[]> {
    const [condition, params] = where(filter);
    const rows = await this.#db.all<Record<string, string | number | null>>(
      `SELECT s.*, t.name AS teacher_name FROM classroom_lesson_stats s JOIN schools sc ON sc.id = s.school_id
       LEFT JOIN teachers t ON t.id = s.teacher_id ${condition} ORDER BY s.starts_at DESC, s.classroom_id LIMIT 5000`, params);
    return rows.map((r) => {
      const n = (key: string) => Number(r[key] ?? 0);
      return {
        lessonId: r.lesson_id as string | null, weeklyLessonId: r.weekly_lesson_id as string, title: r.title as string,
        subject: r.subject as string | null, teacherName: (r.teacher_name as string | null) ?? '', heldDate: r.held_date as string,
        startsAt: r.starts_at as string, endsAt: r.ends_at as string, attended: n('attended') === 1, removed: n('removed') === 1,
        presentSeconds: n('present_seconds'), lateJoin: n('late_join') === 1, earlyLeave: n('early_leave') === 1,
        handsRaised: n('hands_raised'), stageTurns: n('stage_turns'), quizAsked: n('quiz_asked'), quizAnswered: n('quiz_answered'),
        quizJudged: n('quiz_judged'), quizCorrect: n('quiz_correct'), linkGoodSeconds: n('link_good_seconds'),
        linkFairSeconds: n('link_fair_seconds'), linkPoorSeconds: n('link_poor_seconds'), soundOnlySeconds: n('sound_only_seconds'),
        reconnects: n('reconnects'), replaysTaken: n('replays_taken'),
      };
    });
  }

  /**
   * Per question asked in the filter (at most `limit`, newest first): how its classrooms
   * answered. Subject and teacher narrow through the question's lesson.
   */
  async questionSums(filter: DashboardFilter, limit = 500): Promise<Map<string, QuestionSums>> {
    // Newest first, so a week or two of dates is enough for `limit` questions: the dates first
    // (an index), then the sums over the newest 7, 14, 28… dates until there are enough.
    const [dateCondition, dateParams] = where({ ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}) });
    const dates = (await this.#db.all<{ held_date: string }>(
      `SELECT DISTINCT s.held_date FROM classroom_question_stats s ${dateCondition} ORDER BY s.held_date DESC`, dateParams)).map((d) => d.held_date);
    for (let days = 7; ; days *= 2) {
      const since = dates[Math.min(days, dates.length) - 1];
      if (since === undefined) return new Map();
      const rows = await this.#questionSums({ ...filter, from: since }, limit);
      if (rows.size >= limit || days >= dates.length) return rows;
    }
  }

  async #questionSums(filter: DashboardFilter, limit: number): Promise<Map<string, QuestionSums>> {
    const [condition, params] = where(filter, { lessons: false });
    const lessonFilter: string[] = [];
    if (filter.subject) { params.push(filter.subject); lessonFilter.push(`l.subject = $${params.length}`); }
    if (filter.teacherId) { params.push(filter.teacherId); lessonFilter.push(`l.teacher_id = $${params.length}`); }
    const all = [condition.replace(/^WHERE /, ''), ...lessonFilter].filter(Boolean).join(' AND ');
    params.push(limit);
    const rows = await this.#db.all<{ question_id: string; asked: number; answered: number; judged: number; correct: number }>(
      `SELECT s.question_id, COUNT(*) AS asked, SUM(s.answered) AS answered, SUM(s.judged) AS judged, SUM(s.correct) AS correct
       FROM classroom_question_stats s JOIN schools sc ON sc.id = s.school_id JOIN lessons l ON l.id = s.lesson_id
       ${all ? `WHERE ${all}` : ''} GROUP BY s.question_id, s.held_date ORDER BY s.held_date DESC, s.question_id LIMIT $${params.length}`, params);
    return new Map(rows.map((r) => [r.question_id, {
      questionId: r.question_id, asked: Number(r.asked), answered: Number(r.answered), judged: Number(r.judged), correct: Number(r.correct),
    }]));
  }

  /** The same questions' sums over every classroom (districtId: over that district's only). */
  async questionSumsOf(questionIds: readonly string[], districtId?: string): Promise<Map<string, QuestionSums>> {
    if (questionIds.length === 0) return new Map();
    const params: SqlValue[] = [...questionIds];
    const inList = questionIds.map((_, i) => `$${i + 1}`).join(', ');
    let district = '';
    if (districtId) { params.push(districtId); district = `AND sc.district_id = $${params.length}`; }
    const rows = await this.#db.all<{ question_id: string; asked: number; answered: number; judged: number; correct: number }>(
      `SELECT s.question_id, COUNT(*) AS asked, SUM(s.answered) AS answered, SUM(s.judged) AS judged, SUM(s.correct) AS correct
       FROM classroom_question_stats s JOIN schools sc ON sc.id = s.school_id
       WHERE s.question_id IN (${inList}) ${district} GROUP BY s.question_id`, params);
    return new Map(rows.map((r) => [r.question_id, {
      questionId: r.question_id, asked: Number(r.asked), answered: Number(r.answered), judged: Number(r.judged), correct: Number(r.correct),
    }]));
  }

  /** Per lesson named: its questions judged and answered correctly by the district's classrooms. */
  async lessonCorrectOf(lessonIds: readonly string[], districtId: string): Promise<Map<string, { judged: number; correct: number }>> {
    if (lessonIds.length === 0) return new Map();
    const inList = lessonIds.map((_, i) => `$${i + 2}`).join(', ');
    const rows = await this.#db.all<{ lesson_id: string; judged: number; correct: number }>(
      `SELECT s.lesson_id, SUM(s.quiz_judged) AS judged, SUM(s.quiz_correct) AS correct
       FROM classroom_lesson_stats s JOIN schools sc ON sc.id = s.school_id
       WHERE sc.district_id = $1 AND s.lesson_id IN (${inList}) GROUP BY s.lesson_id`, [districtId, ...lessonIds]);
    return new Map(rows.map((r) => [r.lesson_id, { judged: Number(r.judged), correct: Number(r.correct) }]));
  }

  /** The questions named, with their lessons. */
  async questions(questionIds: readonly string[]): Promise<QuestionFacts[]> {
    if (questionIds.length === 0) return [];
    const rows = await this.#db.all<{ id: string; lesson_id: string; title: string; subject: string | null; held_date: string; position: number; prompt: string }>(
      `SELECT q.id, q.lesson_id, l.title, l.subject, (SELECT MIN(s.held_date) FROM classroom_question_stats s WHERE s.question_id = q.id) AS held_date,
              q.position, q.prompt
       FROM questions q JOIN lessons l ON l.id = q.lesson_id WHERE q.id IN (${questionIds.map((_, i) => `$${i + 1}`).join(', ')})`, [...questionIds]);
    return rows.map((r) => ({ questionId: r.id, lessonId: r.lesson_id, lessonTitle: r.title, subject: r.subject, heldDate: r.held_date, position: r.position, prompt: r.prompt }));
  }

  /** What the filters offer: subjects and teachers with lessons counted (in the district, if given), and the dates. */
  async filterChoices(districtId?: string): Promise<{ subjects: string[]; teacherIds: string[]; firstDate: string | null; lastDate: string | null }> {
    // Without a district, each is read from an index alone.
    const params = districtId ? [districtId] : [];
    const within = districtId ? 'AND s.school_id IN (SELECT id FROM schools WHERE district_id = $1)' : '';
    const subjects = await this.#db.all<{ subject: string }>(`SELECT DISTINCT s.subject FROM classroom_lesson_stats s WHERE s.subject IS NOT NULL ${within} ORDER BY s.subject`, params);
    const teachers = await this.#db.all<{ teacher_id: string }>(`SELECT DISTINCT s.teacher_id FROM classroom_lesson_stats s WHERE s.teacher_id IS NOT NULL ${within}`, params);
    const range = await this.#db.get<{ first: string | null; last: string | null }>(
      `SELECT MIN(s.held_date) AS first, MAX(s.held_date) AS last FROM classroom_lesson_stats s WHERE s.held_date IS NOT NULL ${within}`, params);
    return { subjects: subjects.map((s) => s.subject), teacherIds: teachers.map((t) => t.teacher_id), firstDate: range?.first ?? null, lastDate: range?.last ?? null };
  }
}
