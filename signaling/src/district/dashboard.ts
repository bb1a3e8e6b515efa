import {
  ATTENTION_ATTENDANCE_BELOW, ATTENTION_POOR_LINK_ABOVE,
  type ClassroomDashboard, type ClassroomRow, type DashboardFigures, type DashboardFilter, type DashboardFilters, type DashboardOverview,
  type DistrictRow, type LessonRow, type QuestionDashboard, type QuestionRow, type SchoolDashboard, type SchoolRow, type WeekRow,
} from '@classroom/shared';
import type { LessonStores } from '../db/Database.ts';
import type { DashboardStore, StatsGroup } from '../db/DashboardStore.ts';
import type { Totals } from '../db/WeekRollupStore.ts';
import type { SchoolRecord } from '../db/SchoolStore.ts';
import { addChecks, addSums, figures, minutes, poorLinkShare, rate } from './figures.ts';
import { totals } from './totals.ts';

type Filter = DashboardFilter & { classroomId?: string };

/**
 * The district view's answers, put together from the aggregates' sums (DashboardStore) and the
 * names of districts, schools and classrooms. The filter is already narrowed to the reader's
 * district (http/dashboardAccess.ts).
 */
export class Dashboard {
  readonly #stores: LessonStores;
  readonly #reads: DashboardStore;
  /** The time zone of the filter's dates for network checks (TIME_ZONE): lessons carry their own local dates. */
  readonly #zone: string;

  constructor(stores: LessonStores, reads: DashboardStore, zone: string) {
    this.#stores = stores;
    this.#reads = reads;
    this.#zone = zone;
  }

  async overview(filter: DashboardFilter): Promise<DashboardOverview> {
    const [schools, districts, bySchool, weeks] = await Promise.all([
      this.#schoolsIn(filter), this.#stores.districts.districts(), this.#totals(filter, 'school'), this.weeks(filter),
    ]);
    const classroomsOf = await this.#classroomCounts();
    const districtName = new Map(districts.map((d) => [d.id, d.name]));
    const schoolRows: SchoolRow[] = schools.map((s) => {
      const f = figures(bySchool.get(s.id)?.sums, bySchool.get(s.id)?.checks);
      return { schoolId: s.id, name: s.name, districtId: s.districtId, districtName: districtName.get(s.districtId ?? '') ?? '', classrooms: classroomsOf.get(s.id) ?? 0, attention: attention(f), ...f };
    });
    const districtIds = [...new Set(schools.map((s) => s.districtId))];
    const districtRows: DistrictRow[] = districtIds.map((id) => {
      const own = schools.filter((s) => s.districtId === id);
      return {
        districtId: id, name: districtName.get(id ?? '') ?? '', schools: own.length,
        ...figures(addSums(own.map((s) => bySchool.get(s.id)?.sums)), addChecks(own.map((s) => bySchool.get(s.id)?.checks))),
      };
    }).sort((a, b) => (a.districtId === null ? 1 : b.districtId === null ? -1 : a.name.localeCompare(b.name, 'zh-CN')));
    return {
      filter,
      totals: figures(addSums([...bySchool.values()].map((t) => t.sums)), addChecks([...bySchool.values()].map((t) => t.checks))),
      districts: districtRows,
      schools: schoolRows.sort(byAttention),
      weeks,
    };
  }

  /** A school's drill-down; undefined for no such school. */
  async school(schoolId: string, filter: DashboardFilter): Promise<SchoolDashboard | undefined> {
    const school = await this.#stores.schools.school(schoolId);
    if (!school) return undefined;
    const own = { ...filter, schoolId };
    const [classrooms, byClassroom, weeks, district, districtName] = await Promise.all([
      this.#stores.schools.classrooms(), this.#totals(own, 'classroom'),
      this.weeks(own), this.#districtFigures(school.districtId, filter), this.#districtName(school.districtId),
    ]);
    const rows: ClassroomRow[] = classrooms.filter((c) => c.schoolId === schoolId).map((c) => ({
      classroomId: c.id, name: c.name, schoolId, schoolName: school.name, ...figures(byClassroom.get(c.id)?.sums, byClassroom.get(c.id)?.checks),
    }));
    return {
      filter: own,
      school: { id: school.id, name: school.name, districtId: school.districtId, districtName },
      totals: figures(addSums([...byClassroom.values()].map((t) => t.sums)), addChecks([...byClassroom.values()].map((t) => t.checks))),
      district, classrooms: rows, weeks,
    };
  }

