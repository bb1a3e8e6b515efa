import { describe, expect, it } from 'vitest';
import type { DashboardCaller, DashboardOverview, District, DistrictList, HttpErrorBody, ManagerLink, SchoolDashboard, WeeklyLesson } from '@classroom/shared';
import { tokenOf } from './harness.ts';
import { lessonOnNow, unique, useRecordsServer } from './schoolRecords.ts';

// Issue #19: a district manager's link reads its own district, read-only; the admin reads all.
const { api } = useRecordsServer();

async function twoDistricts() {
  const north = await api.ok<District>('POST', '/api/districts', { name: unique('北区') });
  const south = await api.ok<District>('POST', '/api/districts', { name: unique('南区') });
  const hill = await api.createSchool(unique('希望小学'));
  const river = await api.createSchool(unique('河边小学'));
  const hillRoom = await api.addClassroom(hill.id, '一班');
  const riverRoom = await api.addClassroom(river.id, '一班');
  await api.ok('PUT', `/api/schools/${hill.id}/district`, { districtId: north.id });
  await api.ok('PUT', `/api/schools/${river.id}/district`, { districtId: south.id });
  const link = await api.ok<ManagerLink>('GET', `/api/districts/${north.id}/manager-link`);
  return { north, south, hill, river, hillRoom, riverRoom, manager: tokenOf(link.managerUrl), link };
}

