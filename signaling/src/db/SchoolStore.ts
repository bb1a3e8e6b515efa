import { ClassroomError, type ClassroomLinkRole, type WallPictureDefault } from '@classroom/shared';
import { shortId } from './ids.ts';
import type { SqlDatabase } from './SqlDatabase.ts';

export interface SchoolRecord {
  id: string;
  name: string;
  timeZone: string;
  /** Whether its classes start a lesson with their picture for the teacher's wall on or off. */
  wallPicture: WallPictureDefault;
  /** Its district (the district view), null for none. */
  districtId: string | null;
}

/** A classroom that lasts all term, with a generation per permanent link (projector, assistant). */
export interface LastingClassroomRecord {
  id: string;
  schoolId: string;
  name: string;
}

/**
 * Schools and their lasting classrooms. Names are how the admin and the CSV import find them:
 * unique (a classroom's within its school), which the schema's constraints keep so also when two
 * imports run at once.
 */
export interface SchoolStore {
  /** Throws `name_taken` when a school has that name. */
  createSchool(name: string, timeZone: string, now?: Date): Promise<SchoolRecord>;
  /** The school of that name, created if there is none (an existing one keeps its time zone). */
  ensureSchool(name: string, timeZone: string, now?: Date): Promise<{ school: SchoolRecord; created: boolean }>;
  /** Undefined: no such school; throws `name_taken`. */
  updateSchool(id: string, change: { name?: string; timeZone?: string; wallPicture?: WallPictureDefault }): Promise<SchoolRecord | undefined>;
  school(id: string): Promise<SchoolRecord | undefined>;
  /** Every school, in creation order. */
  schools(): Promise<SchoolRecord[]>;
  /** Throws `name_taken` when the school has a classroom of that name. */
  addClassroom(schoolId: string, name: string, now?: Date): Promise<LastingClassroomRecord>;
  ensureClassroom(schoolId: string, name: string, now?: Date): Promise<{ classroom: LastingClassroomRecord; created: boolean }>;
  renameClassroom(id: string, name: string): Promise<LastingClassroomRecord | undefined>;
  classroom(id: string): Promise<LastingClassroomRecord | undefined>;
  /** Every lasting classroom, each school's in creation order. */
  classrooms(): Promise<LastingClassroomRecord[]>;
  /** The current generation of one of the classroom's links (undefined: no such classroom). */
  linkVersion(classroomId: string, role: ClassroomLinkRole): Promise<number | undefined>;
  /** Withdraws that link: links signed so far are refused. Undefined: no such classroom. */
  nextLinkVersion(classroomId: string, role: ClassroomLinkRole): Promise<number | undefined>;
}

type SchoolRow = { id: string; name: string; time_zone: string; wall_picture: WallPictureDefault; district_id: string | null };
const SCHOOL_COLUMNS = 'id, name, time_zone, wall_picture, district_id';
type ClassroomRow = { id: string; school_id: string; name: string };
const toSchool = (r: SchoolRow): SchoolRecord => ({ id: r.id, name: r.name, timeZone: r.time_zone, wallPicture: r.wall_picture, districtId: r.district_id });
const toClassroom = (r: ClassroomRow): LastingClassroomRecord => ({ id: r.id, schoolId: r.school_id, name: r.name });
/** Constant column names per link (never from input: they go into the SQL text). */
const VERSION_COLUMN: Record<ClassroomLinkRole, string> = { projector: 'projector_link_version', assistant: 'assistant_link_version' };

export function nameTaken(what: string, name: string): ClassroomError {
  return new ClassroomError('name_taken', `${what} "${name}" exists already`);
}

