import { Router, type Request, type Response } from 'express';
import {
  dashboardExportQuery, dashboardTableSchema, reportCsvQuery,
  type DashboardExportQuery, type DashboardTable,
} from '@classroom/shared';
import { z } from 'zod';
import { Dashboard } from '../district/dashboard.ts';
import { reportForDistrict } from '../district/districtReport.ts';
import { tableCsv, tableXlsx } from '../district/exportFile.ts';
import { TABLE_COLUMNS, TABLE_TITLES, type ExportTable } from '../district/exportTables.ts';
import { buildLessonReport } from '../reports/lessonReport.ts';
import { reportCsv } from '../reports/reportCsv.ts';
import { dashboardReader, describeReader, narrow, outside, readerFilter, type DashboardAccessDeps, type DashboardReader } from './dashboardAccess.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';
import { pathId } from './schoolsApi.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const reportQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json'), lang: reportCsvQuery.shape.lang });

/**
 * `/api/dashboard/…`: the district view (issue #19), read-only, for the admin (every district)
 * and district managers (their own). Every answer is summed from the per-lesson aggregates
 * (district/lessonStats.ts), never from the raw quality samples. Routes: shared/src/district.ts.
 */
export function dashboardApi(deps: DashboardAccessDeps): Router {
  const router = Router();
  const dashboard = new Dashboard(deps.stores, deps.stores.dashboard, deps.timeZone);
  const found = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new HttpError(404, 'not_found', `no such ${what}`);
    return value;
  };
  /** A classroom's school, checked against the reader's district. */
  const classroomFilter = async (req: Request<{ id: string }>, reader: DashboardReader) => {
    const classroom = found(await deps.stores.schools.classroom(pathId(req, 'classroom')), 'classroom');
    return { classroom, filter: await readerFilter(reader, { ...req.query, schoolId: classroom.schoolId }, deps) };
  };

  router.get('/dashboard/me', async (req, res) => {
    res.json(await describeReader(await dashboardReader(req, deps), deps));
  });

  router.get('/dashboard/filters', async (req, res) => {
    const reader = await dashboardReader(req, deps);
    res.json(await dashboard.filters(reader.kind === 'manager' ? reader.districtId : undefined));
  });

  router.get('/dashboard/overview', async (req, res) => {
    res.json(await dashboard.overview(await readerFilter(await dashboardReader(req, deps), req.query, deps)));
  });

  router.get('/dashboard/schools/:id', async (req, res) => {
    const reader = await dashboardReader(req, deps);
    const schoolId = pathId(req, 'school');
    found(await deps.stores.schools.school(schoolId), 'school');
    res.json(found(await dashboard.school(schoolId, await readerFilter(reader, { ...req.query, schoolId }, deps)), 'school'));
  });

  router.get('/dashboard/classrooms/:id', async (req, res) => {
    const { classroom, filter } = await classroomFilter(req, await dashboardReader(req, deps));
    res.json(found(await dashboard.classroom(classroom.id, filter), 'classroom'));
  });

  router.get('/dashboard/questions', async (req, res) => {
    res.json(await dashboard.questions(await readerFilter(await dashboardReader(req, deps), req.query, deps)));
  });

  router.get('/dashboard/lessons/:id/report', async (req, res) => {
    const reader = await dashboardReader(req, deps);
    const { format, lang } = parseOr400(reportQuery, req.query, 'query');
    const lessonId = pathId(req, 'lesson');
    const full = found(await buildLessonReport(deps.stores, lessonId), 'lesson');
    const report = reader.kind === 'admin' ? full : await reportForDistrict(deps.stores, full, reader.districtId);
    if (!report) throw outside();
    if (format === 'json') return void res.json(report);
    res.type('text/csv; charset=utf-8').attachment(`lesson-${lessonId}-report.csv`).send(reportCsv(report, lang));
  });

  router.get('/dashboard/export/:table', async (req: Request<{ table: string }>, res) => {
    const reader = await dashboardReader(req, deps);
    const table = dashboardTableSchema.safeParse(req.params.table);
    if (!table.success) throw new HttpError(404, 'not_found', `no such table: the tables are ${dashboardTableSchema.options.join(', ')}`);
    const query = await narrow(reader, parseOr400(dashboardExportQuery, req.query, 'export') as DashboardExportQuery, deps);
    if (query.classroomId !== undefined) {
      const classroom = found(await deps.stores.schools.classroom(query.classroomId), 'classroom');
      if (query.schoolId !== undefined && query.schoolId !== classroom.schoolId) throw new HttpError(400, 'invalid_payload', 'invalid export: the classroom is not in that school');
      Object.assign(query, await narrow(reader, { ...query, schoolId: classroom.schoolId }, deps));
    }
    await sendTable(res, { name: table.data, columns: TABLE_COLUMNS[table.data], rows: await rowsOf(dashboard, table.data, query) }, query);
  });

  return router;
}

async function rowsOf(dashboard: Dashboard, table: DashboardTable, query: DashboardExportQuery): Promise<readonly object[]> {
  const { format: _, lang: __, classroomId, ...filter } = query;
  switch (table) {
    case 'districts': return (await dashboard.overview(filter)).districts;
    case 'schools': return (await dashboard.overview(filter)).schools;
    case 'classrooms': return dashboard.classrooms(filter);
    case 'weeks': return dashboard.weeks(classroomId ? { ...filter, classroomId } : filter);
    case 'lessons': return dashboard.lessons(classroomId ? { ...filter, classroomId } : filter);
    case 'questions': return (await dashboard.questions(filter)).questions;
  }
}

async function sendTable(res: Response, table: ExportTable, query: DashboardExportQuery): Promise<void> {
  const lang = query.lang ?? 'en';
  const name = `${TABLE_TITLES[table.name][lang]}-${query.from ?? 'start'}-${query.to ?? 'now'}`;
  if (query.format === 'xlsx') {
    res.type(XLSX_TYPE).attachment(`${name}.xlsx`).send(await tableXlsx(table, lang));
    return;
  }
  res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(tableCsv(table, lang));
}
