import { Router, type Request } from 'express';
import {
  dashboardExportQuery, dashboardTableSchema,
  type ClassroomDashboard, type DashboardFilters, type DashboardOverview, type QuestionDashboard, type SchoolDashboard,
} from '@classroom/shared';
import { dashboardReader, describeReader, narrow, readerFilter, type DashboardAccessDeps } from './dashboardAccess.ts';
import { HttpError, parseOr400 } from './httpErrors.ts';
import { pathId } from './schoolsApi.ts';
import { emptyFigures } from '../district/figures.ts';

/**
 * `/api/dashboard/…`: the district view (issue #19), read-only, for the admin (every district)
 * and district managers (their own). Every answer is computed from the per-lesson aggregates
 * (district/lessonStats.ts), never from the raw quality samples.
 */
export function dashboardApi(deps: DashboardAccessDeps): Router {
  const router = Router();

  router.get('/dashboard/me', async (req, res) => {
    res.json(await describeReader(await dashboardReader(req, deps), deps));
  });

  router.get('/dashboard/filters', async (req, res) => {
    await dashboardReader(req, deps);
    res.json({ subjects: [], teachers: [], districts: [], schools: [], firstDate: null, lastDate: null } satisfies DashboardFilters);
  });

  router.get('/dashboard/overview', async (req, res) => {
    const filter = await readerFilter(await dashboardReader(req, deps), req.query, deps);
    res.json({ filter, totals: emptyFigures(), districts: [], schools: [], weeks: [] } satisfies DashboardOverview);
  });

  router.get('/dashboard/schools/:id', async (req, res) => {
    const reader = await dashboardReader(req, deps);
    const schoolId = pathId(req, 'school');
    const filter = await readerFilter(reader, { ...req.query, schoolId }, deps);
    const school = await deps.stores.schools.school(schoolId);
    if (!school) throw new HttpError(404, 'not_found', 'no such school');
    const body: SchoolDashboard = {
      filter, school: { id: school.id, name: school.name, districtId: school.districtId, districtName: '' },
      totals: emptyFigures(), district: null, classrooms: [], weeks: [],
    };
    res.json(body);
  });

  router.get('/dashboard/classrooms/:id', async (req, res) => {
    const reader = await dashboardReader(req, deps);
    const classroom = await deps.stores.schools.classroom(pathId(req, 'classroom'));
    if (!classroom) throw new HttpError(404, 'not_found', 'no such classroom');
    const filter = await readerFilter(reader, { ...req.query, schoolId: classroom.schoolId }, deps);
    const body: ClassroomDashboard = {
      filter, classroom: { id: classroom.id, name: classroom.name, schoolId: classroom.schoolId, schoolName: '', districtId: null },
      totals: emptyFigures(), district: null, lessons: [], weeks: [],
    };
    res.json(body);
  });

  router.get('/dashboard/questions', async (req, res) => {
    const filter = await readerFilter(await dashboardReader(req, deps), req.query, deps);
    res.json({ filter, questions: [] } satisfies QuestionDashboard);
  });

  router.get('/dashboard/export/:table', async (req: Request<{ table: string }>, res) => {
    const reader = await dashboardReader(req, deps);
    const table = dashboardTableSchema.safeParse(req.params.table);
    if (!table.success) throw new HttpError(404, 'not_found', `no such table: the tables are ${dashboardTableSchema.options.join(', ')}`);
    await narrow(reader, parseOr400(dashboardExportQuery, req.query, 'export'), deps);
    throw new HttpError(501, 'unavailable', 'exports are not built yet');
  });

  return router;
}