/** The school store on SQLite or PostgreSQL. */
export class SqlSchoolStore implements SchoolStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async createSchool(name: string, timeZone: string, now = new Date()): Promise<SchoolRecord> {
    const { school, created } = await this.ensureSchool(name, timeZone, now);
    if (!created) throw nameTaken('a school', name);
    return school;
  }

  async ensureSchool(name: string, timeZone: string, now = new Date()): Promise<{ school: SchoolRecord; created: boolean }> {
    const created = await this.#db.run(
      'INSERT INTO schools (id, name, time_zone, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING',
      [shortId(), name, timeZone, now.toISOString()]) === 1;
    const row = await this.#db.get<SchoolRow>(`SELECT ${SCHOOL_COLUMNS} FROM schools WHERE name = $1`, [name]);
    return { school: toSchool(row!), created };
  }

  async updateSchool(id: string, change: { name?: string; timeZone?: string; wallPicture?: WallPictureDefault }): Promise<SchoolRecord | undefined> {
    const changed = await this.#db.run(
      `UPDATE schools SET name = COALESCE($2, name), time_zone = COALESCE($3, time_zone), wall_picture = COALESCE($4, wall_picture)
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM schools other WHERE other.name = $2 AND other.id <> $1)`,
      [id, change.name ?? null, change.timeZone ?? null, change.wallPicture ?? null]);
    const school = await this.school(id);
    if (changed === 0 && school) throw nameTaken('a school', change.name!);
    return school;
  }

  async school(id: string): Promise<SchoolRecord | undefined> {
    const row = await this.#db.get<SchoolRow>(`SELECT ${SCHOOL_COLUMNS} FROM schools WHERE id = $1`, [id]);
    return row && toSchool(row);
  }

  async schools(): Promise<SchoolRecord[]> {
    return (await this.#db.all<SchoolRow>(`SELECT ${SCHOOL_COLUMNS} FROM schools ORDER BY rowid`)).map(toSchool);
  }

  async addClassroom(schoolId: string, name: string, now = new Date()): Promise<LastingClassroomRecord> {
    const { classroom, created } = await this.ensureClassroom(schoolId, name, now);
    if (!created) throw nameTaken('a classroom', name);
    return classroom;
  }

  async ensureClassroom(schoolId: string, name: string, now = new Date()): Promise<{ classroom: LastingClassroomRecord; created: boolean }> {
    const created = await this.#db.run(
      'INSERT INTO lasting_classrooms (id, school_id, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (school_id, name) DO NOTHING',
      [shortId(), schoolId, name, now.toISOString()]) === 1;
    const row = await this.#db.get<ClassroomRow>('SELECT id, school_id, name FROM lasting_classrooms WHERE school_id = $1 AND name = $2', [schoolId, name]);
    return { classroom: toClassroom(row!), created };
  }

  async renameClassroom(id: string, name: string): Promise<LastingClassroomRecord | undefined> {
    const changed = await this.#db.run(
      `UPDATE lasting_classrooms SET name = $2 WHERE id = $1 AND NOT EXISTS
         (SELECT 1 FROM lasting_classrooms other WHERE other.school_id = lasting_classrooms.school_id AND other.name = $2 AND other.id <> $1)`,
      [id, name]);
    const classroom = await this.classroom(id);
    if (changed === 0 && classroom) throw nameTaken('a classroom', name);
    return classroom;
  }

  async classroom(id: string): Promise<LastingClassroomRecord | undefined> {
    const row = await this.#db.get<ClassroomRow>('SELECT id, school_id, name FROM lasting_classrooms WHERE id = $1', [id]);
    return row && toClassroom(row);
  }

  async classrooms(): Promise<LastingClassroomRecord[]> {
    return (await this.#db.all<ClassroomRow>('SELECT id, school_id, name FROM lasting_classrooms ORDER BY rowid')).map(toClassroom);
  }

  async linkVersion(classroomId: string, role: ClassroomLinkRole): Promise<number | undefined> {
    const column = VERSION_COLUMN[role];
    return (await this.#db.get<{ v: number }>(`SELECT ${column} AS v FROM lasting_classrooms WHERE id = $1`, [classroomId]))?.v;
  }

  async nextLinkVersion(classroomId: string, role: ClassroomLinkRole): Promise<number | undefined> {
    const column = VERSION_COLUMN[role];
    return (await this.#db.get<{ v: number }>(
      `UPDATE lasting_classrooms SET ${column} = ${column} + 1 WHERE id = $1 RETURNING ${column} AS v`, [classroomId]))?.v;
  }
}
