import { DateTime } from 'luxon';
import type {
  ClassroomLinks, HttpErrorBody, LastingClassroom, School, StandingDay, Teacher, TeacherLink, WeeklyLesson, WeeklyLessonBody,
} from '@classroom/shared';
import { tokenOf, useTestServer, type TestServer } from './harness.ts';

/**
 * One real server for a test file that makes many records (more REST calls than the admin's 120
 * a minute), with its REST client.
 */
export function useRecordsServer() {
  const testServer = useTestServer({ ADMIN_RATE_LIMIT: '100000' });
  return { testServer, api: restClient(() => testServer.server) };
}

let names = 0;
/** A name no other test uses (names are unique on the server). */
export const unique = (name: string) => `${name} ${++names}`;

export interface Answer<T> {
  status: number;
  body: T;
}

/**
 * The REST API as a test calls it: JSON in and out, with the admin token unless another is given
 * (null: none). Answers the status and the parsed body, whatever the status.
 */
export function restClient(server: () => TestServer) {
  async function call<T>(method: string, path: string, body?: unknown, token: string | null = server().app.adminToken): Promise<Answer<T>> {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined && typeof body !== 'string') headers['content-type'] = 'application/json';
    if (typeof body === 'string') headers['content-type'] = 'text/csv; charset=utf-8';
    const res = await fetch(`${server().url}${path}`, { method, headers, body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await call<T | HttpErrorBody>(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }
  return {
    call,
    ok,
    createSchool: (name: string, timeZone?: string) => ok<School>('POST', '/api/schools', { name, ...(timeZone ? { timeZone } : {}) }),
    addClassroom: (schoolId: string, name: string) => ok<LastingClassroom>('POST', `/api/schools/${schoolId}/classrooms`, { name }),
    createTeacher: (name: string) => ok<Teacher>('POST', '/api/teachers', { name }),
    classroomLinks: (classroomId: string) => ok<ClassroomLinks>('GET', `/api/classrooms/${classroomId}/links`),
    teacherLink: (teacherId: string) => ok<TeacherLink>('GET', `/api/teachers/${teacherId}/link`),
    createWeekly: (body: WeeklyLessonBody) => ok<WeeklyLesson>('POST', '/api/weekly-lessons', body),
    /** A permanent link's day, read with the link's own token. */
    today: (link: string) => call<StandingDay>('GET', '/api/me/today', undefined, tokenOf(link)),
  };
}

/**
 * The times of a weekly lesson that is on now, in `zone`: from two hours ago to two hours from now
 * (past midnight if need be), for a term around today. Any time of day the test runs, the lesson is
 * current, and on the weekday it started on.
 */
export function lessonOnNow(zone = 'Asia/Shanghai', now = new Date()): Pick<WeeklyLessonBody, 'weekday' | 'start' | 'end' | 'firstDate' | 'lastDate'> {
  const start = DateTime.fromJSDate(now, { zone }).minus({ hours: 2 });
  const end = start.plus({ hours: 4 });
  return {
    weekday: start.weekday,
    start: start.toFormat('HH:mm'),
    end: end.toFormat('HH:mm'),
    firstDate: start.minus({ weeks: 1 }).toISODate()!,
    lastDate: start.plus({ weeks: 1 }).toISODate()!,
  };
}

/** A school with classrooms, a teacher, and a weekly lesson of them on now: what most tests start from. */
export async function lessonOnNowFor(api: ReturnType<typeof restClient>, names: { school: string; classrooms: string[]; teacher: string }) {
  const school = await api.createSchool(names.school);
  const classrooms: LastingClassroom[] = [];
  for (const name of names.classrooms) classrooms.push(await api.addClassroom(school.id, name));
  const teacher = await api.createTeacher(names.teacher);
  const weekly = await api.createWeekly({
    title: `${names.teacher}'s lesson`, teacherId: teacher.id, classroomIds: classrooms.map((c) => c.id), ...lessonOnNow(),
  });
  return { school, classrooms, teacher, weekly };
}
