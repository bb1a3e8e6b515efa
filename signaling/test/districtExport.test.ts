import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { District } from '@classroom/shared';
import { unique, useRecordsServer } from './schoolRecords.ts';

// Issue #19: every dashboard table downloads as CSV (UTF-8 with BOM, formula-safe) and as Excel,
// with Chinese headers when asked, and names as typed (read back with the library that wrote them).
const { testServer, api } = useRecordsServer();

async function download(path: string): Promise<{ status: number; type: string; disposition: string; bytes: Buffer }> {
  const res = await fetch(`${testServer.server.url}${path}`, { headers: { authorization: `Bearer ${testServer.server.app.adminToken}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
}

async function district() {
  const north = await api.ok<District>('POST', '/api/districts', { name: unique('北区教育局') });
  const hill = await api.createSchool(unique('希望小学'));
  // A name a spreadsheet would run as a formula if it were written as one.
  const formula = await api.createSchool(unique('=HYPERLINK("http://evil.example","点我")'));
  for (const school of [hill, formula]) {
    await api.ok('PUT', `/api/schools/${school.id}/district`, { districtId: north.id });
    await api.addClassroom(school.id, '三年级二班');
  }
  return { north, hill, formula };
}

describe('dashboard exports', () => {
  it('CSV: a BOM, Chinese headers and names intact, a formula-like name neutralised', async () => {
    const { north, hill, formula } = await district();
    const file = await download(`/api/dashboard/export/schools?districtId=${north.id}&format=csv&lang=zh-CN`);
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^text\/csv; charset=utf-8/);
    expect(file.disposition).toMatch(/attachment; filename="[^"]*\.csv"; filename\*=UTF-8''%E5%AD%A6%E6%A0%A1/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(file.bytes.toString('utf8'), { bom: true }) as string[][];
    expect(header!.slice(0, 5)).toEqual(['学校', '学区', '教室数', '需关注', '应上课次']);
    expect(rows.map((r) => r[0]).sort()).toEqual([hill.name, `'${formula.name}`].sort());
    expect(rows.every((r) => r[1] === north.name && r[2] === '1')).toBe(true);

    const english = await download(`/api/dashboard/export/classrooms?districtId=${north.id}`);
    const [enHeader, ...enRows] = parse(english.bytes.toString('utf8'), { bom: true }) as string[][];
    expect(enHeader!.slice(0, 4)).toEqual(['school', 'classroom', 'scheduled', 'attended']);
    expect(enRows.map((r) => r[1])).toEqual(['三年级二班', '三年级二班']);
  });

  it('Excel: one sheet named in Chinese, Chinese headers and names, every name a string (never a formula)', async () => {
    const { north, hill, formula } = await district();
    const file = await download(`/api/dashboard/export/schools?districtId=${north.id}&format=xlsx&lang=zh-CN`);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer.slice(file.bytes.byteOffset, file.bytes.byteOffset + file.bytes.byteLength) as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['学校']);
    const sheet = workbook.worksheets[0]!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1).slice(0, 5)).toEqual(['学校', '学区', '教室数', '需关注', '应上课次']);
    const names = [values(2)[0], values(3)[0]];
    expect(names.sort()).toEqual([hill.name, formula.name].sort());
    for (const row of [2, 3]) {
      expect(sheet.getRow(row).getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect(values(row)[1]).toBe(north.name);
      expect(values(row)[2]).toBe(1);
    }
  });

  it('answers 404 for a table that does not exist and 400 for a bad format', async () => {
    expect((await download('/api/dashboard/export/pupils')).status).toBe(404);
    expect((await download('/api/dashboard/export/schools?format=pdf')).status).toBe(400);
    expect((await download('/api/dashboard/export/schools?lang=fr')).status).toBe(400);
  });
});