  /** A classroom's drill-down: its lessons; undefined for no such classroom. */
  async classroom(classroomId: string, filter: DashboardFilter): Promise<ClassroomDashboard | undefined> {
    const classroom = await this.#stores.schools.classroom(classroomId);
    const school = classroom && await this.#stores.schools.school(classroom.schoolId);
    if (!classroom || !school) return undefined;
    const own: Filter = { ...filter, schoolId: school.id, classroomId };
    const [all, lessons, weeks, district] = await Promise.all([
      this.#totals(own, 'all'), this.lessons(own, school.districtId), this.weeks(own), this.#districtFigures(school.districtId, filter),
    ]);
    return {
      filter: own,
      classroom: { id: classroom.id, name: classroom.name, schoolId: school.id, schoolName: school.name, districtId: school.districtId },
      totals: figures(all.get('')?.sums, all.get('')?.checks), district, lessons, weeks,
    };
  }

  /** Classrooms of the filter (its school's, or every one in it), for the classrooms table. */
  async classrooms(filter: DashboardFilter): Promise<ClassroomRow[]> {
    const [schools, classrooms, byClassroom] = await Promise.all([
      this.#schoolsIn(filter), this.#stores.schools.classrooms(), this.#totals(filter, 'classroom'),
    ]);
    const schoolOf = new Map(schools.map((s) => [s.id, s]));
    return classrooms.filter((c) => schoolOf.has(c.schoolId)).map((c) => ({
      classroomId: c.id, name: c.name, schoolId: c.schoolId, schoolName: schoolOf.get(c.schoolId)!.name,
      ...figures(byClassroom.get(c.id)?.sums, byClassroom.get(c.id)?.checks),
    }));
  }

  /**
   * The classroom-lessons of a filter (a classroom's, or a school's), newest first, each with the
   * correct rate of its lesson over the district's classrooms (`districtId`: theirs; by default
   * the classroom's, else the filter's).
   */
  async lessons(filter: Filter, districtId?: string | null): Promise<LessonRow[]> {
    const rows = await this.#reads.lessons(filter);
    districtId ??= filter.classroomId ? await this.#districtOfClassroom(filter.classroomId) : filter.districtId ?? null;
    const held = [...new Set(rows.map((l) => l.lessonId).filter((id): id is string => id !== null))];
    const inDistrict = districtId ? await this.#reads.lessonCorrectOf(held, districtId) : new Map<string, { judged: number; correct: number }>();
    const districtRate = (lessonId: string | null) => {
      const sums = lessonId === null ? undefined : inDistrict.get(lessonId);
      return sums && sums.judged > 0 ? sums.correct / sums.judged : null;
    };
    return rows.map((l) => ({
      lessonId: l.lessonId, weeklyLessonId: l.weeklyLessonId, title: l.title, subject: l.subject, teacherName: l.teacherName,
      date: l.heldDate, startsAt: l.startsAt, endsAt: l.endsAt, scheduled: true, attended: l.attended, removed: l.removed,
      minutesPresent: minutes(l.presentSeconds), lateJoin: l.lateJoin, earlyLeave: l.earlyLeave, handsRaised: l.handsRaised,
      stageTurns: l.stageTurns, quizAsked: l.quizAsked, quizAnswered: l.quizAnswered, quizJudged: l.quizJudged, quizCorrect: l.quizCorrect,
      linkGoodMinutes: minutes(l.linkGoodSeconds), linkFairMinutes: minutes(l.linkFairSeconds), linkPoorMinutes: minutes(l.linkPoorSeconds),
      soundOnlyMinutes: minutes(l.soundOnlySeconds), reconnects: l.reconnects, replaysTaken: l.replaysTaken,
      reportUrl: l.lessonId && `/report?${new URLSearchParams({ lesson: l.lessonId }).toString()}`,
      reportApi: l.lessonId && `/api/dashboard/lessons/${l.lessonId}/report`,
      districtCorrectRate: districtRate(l.lessonId),
    }));
  }

