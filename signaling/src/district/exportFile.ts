import ExcelJS from 'exceljs';
import type { DashboardLanguage } from '@classroom/shared';
import { csvFile } from '../reports/reportCsv.ts';
import { cellValue, TABLE_TITLES, type ExportTable } from './exportTables.ts';

/** The table as CSV: a header row in the language, then its rows (UTF-8 with BOM, formula-safe: csvFile). */
export function tableCsv(table: ExportTable, language: DashboardLanguage): string {
  const header = table.columns.map((c) => c.label[language]);
  const rows = table.rows.map((row) => table.columns.map((c) => cellValue(c, (row as Record<string, unknown>)[c.key], language) ?? ''));
  return csvFile([[header, ...rows]]);
}

/**
 * The table as an Excel workbook (.xlsx) of one sheet. exceljs writes every string as a string
 * cell, never a formula (a formula is only written from `{ formula }`), so a name such as
 * `=HYPERLINK(…)` stays text without the CSV's quote. Rates are numbers shown as percentages.
 */
export async function tableXlsx(table: ExportTable, language: DashboardLanguage): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'live-classroom';
  const sheet = workbook.addWorksheet(TABLE_TITLES[table.name][language], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: c.label[language], key: c.key, width: Math.max(10, c.label[language].length * (language === 'zh-CN' ? 2 : 1) + 2),
    ...(c.kind === 'rate' ? { style: { numFmt: '0.0%' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(Object.fromEntries(table.columns.map((c) => [c.key, cellValue(c, (row as Record<string, unknown>)[c.key], language)])));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
