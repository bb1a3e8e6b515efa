// A generated school term for the district view (issue #19): districts, schools, classrooms,
// teachers and a weekly timetable, then week by week the records real lessons leave — lessons,
// their classrooms, attendance rows (late joins, early leaves, reconnects, removed classrooms),
// hands and stage turns, questions and answers, link-quality samples every few seconds, morning
// network checks — and some timetabled lessons nobody held. The aggregates are then written the
// way the server writes them (writeLessonStats when a lesson ends, recordMissedLessons).
//
// Used by `npm run bench:dashboard` (a full term) and by the tests (a few weeks of a few schools).
import { DateTime } from 'luxon';
import type { LessonStores } from '../../signaling/src/db/Database.ts';
import { insertMany } from '../../signaling/src/db/DistrictStatsStore.ts';
import { shortId } from '../../signaling/src/db/ids.ts';
import type { SqlDatabase, SqlQueries, SqlValue } from '../../signaling/src/db/SqlDatabase.ts';
import type { WeeklyLessonRecord } from '../../signaling/src/db/TimetableStore.ts';
import { writeLessonStats, type StatsRules } from '../../signaling/src/district/lessonStats.ts';
import { recordMissedLessons } from '../../signaling/src/district/missedLessons.ts';
import { occurrences, type Occurrence, type Weekday } from '../../signaling/src/timetable/recurrence.ts';

export interface TermSize {
  weeks: number;
  districts: number;
  schools: number;
  classroomsPerSchool: number;
  /** Timetabled lessons a week per classroom (at most 5: one a school day). */
  lessonsPerWeek: number;
  /** Classrooms a master teacher teaches at once (from several schools). */
  classroomsPerLesson: number;
  teachers: number;
  lessonMinutes: number;
  questionsPerLesson: number;
  /** A projector's link-quality report interval (the web app's is 5 s). */
  sampleEverySeconds: number;
}

/** ~20 weeks × 200 schools × 4 classrooms × 5 lessons a week, samples every 5 s. */
export const FULL_TERM: TermSize = {
  weeks: 20, districts: 10, schools: 200, classroomsPerSchool: 4, lessonsPerWeek: 5, classroomsPerLesson: 20, teachers: 40,
  lessonMinutes: 40, questionsPerLesson: 2, sampleEverySeconds: 5,
};

/** For tests: two weeks of a few schools, every case (reconnects, removals, lessons not held) still likely. */
export const SMALL_TERM: TermSize = {
  weeks: 2, districts: 2, schools: 6, classroomsPerSchool: 2, lessonsPerWeek: 3, classroomsPerLesson: 4, teachers: 3,
  lessonMinutes: 40, questionsPerLesson: 2, sampleEverySeconds: 5,
};

export interface GenerateOptions {
  /** The term's first Monday (local date). */
  firstMonday?: string;
  timeZone?: string;
  seed?: number;
  rules?: StatsRules;
  /** Progress, once a week. */
  onWeek?: (week: number, counts: GeneratedCounts) => void;
}

export interface GeneratedCounts {
  lessons: number;
  classroomLessons: number;
  notHeld: number;
  attendanceRows: number;
  samples: number;
  submissions: number;
  networkChecks: number;
  removed: number;
  reconnecting: number;
  /** Replays taken later by classrooms that missed a lesson (each answered its questions). */
  replays: number;
}

export interface GeneratedTerm {
  firstDate: string;
  lastDate: string;
  districtIds: string[];
  schoolIds: string[];
  lessonIds: string[];
  counts: GeneratedCounts;
  /** Seconds spent writing the records, and then the aggregates. */
  recordsSeconds: number;
  aggregatesSeconds: number;
}

const SUBJECTS = ['数学', '语文', 'English', '科学', '音乐'];
/** Lesson start times by slot in the day. */
const STARTS = ['08:00', '09:00', '10:00', '11:00', '14:00', '15:00', '16:00'];

