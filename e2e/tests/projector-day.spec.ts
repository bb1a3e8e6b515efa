import type { ClassroomLinks, CreatedLesson, LastingClassroom, School, Teacher, WeeklyLesson } from '@classroom/shared';
import { expect, test, type Page } from '../fixtures/test.ts';
import { teacherLive } from '../fixtures/broadcast.ts';
import { decodedFrames, flowing } from '../fixtures/media.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';
import { middayZone, MINUTE, slotOn } from '../fixtures/timetable.ts';

// Issue 17, "the projector runs itself": a classroom's projector left on its permanent link
// waits with the day's lessons, joins each lesson of the timetable by itself, shows the teacher
// once live (also after a reload and a server restart), goes back to its day when the lesson
// ends (still shown when reloaded offline), then does the same for the next lesson.
let server: RunningServer;
// The school's clock reads about noon: the two lessons never cross midnight.
const zone = middayZone();
test.beforeAll(async () => { server = await startServer({ TIME_ZONE: zone.timeZone }); });
test.afterAll(async () => { await server?.stop(); });


/** The lesson the projector is in, once it has joined (the day screen marks it). */
async function joinedLesson(projector: Page, timeout: number): Promise<string> {
  const day = projector.getByTestId('standing-day');
  await expect(day).not.toHaveAttribute('data-joined', '', { timeout });
  await expect(projector.getByTestId('standing-next')).toHaveAttribute('data-state', 'joined');
  return (await day.getAttribute('data-joined'))!;
}


/** The teacher of `lessonId` goes live: the projector shows the teacher's video. */
async function teacherOf(lessonId: string, projector: Page): Promise<Page> {
  const links = await server.api<CreatedLesson>('GET', `/api/lessons/${lessonId}/links`);
  const teacher = await teacherLive(projector.context().browser()!, links.teacherUrl);
  await expect.poll(async () => (await decodedFrames(projector, 'teacher-video')).frames, { timeout: 20_000 }).toBeGreaterThan(0);
  return teacher;
}

async function endLesson(teacher: Page, projector: Page): Promise<void> {
  await teacher.getByTestId('end-lesson').click();
  await teacher.getByTestId('confirm-ok').click();
  const day = projector.getByTestId('standing-day');
  await expect(day).toHaveAttribute('data-joined', '');
  await expect(projector.getByTestId('projector')).toHaveCount(0);
  await teacher.context().close();
}

test('a projector on its permanent link joins its lessons by itself and goes back to its day after each', async ({ browser }) => {
  test.setTimeout(300_000);
  // Two lessons of today's timetable, starting within the next three minutes (a school whose
  // clock reads about noon: the test never depends on the hour or the machine's time zone).
  const first = Math.ceil((Date.now() + MINUTE) / MINUTE) * MINUTE;
  const second = first + MINUTE;

  const school = await server.api<School>('POST', '/api/schools', { name: 'Hill School', timeZone: zone.timeZone });
  const classroom = await server.api<LastingClassroom>('POST', `/api/schools/${school.id}/classrooms`, { name: 'Class 3' });
  const teacher = await server.api<Teacher>('POST', '/api/teachers', { name: 'Ms Wang' });
  for (const [title, start] of [['Maths', first], ['Science', second]] as const) {
    await server.api<WeeklyLesson>('POST', '/api/weekly-lessons', { title, teacherId: teacher.id, classroomIds: [classroom.id], ...slotOn(zone, start, 40) });
  }
  const { projectorUrl } = await server.api<ClassroomLinks>('GET', `/api/classrooms/${classroom.id}/links`);

  // The projector is switched on: its day, with both lessons; the first one starts within minutes.
  const projector = await (await browser.newContext()).newPage();
  await projector.goto(projectorUrl.replace(/^https?:\/\/[^/]+/, server.url));
  await expect(projector.getByTestId('standing-who')).toHaveText('Hill School · Class 3');
  await expect(projector.locator('[data-testid^="standing-lesson-"]')).toHaveText([/Maths/, /Science/]);

  // It joins the first lesson by itself and waits there for the teacher; the teacher goes live.
  const maths = await joinedLesson(projector, 20_000);
  const mathsTeacher = await teacherOf(maths, projector);
  // Reloaded during the lesson, it finds its way back to the teacher.
  await projector.reload();
  await flowing(projector);
  // The server is killed and started again: the projector goes back into the lesson by itself.
  const { port, dataDir } = server;
  await server.kill();
  await expect(projector.getByTestId('projector')).not.toHaveAttribute('data-status', 'playing', { timeout: 15_000 });
  server = await startServer({ TIME_ZONE: zone.timeZone }, { port, dataDir });
  await flowing(projector, 60_000);

  // The teacher ends the lesson: the projector is back on its day, and the lesson shows as ended.
  await endLesson(mathsTeacher, projector);
  await expect(projector.locator(`[data-lesson-id="${maths}"] [data-testid="lesson-phase"]`)).toHaveAttribute('data-phase', 'ended', { timeout: 15_000 });

  // Reloaded with the server out of reach, its page (from the service worker) still shows the day
  // kept on the device; the network comes back.
  await projector.context().setOffline(true);
  await projector.reload();
  await expect(projector.getByTestId('standing-who')).toHaveText('Hill School · Class 3');
  await expect(projector.locator('[data-testid^="standing-lesson-"]')).toHaveText([/Maths/, /Science/]);
  await projector.context().setOffline(false);

  // The next lesson, opened by the server once the first has started (up to two minutes from
  // here): the same again, in the same page.
  const science = await joinedLesson(projector, 150_000);
  expect(science).not.toBe(maths);
  const scienceTeacher = await teacherOf(science, projector);
  await endLesson(scienceTeacher, projector);
  await expect(projector.getByTestId('standing-next')).toHaveAttribute('data-state', 'none', { timeout: 15_000 });
});
