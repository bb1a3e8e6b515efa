import { describe, expect, it } from 'vitest';
import { decodeCsv, MAX_IMPORT_ROWS, readSchoolCsv } from './schoolCsv.ts';

describe('the schools-and-classrooms CSV', () => {
  it('reads quoted fields, CRLF line ends, blank lines and spaces around names', () => {
    expect(readSchoolCsv('学校名称,班级\r\n"希望小学, 东校区",三年级（1）班\r\n\r\n  光明小学  , 一班 \r\n')).toEqual([
      { line: 2, school: '希望小学, 东校区', classroom: '三年级（1）班', timeZone: null, district: null },
      { line: 4, school: '光明小学', classroom: '一班', timeZone: null, district: null },
    ]);
  });

  it('finds its columns by name in Chinese or English, whatever their order', () => {
    expect(readSchoolCsv('教室,学校\n一班,光明小学\n\n二班,光明小学\n')).toEqual([
      { line: 2, school: '光明小学', classroom: '一班', timeZone: null, district: null },
      { line: 4, school: '光明小学', classroom: '二班', timeZone: null, district: null },
    ]);
    expect(readSchoolCsv('School name,CLASSROOM NAME,time_zone\nLake,Room 1,Asia/Urumqi\n')).toEqual([
      { line: 2, school: 'Lake', classroom: 'Room 1', timeZone: 'Asia/Urumqi', district: null },
    ]);
  });

  it('reads the district a school belongs to (学区), if the file names one', () => {
    expect(readSchoolCsv('学校,教室,学区\n光明小学,一班,北区\n河边小学,一班,\n')).toEqual([
      { line: 2, school: '光明小学', classroom: '一班', timeZone: null, district: '北区' },
      { line: 3, school: '河边小学', classroom: '一班', timeZone: null, district: null },
    ]);
    expect(readSchoolCsv(`school,district\nLake,${'x'.repeat(81)}\n`)[0]).toMatchObject({ error: expect.stringMatching(/^district name/) });
  });

  it('reports a bad row and keeps the others, and refuses a file it cannot read', () => {
    expect(readSchoolCsv('学校,教室\n,一班\n光明小学\n')).toEqual([
      { line: 2, school: '', classroom: '一班', error: 'school name must not be empty' },
      { line: 3, school: '光明小学', classroom: null, timeZone: null, district: null },
    ]);
    expect(() => readSchoolCsv('')).toThrow(/empty/);
    expect(() => readSchoolCsv('教室\n一班\n')).toThrow(/no school column/);
    expect(() => readSchoolCsv(`学校\n${'A\n'.repeat(MAX_IMPORT_ROWS + 1)}`)).toThrow(/at most/);
  });

  it('decodes UTF-8 with or without a byte order mark, and nothing else', () => {
    const text = '学校,教室\n';
    const bytes = new TextEncoder().encode(text);
    expect(decodeCsv(bytes)).toBe(text);
    expect(readSchoolCsv(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes, ...new TextEncoder().encode('光明,一班\n')])))[0]!.school).toBe('光明');
    expect(() => decodeCsv(new Uint8Array([0xd1, 0xa7, 0xd0, 0xa3, 0x2c, 0xbd, 0xcc]))).toThrow(/CSV UTF-8/);
  });
});
