import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomLinks, HttpErrorBody, LastingClassroom, School, SchoolImport, SchoolList, Teacher, TeacherLink, TeacherList } from '@classroom/shared';
import { tokenOf, type TestServer } from './harness.ts';
import { unique, useRecordsServer } from './schoolRecords.ts';

// The lasting records: schools, their classrooms and the master teachers, made once by the admin
// (by hand or from a CSV file), and the permanent links of classrooms and teachers.
const { testServer, api } = useRecordsServer();
let server: TestServer;
beforeAll(() => { server = testServer.server; });
const payload = (link: string) => JSON.parse(Buffer.from(tokenOf(link).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('schools and classrooms', () => {
  it('are created once, listed with their classrooms, renamed, and keep their names unique', async () => {
    const hill = await api.createSchool(unique('希望小学'));
    expect(hill).toEqual({ id: expect.any(String), name: expect.stringMatching(/^希望小学/), timeZone: 'Asia/Shanghai', wallPicture: 'on', districtId: null, classrooms: [] });
    const river = await api.createSchool(unique('River School'), 'Asia/Urumqi');
    const one = await api.addClassroom(hill.id, '一年级一班');
    const two = await api.addClassroom(hill.id, '一年级二班');
    // The same classroom name in another school is another classroom.
    const other = await api.addClassroom(river.id, '一年级一班');
    expect(one).toEqual({ id: expect.any(String), schoolId: hill.id, name: '一年级一班' });

    const { schools } = await api.ok<SchoolList>('GET', '/api/schools');
    expect(schools.find((s) => s.id === hill.id)!.classrooms.map((c) => c.name)).toEqual(['一年级一班', '一年级二班']);
    expect(schools.find((s) => s.id === river.id)).toMatchObject({ timeZone: 'Asia/Urumqi', classrooms: [other] });

    expect(await api.call('POST', '/api/schools', { name: hill.name })).toMatchObject({ status: 409, body: { error: { code: 'name_taken' } } });
    expect(await api.call('POST', `/api/schools/${hill.id}/classrooms`, { name: '一年级一班' })).toMatchObject({ status: 409, body: { error: { code: 'name_taken' } } });
    expect(await api.call('PATCH', `/api/classrooms/${two.id}`, { name: '一年级一班' })).toMatchObject({ status: 409 });
    expect(await api.call('PATCH', `/api/schools/${river.id}`, { name: hill.name })).toMatchObject({ status: 409 });

    const renamed = await api.ok<School>('PATCH', `/api/schools/${river.id}`, { name: unique('河边小学'), timeZone: 'Asia/Shanghai' });
    expect(renamed).toMatchObject({ id: river.id, timeZone: 'Asia/Shanghai', classrooms: [other] });
    expect(await api.ok<LastingClassroom>('PATCH', `/api/classrooms/${two.id}`, { name: '二年级' })).toEqual({ ...two, name: '二年级' });
  });

  it.each([
    ['POST', '/api/schools', { name: '' }],
    ['POST', '/api/schools', { name: 'A', timeZone: 'Mars/Olympus' }],
    ['POST', '/api/schools', { name: 'A', admin: true }],
    ['PATCH', '/api/schools/:school', {}],
    ['POST', '/api/schools/:school/classrooms', { name: 'x'.repeat(81) }],
    ['PATCH', '/api/classrooms/:classroom', { name: 'a\u0007b' }],
  ])('answers 400 with the reason to %s %s %j, changing nothing', async (method, path, body) => {
    const school = await api.createSchool(unique('Bad input school'));
    const classroom = await api.addClassroom(school.id, 'Room');
    const answer = await api.call<HttpErrorBody>(method, path.replace(':school', school.id).replace(':classroom', classroom.id), body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_payload');
    const { schools } = await api.ok<SchoolList>('GET', '/api/schools');
    expect(schools.find((s) => s.id === school.id)).toEqual({ ...school, classrooms: [classroom] });
    expect(schools.some((s) => s.name === 'A')).toBe(false);
  });

  it('answers 404 for schools and classrooms that do not exist', async () => {
    expect((await api.call('PATCH', '/api/schools/nosuchschool', { name: 'X' })).status).toBe(404);
    expect((await api.call('POST', '/api/schools/nosuchschool/classrooms', { name: 'X' })).status).toBe(404);
    expect((await api.call('PATCH', '/api/classrooms/nosuchroom', { name: 'X' })).status).toBe(404);
    expect((await api.call('GET', '/api/classrooms/nosuchroom/links')).status).toBe(404);
    expect((await api.call('POST', '/api/classrooms/nosuchroom/links/projector/revoke')).status).toBe(404);
    expect((await api.call('GET', '/api/classrooms/bad%20id!/links')).status).toBe(404);
  });
});

describe('permanent links', () => {
  it('gives each classroom a projector and an assistant link naming it, not a lesson, for a school year', async () => {
    const school = await api.createSchool(unique('Link school'));
    const room = await api.addClassroom(school.id, 'Room 1');
    const links = await api.classroomLinks(room.id);
    expect(links.projectorUrl).toMatch(/\/projector\?token=/);
    expect(links.assistantUrl).toMatch(/\/assistant\?token=/);
    const claims = payload(links.projectorUrl);
    expect(claims).toMatchObject({ typ: 'standing', role: 'projector', sub: room.id, tv: 1 });
    expect(claims).not.toHaveProperty('lid');
    // STANDING_LINK_TTL_DAYS: 400 days by default.
    expect((claims.exp as number) - (claims.iat as number)).toBe(400 * 86_400);
    expect(payload(links.assistantUrl)).toMatchObject({ role: 'assistant', sub: room.id, tv: 1 });
  });

  it('withdraws one link of a classroom at a time: the old one is refused, the other and the new one work', async () => {
    const school = await api.createSchool(unique('Leaky school'));
    const room = await api.addClassroom(school.id, 'Room 1');
    const before = await api.classroomLinks(room.id);
    const after = await api.ok<ClassroomLinks>('POST', `/api/classrooms/${room.id}/links/assistant/revoke`);
    expect(payload(after.assistantUrl)).toMatchObject({ tv: 2 });
    expect(payload(after.projectorUrl)).toMatchObject({ tv: 1 });

    const refused = await api.today(before.assistantUrl);
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'link_revoked', message: expect.stringMatching(/assistant link was withdrawn/) } } });
    expect((await api.today(before.projectorUrl)).status).toBe(200);
    expect((await api.today(after.assistantUrl)).status).toBe(200);
    // Issued again: the same generation, still working.
    expect((await api.today((await api.classroomLinks(room.id)).assistantUrl)).status).toBe(200);
    expect((await api.call('POST', `/api/classrooms/${room.id}/links/camera/revoke`)).status).toBe(404);
  });

  it('gives each teacher one link that can be withdrawn and issued again', async () => {
    const teacher = await api.createTeacher(unique('王老师'));
    const first = await api.teacherLink(teacher.id);
    expect(payload(first.teacherUrl)).toMatchObject({ typ: 'standing', role: 'teacher', sub: teacher.id, tv: 1 });
    expect((await api.today(first.teacherUrl)).body).toMatchObject({ you: { kind: 'teacher', teacher } });
    const second = await api.ok<TeacherLink>('POST', `/api/teachers/${teacher.id}/link/revoke`);
    expect((await api.today(first.teacherUrl)).body).toMatchObject({ error: { code: 'link_revoked' } });
    expect((await api.today(second.teacherUrl)).status).toBe(200);
    expect((await api.call('POST', '/api/teachers/nosuchteacher/link/revoke')).status).toBe(404);
  });
});

