import { DateTime } from 'luxon';
import { ClassroomError, type LessonPhase, type StandingDay, type StandingIdentity, type StandingLink, type TodayLesson } from '@classroom/shared';
import type { LessonStores } from '../db/Database.ts';
import type { LessonRecord } from '../db/LessonStore.ts';
import type { WeeklyLessonFilter, WeeklyLessonRecord } from '../db/TimetableStore.ts';
import { occurrences, type Occurrence } from './recurrence.ts';

export interface TodayDeps {
  stores: LessonStores;
  /** The day of a teacher's link (a teacher belongs to no school): TIME_ZONE. */
  timeZone: string;
  /** A lesson's phase while it is live on this node (the records lag behind it). */
  livePhase: (lessonId: string) => LessonPhase | undefined;
}

/**
 * A permanent link's day: who it is, and today's lessons of its classroom (or its teacher) in
 * order. The current and the next lesson are opened (a row in `lessons`, made once whoever asks
 * first) so that the link can connect to them; later ones are opened when they come up.
 */
export async function standingDay(link: StandingLink, deps: TodayDeps, now = new Date()): Promise<StandingDay> {
  const { stores } = deps;
  const { you, zone, filter } = await whoIs(link, deps);
  const day = DateTime.fromJSDate(now, { zone }).startOf('day');
  const weekly = await stores.timetable.weeklyLessons(filter);
  const today = weekly
    .flatMap((lesson) => occurrences(lesson, lesson.changes, day.toJSDate(), day.plus({ days: 1 }).toJSDate()).map((o) => ({ lesson, o })))
    .sort((a, b) => Date.parse(a.o.startsAt) - Date.parse(b.o.startsAt));
  const next = today.findIndex(({ o }) => Date.parse(o.startsAt) > now.getTime());
  const isOn = (o: Occurrence) => Date.parse(o.startsAt) <= now.getTime() && now.getTime() < Date.parse(o.endsAt);
  const names = new Names(stores);

  const lessons: TodayLesson[] = [];
  for (const [index, { lesson, o }] of today.entries()) {
    const dueDate = o.movedFrom ?? o.date;
    // Read first: every projector asks every minute, and the lesson is opened only once.
    const record = await stores.lessons.occurrenceLesson(lesson.id, dueDate) ?? (isOn(o) || index === next
      ? await stores.lessons.lessonOfOccurrence(
        { weeklyLessonId: lesson.id, dueDate, title: lesson.title, teacherId: lesson.teacherId }, await names.lessonClassrooms(lesson), now)
      : undefined);
    lessons.push({
      weeklyLessonId: lesson.id, dueDate, title: record?.title ?? lesson.title, teacherName: await names.teacher(lesson.teacherId),
      classrooms: lesson.classroomIds.length, startsAt: o.startsAt, endsAt: o.endsAt, timeZone: lesson.timeZone, movedFrom: o.movedFrom,
      phase: phaseOf(record, deps), lessonId: record?.id ?? null,
    });
  }
  return { you, date: day.toISODate()!, timeZone: zone, serverTime: now.getTime(), lessons };
}

function phaseOf(record: LessonRecord | undefined, deps: TodayDeps): LessonPhase {
  return record ? deps.livePhase(record.id) ?? record.phase : 'scheduled';
}

async function whoIs(link: StandingLink, deps: TodayDeps): Promise<{ you: StandingIdentity; zone: string; filter: WeeklyLessonFilter }> {
  const { schools, teachers } = deps.stores;
  if (link.kind === 'teacher') {
    const teacher = await teachers.teacher(link.teacherId);
    if (!teacher) throw new ClassroomError('not_found', 'this teacher no longer exists');
    return { you: { kind: 'teacher', teacher }, zone: deps.timeZone, filter: { teacherId: teacher.id } };
  }
  const classroom = await schools.classroom(link.classroomId);
  const school = classroom && await schools.school(classroom.schoolId);
  if (!classroom || !school) throw new ClassroomError('not_found', 'this classroom no longer exists');
  // Not its district: a classroom's page has no use for it.
  const { districtId: _, ...shown } = school;
  return {
    you: { kind: 'classroom', role: link.role, school: shown, classroom: { id: classroom.id, name: classroom.name } },
    zone: school.timeZone,
    filter: { classroomId: classroom.id },
  };
}

/** Names read once per answer: teachers, and the schools and classrooms a lesson being opened lists. */
class Names {
  readonly #stores: LessonStores;
  readonly #teachers = new Map<string, string>();
  #classrooms: Map<string, string> | undefined;

  constructor(stores: LessonStores) {
    this.#stores = stores;
  }

  async teacher(id: string): Promise<string> {
    if (!this.#teachers.has(id)) this.#teachers.set(id, (await this.#stores.teachers.teacher(id))?.name ?? '');
    return this.#teachers.get(id)!;
  }

  /** The lesson's entries for its lasting classrooms: "school · classroom", as the teacher sees them among many schools. */
  async lessonClassrooms(lesson: WeeklyLessonRecord): Promise<{ lastingId: string; name: string }[]> {
    this.#classrooms ??= await classroomNames(this.#stores);
    return lesson.classroomIds.map((id) => ({ lastingId: id, name: this.#classrooms!.get(id) ?? id }));
  }
}

/** Every lasting classroom's display name, "school · classroom". */
export async function classroomNames(stores: LessonStores): Promise<Map<string, string>> {
  const schools = new Map((await stores.schools.schools()).map((s) => [s.id, s.name]));
  return new Map((await stores.schools.classrooms()).map((c) => [c.id, `${schools.get(c.schoolId) ?? ''} · ${c.name}`]));
}