describe('districts', () => {
  it('hold schools; the admin lists every district, a manager only its own', async () => {
    const { north, south, hill, river, manager, link } = await twoDistricts();
    expect(link.managerUrl).toMatch(/\/district\?token=/);
    const all = await api.ok<DistrictList>('GET', '/api/districts');
    expect(all.districts.find((d) => d.id === north.id)).toEqual({ id: north.id, name: north.name, schools: [{ id: hill.id, name: hill.name }] });
    expect(all.districts.find((d) => d.id === south.id)?.schools).toEqual([{ id: river.id, name: river.name }]);
    const own = await api.call<DistrictList>('GET', '/api/districts', undefined, manager);
    expect(own).toMatchObject({ status: 200, body: { districts: [{ id: north.id, schools: [{ id: hill.id }] }] } });
    expect(own.body.districts).toHaveLength(1);
    expect((await api.call<DashboardCaller>('GET', '/api/dashboard/me', undefined, manager)).body).toEqual({ kind: 'manager', district: { id: north.id, name: north.name } });
  });

  it('are named in the schools CSV (学区): made if new, the schools put in them', async () => {
    const name = unique('东区');
    const school = unique('东山小学');
    const imported = await api.call<{ rows: { outcome: string }[] }>('POST', '/api/schools/import', `学校,教室,学区\n${school},一班,${name}\n${school},二班,${name}\n`);
    expect(imported.status).toBe(200);
    expect(imported.body.rows.map((r) => r.outcome)).toEqual(['created', 'created']);
    const listed = (await api.ok<DistrictList>('GET', '/api/districts')).districts.find((d) => d.name === name);
    expect(listed?.schools.map((s) => s.name)).toEqual([school]);
  });

  it('weekly lessons carry a subject: kept when a change does not name it, cleared with null', async () => {
    const school = await api.createSchool(unique('学科小学'));
    const room = await api.addClassroom(school.id, '一班');
    const teacher = await api.createTeacher(unique('学科老师'));
    const body = { title: '数学课', teacherId: teacher.id, classroomIds: [room.id], ...lessonOnNow() };
    const weekly = await api.createWeekly({ ...body, subject: '数学' });
    expect(weekly.subject).toBe('数学');
    expect((await api.ok<WeeklyLesson>('PUT', `/api/weekly-lessons/${weekly.id}`, { ...body, title: '数学 2' })).subject).toBe('数学');
    expect((await api.ok<WeeklyLesson>('PUT', `/api/weekly-lessons/${weekly.id}`, { ...body, subject: null })).subject).toBeNull();
    expect((await api.call('POST', '/api/weekly-lessons', { ...body, subject: '' })).status).toBe(400);
  });

  it('a manager reads its district on the dashboard and nothing outside it (403)', async () => {
    const { south, hill, river, hillRoom, riverRoom, manager } = await twoDistricts();
    const overview = await api.call<DashboardOverview>('GET', '/api/dashboard/overview', undefined, manager);
    expect(overview.status).toBe(200);
    expect(overview.body.schools.map((s) => s.schoolId)).toEqual([hill.id]);
    expect(overview.body.districts).toHaveLength(1);
    // The admin's overview has both.
    const everything = await api.ok<DashboardOverview>('GET', '/api/dashboard/overview');
    expect(everything.schools.map((s) => s.schoolId)).toEqual(expect.arrayContaining([hill.id, river.id]));
    expect((await api.call<SchoolDashboard>('GET', `/api/dashboard/schools/${hill.id}`, undefined, manager)).body.classrooms.map((c) => c.classroomId)).toEqual([hillRoom.id]);
    for (const path of [
      `/api/dashboard/overview?districtId=${south.id}`,
      `/api/dashboard/overview?schoolId=${river.id}`,
      `/api/dashboard/schools/${river.id}`,
      `/api/dashboard/classrooms/${riverRoom.id}`,
      `/api/dashboard/questions?schoolId=${river.id}`,
      `/api/dashboard/export/schools?districtId=${south.id}`,
      `/api/dashboard/export/lessons?classroomId=${riverRoom.id}`,
    ]) {
      const answer = await api.call<HttpErrorBody>('GET', path, undefined, manager);
      expect({ path, status: answer.status, code: answer.body.error.code }).toEqual({ path, status: 403, code: 'forbidden' });
    }
  });

  it('a manager link cannot write anything (403), nor read the admin\'s records', async () => {
    const { north, hill, manager } = await twoDistricts();
    for (const [method, path, body] of [
      ['POST', '/api/districts', { name: unique('西区') }],
      ['PATCH', `/api/districts/${north.id}`, { name: unique('改名') }],
      ['PUT', `/api/schools/${hill.id}/district`, { districtId: null }],
      ['POST', `/api/districts/${north.id}/manager-link/revoke`, undefined],
      ['GET', `/api/districts/${north.id}/manager-link`, undefined],
      ['POST', '/api/schools', { name: unique('新学校') }],
      ['GET', '/api/schools', undefined],
      ['GET', '/api/weekly-lessons', undefined],
      ['GET', '/api/lessons', undefined],
    ] as const) {
      const answer = await api.call<HttpErrorBody>(method, path, body, manager);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 403 });
    }
    const after = await api.ok<DistrictList>('GET', '/api/districts');
    expect(after.districts.find((d) => d.id === north.id)).toMatchObject({ name: north.name, schools: [{ id: hill.id }] });
  });

  it('a revoked manager link is refused (401 link_revoked); the new one works', async () => {
    const { north, manager } = await twoDistricts();
    const fresh = await api.ok<ManagerLink>('POST', `/api/districts/${north.id}/manager-link/revoke`);
    const refused = await api.call<HttpErrorBody>('GET', '/api/dashboard/overview', undefined, manager);
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'link_revoked' } } });
    expect((await api.call('GET', '/api/districts', undefined, manager)).status).toBe(401);
    expect((await api.call('GET', '/api/dashboard/overview', undefined, tokenOf(fresh.managerUrl))).status).toBe(200);
  });

  it('a classroom\'s or teacher\'s permanent link does not open the dashboard (403)', async () => {
    const { hillRoom } = await twoDistricts();
    const links = await api.classroomLinks(hillRoom.id);
    expect((await api.call('GET', '/api/dashboard/overview', undefined, tokenOf(links.assistantUrl))).status).toBe(403);
    expect((await api.call('GET', '/api/dashboard/overview', undefined, null)).status).toBe(401);
  });
});
