import type { ClassroomLinks, LastingClassroom, School, Teacher, TeacherLink, WeeklyLesson } from '@classroom/shared';
import { expect, test } from '../fixtures/test.ts';
import { flowing } from '../fixtures/media.ts';
import { openIn } from '../fixtures/pages.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';
import { middayZone, MINUTE, slotOn, wallClock } from '../fixtures/timetable.ts';

// Issue 17, "the teacher's day": the teacher's permanent link opens today's lessons; the lesson at
// hand shows its classrooms and who is there before it starts, goes live with one press (its
// console opens on the permanent link), and the teacher is back on the day when it ends.
let server: RunningServer;
// The school's and the server's clock read about noon: the lesson never crosses midnight.
const zone = middayZone();
test.beforeAll(async () => { server = await startServer({ TIME_ZONE: zone.timeZone }); });
test.afterAll(async () => { await server?.stop(); });

/** A link as this run's server serves it. */
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url);

test('a teacher on the permanent link sees the day, who is there, goes live with one press and is back on the day at the end', async ({ browser }) => {
  test.setTimeout(180_000);
  // A lesson of today starting within three minutes: the projector joins it by itself (five
  // minutes ahead), and the teacher may go live before its start.
  const start = Math.ceil((Date.now() + 2 * MINUTE) / MINUTE) * MINUTE;

  const school = await server.api<School>('POST', '/api/schools', { name: 'Hill School', timeZone: zone.timeZone });
  const classrooms: LastingClassroom[] = [];
  for (const name of ['Class 3', 'Class 4']) classrooms.push(await server.api<LastingClassroom>('POST', `/api/schools/${school.id}/classrooms`, { name }));
  const teacher = await server.api<Teacher>('POST', '/api/teachers', { name: 'Ms Wang' });
  const weekly = await server.api<WeeklyLesson>('POST', '/api/weekly-lessons', {
    title: 'Maths', teacherId: teacher.id, classroomIds: classrooms.map((c) => c.id), ...slotOn(zone, start, 40),
  });
  const { teacherUrl } = await server.api<TeacherLink>('GET', `/api/teachers/${teacher.id}/link`);
  const { projectorUrl } = await server.api<ClassroomLinks>('GET', `/api/classrooms/${classrooms[0]!.id}/links`);

  // The teacher opens the permanent link: the day, with the lesson at hand and its two classrooms, nobody there yet.
  const page = await openIn(browser, local(teacherUrl));
  await expect(page.getByTestId('page-title')).toHaveText('Ms Wang: today\'s lessons');
  const lesson = page.getByTestId(`day-lesson-${weekly.id}`);
  await expect(lesson).toContainText('Maths');
  await expect(lesson).toContainText(`${wallClock(zone, start)}–${wallClock(zone, start + 40 * MINUTE)}`);
  await expect(lesson).toContainText('2 classrooms');
  await expect(lesson).toHaveAttribute('data-state', 'upcoming');
  const atHand = page.getByTestId('lesson-at-hand');
  await expect(atHand).toHaveAttribute('data-connected', 'true');
  const hill = atHand.getByTestId('at-hand-classroom').filter({ hasText: 'Class 3' });
  await expect(atHand.getByTestId('at-hand-classroom')).toHaveCount(2);
  await expect(hill).toHaveAttribute('data-projector-online', 'false');

  // Class 3's projector is switched on: it joins the lesson, and the teacher sees it there.
  const projector = await openIn(browser, local(projectorUrl));
  await expect(hill).toHaveAttribute('data-projector-online', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('at-hand-count')).toHaveText('1 of 2 projectors online');

  // One press: the console of that lesson opens, live, and the projector shows the teacher.
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Maths');
  await expect(page.getByTestId('lesson-phase')).toHaveAttribute('data-phase', 'live');
  await expect(page.getByTestId('classroom-list').locator('[data-projector-online="true"]')).toHaveCount(1);
  await flowing(projector);
  // The console's report opens with the permanent link (the teacher's own lesson).
  const report = await page.context().newPage();
  await report.goto(`${server.url}${(await page.getByTestId('report-link').getAttribute('href'))!}`);
  await expect(report.getByTestId('report-lesson-title')).toHaveText('Maths');
  await report.close();

  // The teacher ends the lesson: back on the day, the lesson ended; the projector back on its own.
  await page.getByTestId('end-lesson').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('teacher-day')).toBeVisible({ timeout: 15_000 });
  await expect(lesson).toHaveAttribute('data-state', 'ended', { timeout: 15_000 });
  await expect(page.getByTestId('nothing-at-hand')).toBeVisible();
  await expect(projector.getByTestId('standing-day')).toHaveAttribute('data-joined', '', { timeout: 15_000 });
});