describe('teachers', () => {
  it('are created, listed, renamed, with unique names', async () => {
    const name = unique('李老师');
    const teacher = await api.createTeacher(name);
    expect(teacher).toEqual({ id: expect.any(String), name });
    expect((await api.ok<TeacherList>('GET', '/api/teachers')).teachers).toContainEqual(teacher);
    expect(await api.call('POST', '/api/teachers', { name })).toMatchObject({ status: 409, body: { error: { code: 'name_taken' } } });
    expect(await api.ok<Teacher>('PATCH', `/api/teachers/${teacher.id}`, { name: `${name}（数学）` })).toEqual({ id: teacher.id, name: `${name}（数学）` });
    expect((await api.call('POST', '/api/teachers', { name: ' ' })).status).toBe(400);
    expect((await api.call('PATCH', '/api/teachers/nosuchteacher', { name: 'X' })).status).toBe(404);
  });
});

describe('only the admin reads or writes the lasting records', () => {
  const ENDPOINTS: [method: string, path: string, body?: unknown][] = [
    ['GET', '/api/schools'],
    ['POST', '/api/schools', { name: 'Intruder school' }],
    ['PATCH', '/api/schools/:school', { name: 'Intruder school' }],
    ['POST', '/api/schools/:school/classrooms', { name: 'Intruder room' }],
    ['POST', '/api/schools/import', '学校,教室\nIntruder school,Room\n'],
    ['PATCH', '/api/classrooms/:classroom', { name: 'Intruder room' }],
    ['GET', '/api/classrooms/:classroom/links'],
    ['POST', '/api/classrooms/:classroom/links/projector/revoke'],
    ['GET', '/api/teachers'],
    ['POST', '/api/teachers', { name: 'Intruder' }],
    ['PATCH', '/api/teachers/:teacher', { name: 'Intruder' }],
    ['GET', '/api/teachers/:teacher/link'],
    ['POST', '/api/teachers/:teacher/link/revoke'],
  ];

  it.each(ENDPOINTS)('%s %s: 401 without a token, 403 for a lesson\'s teacher and for permanent links', async (method, path, body) => {
    const school = await api.createSchool(unique('Guarded school'));
    const classroom = await api.addClassroom(school.id, 'Room');
    const teacher = await api.createTeacher(unique('Guarded teacher'));
    const links = await api.classroomLinks(classroom.id);
    const lesson = await server.createLesson(['Hill']);
    const target = path.replace(':school', school.id).replace(':classroom', classroom.id).replace(':teacher', teacher.id);

    expect((await api.call(method, target, body, null)).status).toBe(401);
    expect((await api.call(method, target, body, 'not-the-admin-token')).status).toBe(401);
    for (const token of [tokenOf(lesson.teacherUrl), tokenOf((await api.teacherLink(teacher.id)).teacherUrl), tokenOf(links.projectorUrl), tokenOf(links.assistantUrl)]) {
      expect(await api.call(method, target, body, token)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    }
    // Nothing changed: the names are as they were, and every link still works.
    const { schools } = await api.ok<SchoolList>('GET', '/api/schools');
    expect(schools.find((s) => s.id === school.id)).toEqual({ ...school, classrooms: [classroom] });
    expect(schools.some((s) => s.name === 'Intruder school')).toBe(false);
    expect((await api.ok<TeacherList>('GET', '/api/teachers')).teachers).toContainEqual(teacher);
    expect((await api.today(links.projectorUrl)).status).toBe(200);
  });
});

describe('CSV import of schools and classrooms', () => {
  const csv = (school: string) =>
    `\uFEFF学校,教室\r\n${school},一年级一班\r\n${school},一年级二班\r\n${school}分校,三年级\r\n,无名教室\r\n${school},\r\n"${school}","${'长'.repeat(81)}"\r\n`;

  it('creates schools and classrooms from a Chinese file with a BOM, reports each row, and changes nothing when imported again', async () => {
    const school = unique('阳光小学');
    const first = await api.call<SchoolImport>('POST', '/api/schools/import', csv(school));
    expect(first.status).toBe(200);
    expect(first.body.rows).toEqual([
      { line: 2, school, classroom: '一年级一班', outcome: 'created' },
      { line: 3, school, classroom: '一年级二班', outcome: 'created' },
      { line: 4, school: `${school}分校`, classroom: '三年级', outcome: 'created' },
      { line: 5, school: '', classroom: '无名教室', outcome: 'error', message: 'school name must not be empty' },
      { line: 6, school, classroom: null, outcome: 'existing' },
      { line: 7, school, classroom: '长'.repeat(81), outcome: 'error', message: 'classroom name must be at most 80 characters' },
    ]);
    expect(first.body.created).toEqual({ schools: 2, classrooms: 3 });
    const { schools } = await api.ok<SchoolList>('GET', '/api/schools');
    expect(schools.find((s) => s.name === school)).toMatchObject({ timeZone: 'Asia/Shanghai', classrooms: [{ name: '一年级一班' }, { name: '一年级二班' }] });

    const again = await api.ok<SchoolImport>('POST', '/api/schools/import', csv(school));
    expect(again.created).toEqual({ schools: 0, classrooms: 0 });
    expect(again.rows.map((r) => r.outcome)).toEqual(['existing', 'existing', 'existing', 'error', 'existing', 'error']);
    expect((await api.ok<SchoolList>('GET', '/api/schools')).schools).toEqual(schools);
  });

  it('reads English headers without a BOM, in any order, with a time zone for new schools', async () => {
    const school = unique('Lake School');
    const answer = await api.ok<SchoolImport>('POST', '/api/schools/import', `Classroom,Time zone,School\nRoom 1,Asia/Urumqi,${school}\nRoom 2,,${school}\nRoom 3,Mars/Base,${school}\n`);
    expect(answer.rows.map((r) => r.outcome)).toEqual(['created', 'created', 'error']);
    expect(answer.rows[2]!.message).toMatch(/time zone/);
    const { schools } = await api.ok<SchoolList>('GET', '/api/schools');
    expect(schools.find((s) => s.name === school)).toMatchObject({ timeZone: 'Asia/Urumqi', classrooms: [{ name: 'Room 1' }, { name: 'Room 2' }] });
  });

  it('refuses a file it cannot read as a whole, saying why, and imports nothing', async () => {
    const before = await api.ok<SchoolList>('GET', '/api/schools');
    // "学校,教室" saved by Excel as GBK rather than UTF-8.
    const gbk = Buffer.from([0xd1, 0xa7, 0xd0, 0xa3, 0x2c, 0xbd, 0xcc, 0xca, 0xd2, 0x0a, 0x41, 0x2c, 0x42, 0x0a]);
    const res = await fetch(`${server.url}/api/schools/import`, {
      method: 'POST', headers: { authorization: `Bearer ${server.app.adminToken}`, 'content-type': 'text/csv' }, body: gbk,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as HttpErrorBody).error.message).toMatch(/not UTF-8.*CSV UTF-8/);
    for (const [file, reason] of [
      ['名称,地址\n阳光小学,北京\n', /no school column/],
      ['学校,教室\n"阳光小学,一班\n', /not valid CSV/],
      ['', /send the CSV file/],
    ] as const) {
      const answer = await api.call<HttpErrorBody>('POST', '/api/schools/import', file);
      expect(answer.status, file).toBe(400);
      expect(answer.body.error.message).toMatch(reason);
    }
    expect(await api.ok<SchoolList>('GET', '/api/schools')).toEqual(before);
  });
});
