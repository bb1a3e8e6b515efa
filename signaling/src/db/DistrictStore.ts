import { shortId } from './ids.ts';
import { nameTaken } from './SchoolStore.ts';
import type { SqlDatabase } from './SqlDatabase.ts';

export interface DistrictRecord {
  id: string;
  name: string;
}

/**
 * Districts (issue #19): schools belong to one, and its manager's permanent, read-only link has a
 * generation of its own, moved on to withdraw it. Names are unique, as schools' are.
 */
export interface DistrictStore {
  /** Throws `name_taken` when a district has that name. */
  createDistrict(name: string, now?: Date): Promise<DistrictRecord>;
  /** The district of that name, created if there is none (the school CSV's district column). */
  ensureDistrict(name: string, now?: Date): Promise<DistrictRecord>;
  /** Undefined: no such district; throws `name_taken`. */
  renameDistrict(id: string, name: string): Promise<DistrictRecord | undefined>;
  district(id: string): Promise<DistrictRecord | undefined>;
  /** Every district, in creation order. */
  districts(): Promise<DistrictRecord[]>;
  /** Puts a school in a district (null: in none); false: no such school. */
  setSchoolDistrict(schoolId: string, districtId: string | null): Promise<boolean>;
  /** The current generation of the district's manager link (undefined: no such district). */
  managerLinkVersion(districtId: string): Promise<number | undefined>;
  /** Withdraws the manager link: links signed so far are refused. Undefined: no such district. */
  nextManagerLinkVersion(districtId: string): Promise<number | undefined>;
}

/** The district store on SQLite or PostgreSQL. */
export class SqlDistrictStore implements DistrictStore {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async createDistrict(name: string, now = new Date()): Promise<DistrictRecord> {
    const created = await this.#insert(name, now);
    if (!created) throw nameTaken('a district', name);
    return (await this.#byName(name))!;
  }

  async ensureDistrict(name: string, now = new Date()): Promise<DistrictRecord> {
    await this.#insert(name, now);
    return (await this.#byName(name))!;
  }

  async renameDistrict(id: string, name: string): Promise<DistrictRecord | undefined> {
    const changed = await this.#db.run(
      'UPDATE districts SET name = $2 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM districts other WHERE other.name = $2 AND other.id <> $1)', [id, name]);
    const district = await this.district(id);
    if (changed === 0 && district) throw nameTaken('a district', name);
    return district;
  }

  district(id: string): Promise<DistrictRecord | undefined> {
    return this.#db.get<DistrictRecord>('SELECT id, name FROM districts WHERE id = $1', [id]);
  }

  districts(): Promise<DistrictRecord[]> {
    return this.#db.all<DistrictRecord>('SELECT id, name FROM districts ORDER BY rowid');
  }

  async setSchoolDistrict(schoolId: string, districtId: string | null): Promise<boolean> {
    return await this.#db.run('UPDATE schools SET district_id = $2 WHERE id = $1', [schoolId, districtId]) === 1;
  }

  async managerLinkVersion(districtId: string): Promise<number | undefined> {
    return (await this.#db.get<{ v: number }>('SELECT manager_link_version AS v FROM districts WHERE id = $1', [districtId]))?.v;
  }

  async nextManagerLinkVersion(districtId: string): Promise<number | undefined> {
    return (await this.#db.get<{ v: number }>(
      'UPDATE districts SET manager_link_version = manager_link_version + 1 WHERE id = $1 RETURNING manager_link_version AS v', [districtId]))?.v;
  }

  async #insert(name: string, now: Date): Promise<boolean> {
    return await this.#db.run('INSERT INTO districts (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
      [shortId(), name, now.toISOString()]) === 1;
  }

  #byName(name: string): Promise<DistrictRecord | undefined> {
    return this.#db.get<DistrictRecord>('SELECT id, name FROM districts WHERE name = $1', [name]);
  }
}
