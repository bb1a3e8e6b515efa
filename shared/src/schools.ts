import { z } from 'zod';
import { displayName } from './api.ts';
import { CLASSROOM_LINK_ROLES } from './roles.ts';

/** An IANA time zone the runtime knows (`Asia/Shanghai`), as schools and the timetable name them. */
export const timeZoneSchema = z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `POST /api/schools` body; the time zone defaults to the server's (TIME_ZONE, Asia/Shanghai). */
export const createSchoolBody = z.strictObject({ name: displayName, timeZone: timeZoneSchema.optional() });

/**
 * Whether a school's classes start a lesson with their picture for the teacher's classroom wall
 * on or off (each classroom's assistant can still turn it off, or on, during the lesson).
 */
export const WALL_PICTURE_DEFAULTS = ['on', 'off'] as const;
export type WallPictureDefault = (typeof WALL_PICTURE_DEFAULTS)[number];

/** `PATCH /api/schools/:id` body: what changes. */
export const updateSchoolBody = z.strictObject({
  name: displayName.optional(), timeZone: timeZoneSchema.optional(), wallPicture: z.enum(WALL_PICTURE_DEFAULTS).optional(),
}).refine((b) => b.name !== undefined || b.timeZone !== undefined || b.wallPicture !== undefined, 'give a name, a time zone or the wall picture setting');

/** `POST /api/schools/:id/classrooms`, `PATCH /api/classrooms/:id`, `POST /api/teachers`, `PATCH /api/teachers/:id` body. */
export const namedRecordBody = z.strictObject({ name: displayName });

/** Which permanent link of a classroom: `POST /api/classrooms/:id/links/:role/revoke`. */
export const classroomLinkRoleSchema = z.enum(CLASSROOM_LINK_ROLES);

/** A classroom that lasts all term (unlike a lesson's own classroom entries), with its two permanent links. */
export interface LastingClassroom {
  id: string;
  schoolId: string;
  name: string;
}

/** A school and its classrooms, created once by the admin. */
export interface School {
  id: string;
  name: string;
  /** The school's clock: its timetable's wall-clock times are read in it. */
  timeZone: string;
  /** Whether its classes start a lesson with their picture for the teacher's wall on or off. */
  wallPicture: WallPictureDefault;
  /** The district it belongs to (the district view), null for none. */
  districtId: string | null;
  classrooms: LastingClassroom[];
}

/** A master teacher, who teaches many schools' classrooms. */
export interface Teacher {
  id: string;
  name: string;
}

/** `GET /api/schools` answer. */
export interface SchoolList {
  schools: School[];
}

/** `GET /api/teachers` answer. */
export interface TeacherList {
  teachers: Teacher[];
}

/** `GET /api/classrooms/:id/links` (and revoke) answer: the classroom's permanent links, signed again. */
export interface ClassroomLinks {
  classroomId: string;
  projectorUrl: string;
  assistantUrl: string;
}

/** `GET /api/teachers/:id/link` (and revoke) answer. */
export interface TeacherLink {
  teacherId: string;
  teacherUrl: string;
}

/** What one CSV row did: `created` (a school or classroom is new), `existing` (both were there), or `error`. */
export interface ImportedRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  school: string;
  classroom: string | null;
  outcome: 'created' | 'existing' | 'error';
  /** Why the row was not imported (English; `outcome: 'error'` only). */
  message?: string;
}

/** `POST /api/schools/import` answer (text/csv body). */
export interface SchoolImport {
  rows: ImportedRow[];
  created: { schools: number; classrooms: number };
}
