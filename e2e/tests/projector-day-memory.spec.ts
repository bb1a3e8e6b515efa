import type { ClassroomLinks, CreatedLesson, LastingClassroom, School, Teacher } from '@classroom/shared';
import { command, joinLink } from '../fixtures/socket.ts';
import { expect, test, type Page } from '../fixtures/test.ts';
import { middayZone, slotOn } from '../fixtures/timetable.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';

// A projector on its permanent link goes through many lessons in one page, all day: what each
// lesson leaves behind (sockets, media, listeners, DOM) adds up. N lessons at the same time of
// the timetable are all open at once; the projector takes them one after the other (join →
// the teacher goes live → the lesson ends → back to its day), and the page's JS heap (after a
// forced GC), DOM nodes and DOM listeners are measured after the first cycle, halfway and after the last.
// KIOSK_CYCLES=50 for the full measurement (~4 min); 8 by default.
const CYCLES = Number(process.env['KIOSK_CYCLES'] ?? 8);
let server: RunningServer;
// The school's clock reads about noon: its lessons of today never cross midnight.
const zone = middayZone();
test.beforeAll(async () => { server = await startServer({ TIME_ZONE: zone.timeZone }); });
test.afterAll(async () => { await server?.stop(); });


interface Footprint { heapMb: number; nodes: number; listeners: number }

async function footprint(page: Page): Promise<Footprint> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  await cdp.detach();
  return { heapMb: Math.round(metric('JSHeapUsedSize') / 1e4) / 100, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

test(`a projector on its permanent link leaves nothing behind over ${CYCLES} lessons`, async ({ browser }) => {
  test.setTimeout(60_000 + CYCLES * 15_000);
  // Every lesson's slot holds now (from the start of this minute, for 30 min), in a school whose clock reads about noon.
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const school = await server.api<School>('POST', '/api/schools', { name: 'Hill School', timeZone: zone.timeZone });
  const classroom = await server.api<LastingClassroom>('POST', `/api/schools/${school.id}/classrooms`, { name: 'Class 3' });
  const teacher = await server.api<Teacher>('POST', '/api/teachers', { name: 'Ms Wang' });
  for (let i = 0; i < CYCLES; i++) {
    await server.api('POST', '/api/weekly-lessons', {
      title: `Lesson ${i + 1}`, teacherId: teacher.id, classroomIds: [classroom.id], ...slotOn(zone, start.getTime(), 30),
    });
  }
  const { projectorUrl } = await server.api<ClassroomLinks>('GET', `/api/classrooms/${classroom.id}/links`);
  const projector = await (await browser.newContext()).newPage();
  await projector.goto(projectorUrl.replace(/^https?:\/\/[^/]+/, server.url));
  const day = projector.getByTestId('standing-day');

  const seen = new Set<string>();
  const samples: Footprint[] = [];
  const startedAt = Date.now();
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    await expect(day).not.toHaveAttribute('data-joined', '', { timeout: 20_000 });
    await expect(projector.getByTestId('standing-next')).toHaveAttribute('data-state', 'joined');
    const lessonId = (await day.getAttribute('data-joined'))!;
    expect(seen.has(lessonId)).toBe(false);
    seen.add(lessonId);
    const { teacherUrl } = await server.api<CreatedLesson>('GET', `/api/lessons/${lessonId}/links`);
    const teacherSocket = await joinLink(server.url, teacherUrl);
    await command(teacherSocket, 'lesson:goLive', {});
    await expect(projector.getByTestId('projector')).toBeVisible();
    await command(teacherSocket, 'lesson:end', {});
    teacherSocket.close();
    await expect(projector.getByTestId('projector')).toHaveCount(0);
    await expect(day).toHaveAttribute('data-joined', '');
    if (cycle === 0 || cycle === Math.floor(CYCLES / 2)) samples.push(await footprint(projector));
  }
  await expect(projector.getByTestId('standing-next')).toHaveAttribute('data-state', 'none', { timeout: 15_000 });
  samples.push(await footprint(projector));
  const [first, middle, last] = [samples[0]!, samples[1]!, samples[2]!];
  console.log(`[kiosk memory] ${CYCLES} lessons in ${Math.round((Date.now() - startedAt) / 1000)} s; after the first: ${JSON.stringify(first)}; `
    + `after ${Math.floor(CYCLES / 2) + 1}: ${JSON.stringify(middle)}; after the last: ${JSON.stringify(last)}`);
  // Bounds from the measurement (see the commit): what a leak per lesson would soon cross.
  expect(last.nodes - first.nodes).toBeLessThan(50);
  // + 8: the network check the projector runs once, between two lessons here (its probe
  // connection and result card), adds 6 listeners once, whenever it happens to run.
  expect(last.listeners - first.listeners).toBeLessThan(CYCLES / 2 + 8);
  expect(last.heapMb - first.heapMb).toBeLessThan(2 + CYCLES * 0.05);
});
