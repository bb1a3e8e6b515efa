import type { ImportedRow, SchoolImport } from '@classroom/shared';
import type { DistrictStore } from '../db/DistrictStore.ts';
import type { SchoolStore } from '../db/SchoolStore.ts';
import type { SchoolCsvRow } from './schoolCsv.ts';

/**
 * Creates the schools and classrooms the rows name, finding existing ones by name: importing the
 * same file twice changes nothing the second time. Rows go one by one, so a bad row (reported)
 * leaves the good ones imported; the school's time zone applies only to a school that is new. A
 * district named (学区) is made if new, and the school put in it, new or not: the file says where
 * the schools belong.
 */
export async function importSchools(rows: readonly SchoolCsvRow[], store: SchoolStore, defaultTimeZone: string, districts?: DistrictStore): Promise<SchoolImport> {
  const result: SchoolImport = { rows: [], created: { schools: 0, classrooms: 0 } };
  for (const row of rows) {
    if ('error' in row) {
      result.rows.push({ line: row.line, school: row.school, classroom: row.classroom, outcome: 'error', message: row.error });
      continue;
    }
    const { school, created: newSchool } = await store.ensureSchool(row.school, row.timeZone ?? defaultTimeZone);
    const newClassroom = row.classroom !== null && (await store.ensureClassroom(school.id, row.classroom)).created;
    if (row.district !== null && districts) await districts.setSchoolDistrict(school.id, (await districts.ensureDistrict(row.district)).id);
    if (newSchool) result.created.schools += 1;
    if (newClassroom) result.created.classrooms += 1;
    const outcome: ImportedRow['outcome'] = newSchool || newClassroom ? 'created' : 'existing';
    result.rows.push({ line: row.line, school: row.school, classroom: row.classroom, outcome });
  }
  return result;
}