  async #districtOfClassroom(classroomId: string): Promise<string | null> {
    const classroom = await this.#stores.schools.classroom(classroomId);
    return (classroom && (await this.#stores.schools.school(classroom.schoolId))?.districtId) ?? null;
  }

  /** The filter's weeks, oldest first. */
  async weeks(filter: Filter): Promise<WeekRow[]> {
    const byWeek = await this.#totals(filter, 'week');
    const weeks = [...byWeek.keys()].filter((w): w is string => w !== null).sort();
    return weeks.map((week) => ({ week, ...figures(byWeek.get(week)!.sums, byWeek.get(week)!.checks) }));
  }

  /** Questions of the filter, newest first, each against its district's and everyone's correct rate. */
  async questions(filter: DashboardFilter): Promise<QuestionDashboard> {
    const own = await this.#reads.questionSums(filter);
    const ids = [...own.keys()];
    const [facts, everyone, district] = await Promise.all([
      this.#reads.questions(ids), this.#reads.questionSumsOf(ids),
      filter.districtId ? this.#reads.questionSumsOf(ids, filter.districtId) : Promise.resolve(undefined),
    ]);
    const factOf = new Map(facts.map((f) => [f.questionId, f]));
    const questions: QuestionRow[] = ids.flatMap((id) => {
      const f = factOf.get(id);
      const s = own.get(id)!;
      if (!f) return [];
      const d = district?.get(id);
      const all = everyone.get(id);
      return [{
        questionId: id, lessonId: f.lessonId, lessonTitle: f.lessonTitle, subject: f.subject, date: f.heldDate, position: f.position + 1,
        prompt: f.prompt, asked: s.asked, answered: s.answered, judged: s.judged, correct: s.correct, correctRate: rate(s.correct, s.judged),
        districtCorrectRate: d ? rate(d.correct, d.judged) : null, allCorrectRate: all ? rate(all.correct, all.judged) : null,
      }];
    });
    return { filter, questions };
  }

  /** What the filters offer a reader (a manager: its district's). */
  async filters(districtId?: string): Promise<DashboardFilters> {
    const [choices, teachers, districts, schools] = await Promise.all([
      this.#reads.filterChoices(districtId), this.#stores.teachers.teachers(), this.#stores.districts.districts(), this.#schoolsIn(districtId ? { districtId } : {}),
    ]);
    const teacherIds = new Set(choices.teacherIds);
    return {
      subjects: choices.subjects,
      teachers: teachers.filter((t) => teacherIds.has(t.id)).map((t) => ({ id: t.id, name: t.name })),
      districts: districts.filter((d) => !districtId || d.id === districtId),
      schools: schools.map((s) => ({ id: s.id, name: s.name, districtId: s.districtId })),
      firstDate: choices.firstDate, lastDate: choices.lastDate,
    };
  }

  #totals(filter: Filter, group: StatsGroup): Promise<Map<string | null, Totals>> {
    return totals(this.#stores, filter, group, this.#zone);
  }

  async #schoolsIn(filter: DashboardFilter): Promise<SchoolRecord[]> {
    return (await this.#stores.schools.schools())
      .filter((s) => (!filter.districtId || s.districtId === filter.districtId) && (!filter.schoolId || s.id === filter.schoolId));
  }

  async #classroomCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const c of await this.#stores.schools.classrooms()) counts.set(c.schoolId, (counts.get(c.schoolId) ?? 0) + 1);
    return counts;
  }

  /** A district's figures over the same filter (any of its schools), to compare with. */
  async #districtFigures(districtId: string | null, filter: DashboardFilter): Promise<DashboardFigures | null> {
    if (!districtId) return null;
    const { schoolId: _, ...rest } = filter;
    const within = { ...rest, districtId };
    const all = (await this.#totals(within, 'all')).get('');
    return figures(all?.sums, all?.checks);
  }

  async #districtName(districtId: string | null): Promise<string> {
    return districtId ? (await this.#stores.districts.district(districtId))?.name ?? '' : '';
  }
}

/** Why a school needs attention, if it does. */
function attention(f: DashboardFigures): SchoolRow['attention'] {
  const reasons: SchoolRow['attention'] = [];
  if (f.attendanceRate !== null && f.attendanceRate < ATTENTION_ATTENDANCE_BELOW) reasons.push('attendance');
  if (poorLinkShare(f) > ATTENTION_POOR_LINK_ABOVE) reasons.push('link');
  return reasons;
}

/** More reasons first; then lowest attendance, then worst links; then by name. */
function byAttention(a: SchoolRow, b: SchoolRow): number {
  return b.attention.length - a.attention.length
    || (a.attention.length > 0 ? (a.attendanceRate ?? 1) - (b.attendanceRate ?? 1) || poorLinkShare(b) - poorLinkShare(a) : 0)
    || a.name.localeCompare(b.name, 'zh-CN');
}

