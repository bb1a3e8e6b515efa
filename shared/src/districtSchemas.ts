import { z } from 'zod';
import { displayName } from './api.ts';
import { DASHBOARD_FORMATS, DASHBOARD_LANGUAGES, DASHBOARD_TABLES } from './district.ts';
import { idSchema } from './ids.ts';
import { localDateSchema } from './timetable.ts';

// The district view's requests, checked by the server (types and routes: district.ts).

/** `POST /api/districts`, `PATCH /api/districts/:id` body. */
export const districtBody = z.strictObject({ name: displayName });

/** `PUT /api/schools/:id/district` body: the school's district, or null for none. */
export const schoolDistrictBody = z.strictObject({ districtId: idSchema.nullable() });

/** A lesson's subject (数学, English…), as the timetable and the dashboard's filter name it. */
export const subjectSchema = displayName;

const filterFields = {
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  subject: subjectSchema.optional(),
  teacherId: idSchema.optional(),
  districtId: idSchema.optional(),
  schoolId: idSchema.optional(),
};
const inOrder = (f: { from?: string | undefined; to?: string | undefined }) => f.from === undefined || f.to === undefined || f.from <= f.to;

/** The dashboard's filter: every field optional (see DashboardFilter). */
export const dashboardFilterQuery = z.strictObject(filterFields).refine(inOrder, { message: 'must not be before from', path: ['to'] });

/** `GET /api/dashboard/export/:table` query. */
export const dashboardExportQuery = z.strictObject({
  ...filterFields,
  classroomId: idSchema.optional(),
  format: z.enum(DASHBOARD_FORMATS).default('csv'),
  lang: z.enum(DASHBOARD_LANGUAGES).default('en'),
}).refine(inOrder, { message: 'must not be before from', path: ['to'] });

export const dashboardTableSchema = z.enum(DASHBOARD_TABLES);