/** A small, seeded random generator (mulberry32): the same term each run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How a school's lessons tend to go: its classrooms' attendance, link and answers. */
interface SchoolTraits {
  attendance: number;
  link: 'good' | 'fair' | 'poor';
  correct: number;
}

const LINK = {
  good: { loss: 0.6, rtt: 60 },
  fair: { loss: 2.5, rtt: 220 },
  poor: { loss: 7, rtt: 450 },
} as const;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Writes a term into an empty (migrated) database. Lasting records go through the stores; the
 * lessons' records are written in bulk, a week per transaction, and the samples by the database
 * itself (one statement per lesson), since a full term has tens of millions of them.
 */
export async function generateTerm(db: SqlDatabase, stores: LessonStores, size: TermSize, options: GenerateOptions = {}): Promise<GeneratedTerm> {
  const zone = options.timeZone ?? 'Asia/Shanghai';
  const firstMonday = DateTime.fromISO(options.firstMonday ?? '2026-03-02', { zone }).startOf('week');
  const rand = random(options.seed ?? 19);
  // Replays draw from a stream of their own: adding them changed nothing else a seed makes.
  const replayRand = random((options.seed ?? 19) + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const rules = options.rules ?? { lateMs: 5 * 60_000, timeZone: zone };
  const started = performance.now();

  const districts = [];
  for (let d = 0; d < size.districts; d++) districts.push(await stores.districts.createDistrict(`第${d + 1}学区`));
  const traits = new Map<string, SchoolTraits>();
  const classrooms: { id: string; schoolId: string; name: string }[] = [];
  const schoolIds: string[] = [];
  for (let s = 0; s < size.schools; s++) {
    const school = await stores.schools.createSchool(`${s % 3 === 0 ? '希望' : s % 3 === 1 ? '红星' : 'Hill '}小学${s + 1}`, zone);
    await stores.districts.setSchoolDistrict(school.id, districts[s % districts.length]!.id);
    schoolIds.push(school.id);
    const link = rand() < 0.7 ? 'good' : rand() < 0.67 ? 'fair' : 'poor';
    traits.set(school.id, { attendance: 0.6 + rand() * 0.38, link, correct: 0.4 + rand() * 0.5 });
    for (let c = 0; c < size.classroomsPerSchool; c++) classrooms.push({ ...(await stores.schools.addClassroom(school.id, `${c + 1}班`)), schoolId: school.id });
  }
  const teachers = [];
  for (let t = 0; t < size.teachers; t++) teachers.push(await stores.teachers.createTeacher(`老师${t + 1}`));

  // Slot k of the week (weekday k % 5 + 1): the classrooms, shuffled, in groups of a lesson each.
  const firstDate = firstMonday.toISODate()!;
  const lastDate = firstMonday.plus({ weeks: size.weeks - 1, days: 4 }).toISODate()!;
  const weeklies: WeeklyLessonRecord[] = [];
  let teacherTurn = 0;
  for (let k = 0; k < size.lessonsPerWeek; k++) {
    const order = [...classrooms].sort(() => rand() - 0.5);
    for (let g = 0; g * size.classroomsPerLesson < order.length; g++) {
      const group = order.slice(g * size.classroomsPerLesson, (g + 1) * size.classroomsPerLesson);
      const start = STARTS[g % STARTS.length]!;
      const startAt = DateTime.fromISO(`2000-01-01T${start}`);
      const subject = pick(SUBJECTS);
      weeklies.push(await stores.timetable.createWeekly({
        title: `${subject} ${k + 1}-${g + 1}`, subject, teacherId: teachers[teacherTurn++ % teachers.length]!.id,
        classroomIds: group.map((c) => c.id), weekday: ((k % 5) + 1) as Weekday, start, end: startAt.plus({ minutes: size.lessonMinutes }).toFormat('HH:mm'),
        timeZone: zone, firstDate, lastDate, skippedDates: [],
      }));
    }
  }

  const counts: GeneratedCounts = { lessons: 0, classroomLessons: 0, notHeld: 0, attendanceRows: 0, samples: 0, submissions: 0, networkChecks: 0, removed: 0, reconnecting: 0, replays: 0 };
  const lessonIds: string[] = [];
  const schoolOf = new Map(classrooms.map((c) => [c.id, c.schoolId]));
  const nameOf = new Map(classrooms.map((c) => [c.id, c.name]));
  for (let week = 0; week < size.weeks; week++) {
    const monday = firstMonday.plus({ weeks: week });
    const from = monday.toJSDate();
    const to = monday.plus({ weeks: 1 }).toJSDate();
    const rows = { lessons: [] as SqlValue[][], classrooms: [] as SqlValue[][], attendance: [] as SqlValue[][], questions: [] as SqlValue[][], submissions: [] as SqlValue[][], checks: [] as SqlValue[][], replays: [] as SqlValue[][], replayAnswers: [] as SqlValue[][] };
    const sampleSpans: { lessonId: string; spans: SampleSpan[] }[] = [];
    for (const weekly of weeklies) {
      for (const o of occurrences(weekly, [], from, to)) {
        // Some lessons are never held (the teacher was ill): each classroom scheduled, none
        // attended. The term's first is one, so that a small term has the case too.
        if (counts.lessons + counts.notHeld === 0 || rand() < 0.02) { counts.notHeld += 1; continue; }
        const lessonId = shortId();
        lessonIds.push(lessonId);
        counts.lessons += 1;
        const spans = generateLesson(rand, lessonId, weekly, o, { traits, schoolOf, nameOf, size, rows, counts, replayRand });
        sampleSpans.push({ lessonId, spans });
      }
    }
    // Morning network checks: each classroom, each school day, 07:30.
    for (let day = 0; day < 5; day++) {
      const at = monday.plus({ days: day }).set({ hour: 7, minute: 30 });
      for (const c of classrooms) {
        const link = traits.get(c.schoolId)!.link;
        const grade = rand() < 0.8 ? link : pick(['good', 'fair', 'poor'] as const);
        rows.checks.push([c.id, at.plus({ seconds: Math.floor(rand() * 600) }).toUTC().toISO()!, 'morning', grade,
          grade === 'good' ? 'high' : grade === 'fair' ? 'medium' : 'low', LINK[grade].rtt, grade === 'poor' ? 300 : 1500, LINK[grade].loss, 10, '{}', '[]']);
        counts.networkChecks += 1;
      }
    }
    await db.transaction(async (tx) => {
      await insertMany(tx, 'lessons', ['id', 'title', 'phase', 'created_at', 'started_at', 'ended_at', 'ended_reason', 'weekly_lesson_id', 'due_date', 'teacher_id', 'subject'], rows.lessons);
      await insertMany(tx, 'classrooms', ['id', 'lesson_id', 'name', 'position', 'lasting_classroom_id', 'removed_at', 'hands_raised', 'stage_turns'], rows.classrooms);
      await insertMany(tx, 'attendance', ['lesson_id', 'classroom_id', 'role', 'connection_id', 'joined_at', 'left_at'], rows.attendance);
      await insertMany(tx, 'questions', ['id', 'lesson_id', 'position', 'kind', 'prompt', 'options', 'correct', 'answer_mode', 'state', 'opened_at', 'closed_at'], rows.questions);
      await insertMany(tx, 'submissions', ['question_id', 'classroom_id', 'answer', 'submitted_at'], rows.submissions);
      await insertMany(tx, 'lesson_replays', ['id', 'lesson_id', 'classroom_id', 'classroom_name', 'started_at', 'finished_at'], rows.replays);
      await insertMany(tx, 'replay_answers', ['replay_id', 'question_id', 'answer', 'submitted_at'], rows.replayAnswers);
      await insertMany(tx, 'network_checks', ['classroom_id', 'checked_at', 'started_by', 'grade', 'layer', 'rtt_ms', 'bitrate_kbps', 'loss_percent', 'jitter_ms', 'paths', 'advice'], rows.checks);
      for (const { lessonId, spans } of sampleSpans) counts.samples += await insertSamples(tx, db.dialect, lessonId, spans, size.sampleEverySeconds);
    });
    options.onWeek?.(week + 1, counts);
  }
  const recordsSeconds = (performance.now() - started) / 1000;

  // The aggregates, as the server writes them: each lesson when it ends, then the sweep.
  const afterTerm = firstMonday.plus({ weeks: size.weeks, days: 1 }).toJSDate();
  const aggregating = performance.now();
  // Each week's rollup once at the end, rather than once per lesson as the server does.
  for (const lessonId of lessonIds) await writeLessonStats(stores, lessonId, rules, afterTerm, false);
  await recordMissedLessons(stores, rules, firstMonday.toJSDate(), afterTerm, 0);
  for (const week of await stores.weekRollup.weeks()) await stores.weekRollup.refreshWeek(week, zone);
  return {
    firstDate, lastDate, districtIds: districts.map((d) => d.id), schoolIds, lessonIds, counts,
    recordsSeconds, aggregatesSeconds: (performance.now() - aggregating) / 1000,
  };
}

/** A classroom's presence in a lesson, which its projector's samples cover. */
interface SampleSpan {
  classroomId: string;
  fromMs: number;
  count: number;
  loss: number;
  rtt: number;
  /** Samples [from, to) with no teacher video (sound only). */
  silentFrom: number;
  silentTo: number;
}

interface LessonContext {
  traits: Map<string, SchoolTraits>;
  schoolOf: Map<string, string>;
  nameOf: Map<string, string>;
  size: TermSize;
  rows: Record<'lessons' | 'classrooms' | 'attendance' | 'questions' | 'submissions' | 'replays' | 'replayAnswers', SqlValue[][]>;
  counts: GeneratedCounts;
  replayRand: () => number;
}

/** One held lesson's rows; returns the spans its samples cover. */
function generateLesson(rand: () => number, lessonId: string, weekly: WeeklyLessonRecord, o: Occurrence, ctx: LessonContext): SampleSpan[] {
  const { rows, counts, size } = ctx;
  const start = Date.parse(o.startsAt);
  const end = Date.parse(o.endsAt);
  const minute = 60_000;
  rows.lessons.push([lessonId, weekly.title, 'ended', iso(start - 10 * minute), iso(start), iso(end), 'teacher', weekly.id, o.movedFrom ?? o.date, weekly.teacherId, weekly.subject]);
  rows.attendance.push([lessonId, null, 'teacher', shortId(), iso(start - minute), iso(end)]);
  const questions = Array.from({ length: size.questionsPerLesson }, (_, position) => {
    const id = shortId();
    // The last question is a poll (no correct answer): answered, never judged.
    const poll = position === size.questionsPerLesson - 1 && position > 0;
    const openedAt = start + (10 + position * 10) * minute;
    rows.questions.push([id, lessonId, position, 'single', `第${position + 1}题：3 + ${position} = ?`, JSON.stringify(['3', '4', '5', '6']),
      poll ? null : JSON.stringify([position]), 'collective', 'revealed', openedAt, openedAt + 2 * minute]);
    return { id, poll, position, openedAt };
  });
  const spans: SampleSpan[] = [];
  weekly.classroomIds.forEach((lastingId, position) => {
    const schoolId = ctx.schoolOf.get(lastingId)!;
    const traits = ctx.traits.get(schoolId)!;
    const classroomId = shortId();
    counts.classroomLessons += 1;
    const attended = rand() < traits.attendance;
    const removed = attended && rand() < 0.015;
    const joined = start + (rand() < 0.15 ? 6 + rand() * 10 : rand() * 3) * minute;
    let left = rand() < 0.08 ? end - (8 + rand() * 12) * minute : end + rand() * minute;
    if (removed) left = joined + (left - joined) * rand();
    const hands = attended ? Math.floor(rand() * rand() * 5) : 0;
    rows.classrooms.push([classroomId, lessonId, ctx.nameOf.get(lastingId)!, position, lastingId, removed ? iso(left) : null, hands, Math.min(hands, Math.floor(rand() * 2))]);
    if (!attended) {
      // A class that missed it takes it later on replay (a day after), now and then twice.
      for (let r = 0; questions.length > 0 && ctx.replayRand() < (r === 0 ? 0.3 : 0.2); r++) {
        const replayId = shortId();
        const at = end + (1 + r) * 86_400_000;
        rows.replays.push([replayId, lessonId, lastingId, ctx.nameOf.get(lastingId)!, iso(at), iso(at + (end - start))]);
        for (const q of questions) rows.replayAnswers.push([replayId, q.id, JSON.stringify({ mode: 'collective', choices: [q.position] }), at + (q.openedAt - start)]);
        counts.replays += 1;
      }
      return;
    }
    if (removed) counts.removed += 1;
    // The projector's connections: one, or broken by 1–2 short drops (reconnects).
    const drops = rand() < 0.1 ? 1 + Math.floor(rand() * 2) : 0;
    if (drops > 0) counts.reconnecting += 1;
    let from = joined;
    for (let d = 0; d <= drops; d++) {
      const until = d === drops ? left : from + (left - from) * (0.3 + rand() * 0.4);
      rows.attendance.push([lessonId, classroomId, 'projector', shortId(), iso(from), iso(until)]);
      counts.attendanceRows += 1;
      from = until + (20 + rand() * 40) * 1000;
    }
    if (rand() < 0.5) {
      rows.attendance.push([lessonId, classroomId, 'assistant', shortId(), iso(joined + 30_000), iso(left)]);
      counts.attendanceRows += 1;
    }
    for (const q of questions) {
      if (q.openedAt < joined || q.openedAt > left || rand() > 0.85) continue;
      const right = rand() < traits.correct;
      rows.submissions.push([q.id, classroomId, JSON.stringify({ mode: 'collective', choices: [right || q.poll ? q.position : (q.position + 1) % 4] }), q.openedAt + 30_000]);
      counts.submissions += 1;
    }
    const count = Math.floor((left - joined) / (size.sampleEverySeconds * 1000));
    const silent = rand() < 0.06 ? Math.floor(count * rand()) : 0;
    spans.push({ classroomId, fromMs: Math.round(joined), count, loss: LINK[traits.link].loss, rtt: LINK[traits.link].rtt, silentFrom: silent, silentTo: silent ? silent + Math.floor(count * 0.2) : 0 });
  });
  return spans;
}

/**
 * A lesson's samples, made by the database: every `everyS` seconds of each span, loss and round
 * trip scattered around the school's link, no video while silent. One statement a lesson.
 */
async function insertSamples(q: SqlQueries, dialect: SqlDatabase['dialect'], lessonId: string, spans: SampleSpan[], everyS: number): Promise<number> {
  const live = spans.filter((s) => s.count > 0);
  if (live.length === 0) return 0;
  const max = Math.max(...live.map((s) => s.count));
  const r = dialect === 'sqlite' ? '(ABS(RANDOM()) % 1000000) / 1000000.0' : 'RANDOM()';
  // Generated ids and numbers only (no input): written into the statement.
  const values = live.map((s) => `('${s.classroomId}', ${s.fromMs}, ${s.count}, ${s.loss}, ${s.rtt}, ${s.silentFrom}, ${s.silentTo})`).join(', ');
  await q.run(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${max - 1}),
    c(classroom_id, from_ms, count, loss, rtt, silent_from, silent_to) AS (VALUES ${values})
    INSERT INTO quality_samples (lesson_id, classroom_id, at, rtt_ms, loss_percent, jitter_ms, bitrate_kbps, frame_height, fps)
    SELECT '${lessonId}', c.classroom_id, c.from_ms + n.i * ${everyS * 1000}, c.rtt * (0.4 + ${r} * 1.2), c.loss * ${r} * 2, 5 + ${r} * 20,
           400 + ${r} * 800, CASE WHEN n.i >= c.silent_from AND n.i < c.silent_to THEN 0 ELSE 720 END, 25
    FROM c JOIN n ON n.i < c.count`);
  return live.reduce((sum, s) => sum + s.count, 0);
}
