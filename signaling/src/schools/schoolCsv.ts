import { CsvError, parse, type InfoRecord } from 'csv-parse/sync';
import { ClassroomError, displayName, timeZoneSchema } from '@classroom/shared';

/** At most this many rows in one file: a district's schools and classrooms, not a data dump. */
export const MAX_IMPORT_ROWS = 5000;

/** One row of the file, read and checked: a school (and a classroom of it), or why it cannot be. */
export type SchoolCsvRow =
  | { line: number; school: string; classroom: string | null; timeZone: string | null; district: string | null }
  | { line: number; school: string; classroom: string | null; error: string };

type Column = 'school' | 'classroom' | 'timeZone' | 'district';

/**
 * Header names, in Chinese or English, compared without case, spaces or underscores. A school
 * office's spreadsheet says 学校 / 教室 (or 学校名称, 班级…); an English one school / classroom.
 */
const HEADERS: Record<Column, readonly string[]> = {
  school: ['学校', '学校名称', '学校名', 'school', 'schoolname'],
  classroom: ['教室', '教室名称', '教室名', '班级', 'classroom', 'classroomname', 'room'],
  timeZone: ['时区', 'timezone'],
  district: ['学区', '区县', '所属学区', 'district', 'districtname'],
};

const normalise = (header: string) => header.toLowerCase().replace(/[\s_]+/g, '');

/**
 * Decodes an uploaded file: UTF-8, with or without a byte order mark. Anything else is refused
 * with what to do: Excel in Chinese saves "CSV (逗号分隔)" as GBK unless told "CSV UTF-8".
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ClassroomError('invalid_payload', 'the file is not UTF-8 text: save it as "CSV UTF-8 (逗号分隔)" and import it again');
  }
}

/**
 * Reads the schools-and-classrooms CSV: a header row naming the columns (学校 and 教室, optionally
 * 时区), then one row per classroom; a row without a classroom names only its school. A file that
 * cannot be read at all (no school column, an unclosed quote) is refused whole; a bad row is
 * reported with its line and the others are kept.
 */
export function readSchoolCsv(text: string): SchoolCsvRow[] {
  let records: { record: string[]; info: InfoRecord }[];
  try {
    // csv-parse's types do not follow `info: true`, which wraps each record with where it was read.
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw new ClassroomError('invalid_payload', `the file is not valid CSV: ${error.message}`);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new ClassroomError('invalid_payload', 'the file is empty: its first row names the columns, e.g. 学校,教室');
  const columns = columnsOf(header.record);
  if (rows.length > MAX_IMPORT_ROWS) throw new ClassroomError('invalid_payload', `the file has ${rows.length} rows: at most ${MAX_IMPORT_ROWS} at a time`);
  return rows.map(({ record, info }) => checkRow(info.lines, (column) => {
    const index = columns[column];
    return index === undefined ? '' : (record[index] ?? '');
  }));
}

function columnsOf(header: string[]): Partial<Record<Column, number>> {
  const columns: Partial<Record<Column, number>> = {};
  for (const [index, name] of header.entries()) {
    const column = (Object.keys(HEADERS) as Column[]).find((c) => HEADERS[c].includes(normalise(name)));
    if (column && columns[column] === undefined) columns[column] = index;
  }
  if (columns.school === undefined) {
    throw new ClassroomError('invalid_payload', `no school column: the first row must name the columns, e.g. 学校,教室 (found: ${header.join(', ')})`);
  }
  return columns;
}

function checkRow(line: number, cell: (column: Column) => string): SchoolCsvRow {
  const rawSchool = cell('school');
  const rawClassroom = cell('classroom');
  const school = displayName.safeParse(rawSchool);
  const classroom = rawClassroom === '' ? null : displayName.safeParse(rawClassroom);
  const zone = cell('timeZone') === '' ? null : timeZoneSchema.safeParse(cell('timeZone'));
  const district = cell('district') === '' ? null : displayName.safeParse(cell('district'));
  const seen = { line, school: rawSchool, classroom: rawClassroom === '' ? null : rawClassroom };
  if (!school.success) return { ...seen, error: `school name ${school.error.issues[0]!.message}` };
  if (classroom && !classroom.success) return { ...seen, error: `classroom name ${classroom.error.issues[0]!.message}` };
  if (zone && !zone.success) return { ...seen, error: `time zone ${zone.error.issues[0]!.message}` };
  if (district && !district.success) return { ...seen, error: `district name ${district.error.issues[0]!.message}` };
  return { line, school: school.data, classroom: classroom?.data ?? null, timeZone: zone?.data ?? null, district: district?.data ?? null };
}
