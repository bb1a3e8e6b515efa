import { nameTaken } from './SchoolStore.ts';
import { shortId } from './ids.ts';
import type { SqlDatabase } from './SqlDatabase.ts';

export interface TeacherRecord {
  id: string;
  name: string;
}

/** The master teachers, each with one permanent link (and its generation). Names are unique. */
export interface TeacherStore {
  /** Throws `name_taken`. */
  createTeacher(name: string, now?: Date): Promise<TeacherRecord>;
  /** Undefined: no such teacher; throws `name_taken`. */
  renameTeacher(id: string, name: string): Promise<TeacherRecord | undefined>;
  teacher(id: string): Promise<TeacherRecord | undefined>;
  /** Every teacher, in creation order. */
  teachers(): Promise<TeacherRecord[]>;
  linkVersion(teacherId: string): Promise<number | undefined>;
  nextLinkVersion(teacherId: string): Promise<number | undefined>;
}

/** The teacher store on SQLite or PostgreSQL. */
export class SqlTeacherStore implements TeacherStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async createTeacher(name: string, now = new Date()): Promise<TeacherRecord> {
    const id = shortId();
    const created = await this.#db.run('INSERT INTO teachers (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
      [id, name, now.toISOString()]);
    if (created === 0) throw nameTaken('a teacher', name);
    return { id, name };
  }

  async renameTeacher(id: string, name: string): Promise<TeacherRecord | undefined> {
    const changed = await this.#db.run(
      'UPDATE teachers SET name = $2 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM teachers other WHERE other.name = $2 AND other.id <> $1)',
      [id, name]);
    const teacher = await this.teacher(id);
    if (changed === 0 && teacher) throw nameTaken('a teacher', name);
    return teacher;
  }

  async teacher(id: string): Promise<TeacherRecord | undefined> {
    return this.#db.get<TeacherRecord>('SELECT id, name FROM teachers WHERE id = $1', [id]);
  }

  teachers(): Promise<TeacherRecord[]> {
    return this.#db.all<TeacherRecord>('SELECT id, name FROM teachers ORDER BY rowid');
  }

  async linkVersion(teacherId: string): Promise<number | undefined> {
    return (await this.#db.get<{ v: number }>('SELECT link_version AS v FROM teachers WHERE id = $1', [teacherId]))?.v;
  }

  async nextLinkVersion(teacherId: string): Promise<number | undefined> {
    return (await this.#db.get<{ v: number }>('UPDATE teachers SET link_version = link_version + 1 WHERE id = $1 RETURNING link_version AS v', [teacherId]))?.v;
  }
}
