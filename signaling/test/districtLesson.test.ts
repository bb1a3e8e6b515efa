import { describe, expect, it } from 'vitest';
import type { ClassroomDashboard, District, LessonReport, ManagerLink } from '@classroom/shared';
import { ok, publishTeacher, tokenOf, waitFor, type TestSocket } from './harness.ts';
import { lessonOnNow, unique, useRecordsServer } from './schoolRecords.ts';

// Issue #19: a timetabled lesson's aggregates are written when it ends, with the hands raised and
// the turns on stage counted as they happened (the classroom's state keeps only the present).
const { testServer, api } = useRecordsServer();
const joinWith = (link: string, lessonId: string): Promise<TestSocket> => testServer.connect(link, lessonId);

describe('a lesson that ends', () => {
  it('leaves its figures per classroom on the dashboard, equal to its report; a manager sees its district\'s classrooms only', async () => {
    const north = await api.ok<District>('POST', '/api/districts', { name: unique('北区') });
    const south = await api.ok<District>('POST', '/api/districts', { name: unique('南区') });
    const hillSchool = await api.createSchool(unique('希望小学'));
    const riverSchool = await api.createSchool(unique('河边小学'));
    await api.ok('PUT', `/api/schools/${hillSchool.id}/district`, { districtId: north.id });
    await api.ok('PUT', `/api/schools/${riverSchool.id}/district`, { districtId: south.id });
    const hill = await api.addClassroom(hillSchool.id, '一班');
    const river = await api.addClassroom(riverSchool.id, '二班');
    const teacher = await api.createTeacher(unique('陈老师'));
    await api.createWeekly({ title: '数学', subject: '数学', teacherId: teacher.id, classroomIds: [hill.id, river.id], ...lessonOnNow() });
    const hillLinks = await api.classroomLinks(hill.id);
    const lessonId = (await api.today(hillLinks.projectorUrl)).body.lessons[0]!.lessonId!;

    const teacherSocket = await joinWith((await api.teacherLink(teacher.id)).teacherUrl, lessonId);
    await joinWith(hillLinks.projectorUrl, lessonId);
    const assistant = await joinWith(hillLinks.assistantUrl, lessonId);
    await publishTeacher(teacherSocket);
    const entry = (await testServer.server.app.store.classroomOfLasting(lessonId, hill.id))!;
    // Two hands (raised, lowered, raised again) and one turn on stage.
    await ok(assistant, 'hand:raise', {});
    await ok(teacherSocket, 'hand:lower', { classroomId: entry.id });
    await ok(assistant, 'hand:raise', {});
    await ok(teacherSocket, 'stage:invite', { classroomId: entry.id });
    await ok(assistant, 'stage:respond', { accept: true });
    await ok(teacherSocket, 'stage:end', { classroomId: entry.id });
    await ok(teacherSocket, 'lesson:end', {});

    const path = `/api/dashboard/classrooms/${hill.id}`;
    let dashboard: ClassroomDashboard | undefined;
    await waitFor(async () => {
      dashboard = (await api.ok<ClassroomDashboard>('GET', path));
      return dashboard.lessons.length === 1;
    }, 10_000);
    const row = dashboard!.lessons[0]!;
    const report = await api.ok<LessonReport>('GET', `/api/lessons/${lessonId}/report`);
    const attendance = report.attendance.find((a) => a.classroomId === entry.id)!;
    // The lesson began on the timetable two hours ago (lessonOnNow): a late join; it left when the
    // teacher ended the lesson, which is no early leave.
    expect(row).toMatchObject({
      lessonId, subject: '数学', attended: true, lateJoin: true, earlyLeave: false, handsRaised: 2, stageTurns: 1,
      minutesPresent: Math.round(attendance.presentSeconds / 6) / 10, reconnects: attendance.projectorConnections - 1,
      replaysTaken: 0, reportApi: `/api/dashboard/lessons/${lessonId}/report`,
    });
    expect(dashboard!.totals).toMatchObject({ scheduled: 1, attended: 1, attendanceRate: 1, handsRaised: 2, stageTurns: 1 });
    // River never came: scheduled, not attended.
    expect((await api.ok<ClassroomDashboard>('GET', `/api/dashboard/classrooms/${river.id}`)).lessons[0]).toMatchObject({ attended: false, scheduled: true, handsRaised: 0 });

    // North's manager reads the report of Hill only; South's manager too, of River only.
    const manager = tokenOf((await api.ok<ManagerLink>('GET', `/api/districts/${north.id}/manager-link`)).managerUrl);
    const cut = await api.call<LessonReport>('GET', row.reportApi!, undefined, manager);
    expect(cut.status).toBe(200);
    expect(cut.body.attendance.map((a) => a.name)).toEqual([`${hillSchool.name} · 一班`]);
    const southManager = tokenOf((await api.ok<ManagerLink>('GET', `/api/districts/${south.id}/manager-link`)).managerUrl);
    expect((await api.call<LessonReport>('GET', row.reportApi!, undefined, southManager)).body.attendance.map((a) => a.name)).toEqual([`${riverSchool.name} · 二班`]);
    expect((await api.call('GET', `/api/lessons/${lessonId}/report`, undefined, manager)).status).toBe(403);
  });
});
