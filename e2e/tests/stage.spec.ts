import { expect, test, type Browser, type Page } from '../fixtures/test.ts';
import { decodedFrames, receiverStats } from '../fixtures/media.ts';
import { mediasoupObjects } from '../fixtures/metrics.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';

// The whole on-stage flow in real Chromium: hands raised in order, the teacher invites one
// classroom, its assistant accepts, its projector's camera reaches the teacher and another
// classroom, and ending the stage closes its producers on the server.
let server: RunningServer;
test.beforeAll(async () => { server = await startServer(); });
test.afterAll(async () => { await server?.stop(); });

async function open(browser: Browser, url: string, phone = false): Promise<Page> {
  const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {});
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function framesAdvance(page: Page, testId: string): Promise<number> {
  await expect(page.getByTestId(testId)).toBeVisible();
  await expect.poll(async () => (await decodedFrames(page, testId)).width, { timeout: 30_000 }).toBeGreaterThan(0);
  const first = await decodedFrames(page, testId);
  await page.waitForTimeout(1500);
  const later = await decodedFrames(page, testId);
  expect(later.frames, `${testId} frames advance`).toBeGreaterThan(first.frames);
  return later.width;
}

test('hand queue, invitation, acceptance, two-way stage and its end', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School', 'River School']);
  const [hill, river] = lesson.classrooms;
  const teacher = await open(browser, lesson.teacherUrl);
  // The stage alone: with the classroom wall closed, no projector sends its wall picture and the
  // producers counted below are the teacher's and the stage's.
  await teacher.getByTestId('wall-toggle').click();
  await teacher.getByTestId('go-live').click();
  await expect.poll(async () => mediasoupObjects(server.url, 'producers'), { timeout: 20_000 }).toBe(2);

  const hillProjector = await open(browser, hill!.projectorUrl);
  const riverProjector = await open(browser, river!.projectorUrl);
  const hillAssistant = await open(browser, hill!.assistantUrl, true);
  const riverAssistant = await open(browser, river!.assistantUrl, true);

  // River raises first (assistant's phone), then Hill (the projector's one big key).
  await riverAssistant.getByTestId('raise-hand').click();
  const queue = teacher.getByTestId('hand-queue');
  await expect(queue.locator(':scope > *')).toHaveCount(1);
  await hillProjector.getByTestId('raise-hand').click();
  await expect(queue.locator(':scope > *')).toHaveCount(2);
  await expect(queue.locator(':scope > *').nth(0)).toContainText('River School');
  await expect(queue.locator(':scope > *').nth(1)).toContainText('Hill School');
  // The classroom's own projector shows its hand is up.
  await expect(hillProjector.getByTestId('lower-hand')).toBeVisible();

  // Invited from the queue; the projector may not publish until the assistant accepts.
  await queue.locator(':scope > *').nth(1).getByTestId('invite-to-stage').click();
  await expect(hillAssistant.getByTestId('accept-stage')).toBeVisible();
  expect(await mediasoupObjects(server.url, 'producers')).toBe(2);
  await hillAssistant.getByTestId('accept-stage').click();

  // Hill's camera and microphone reach the teacher and River; Hill leaves the queue.
  await expect.poll(async () => mediasoupObjects(server.url, 'producers'), { timeout: 20_000 }).toBe(4);
  await expect(queue.locator(':scope > *')).toHaveCount(1);
  const teacherWidth = await framesAdvance(teacher, 'stage-video');
  const riverWidth = await framesAdvance(riverProjector, 'stage-video');
  expect(teacherWidth).toBeGreaterThan(0);
  expect(riverWidth).toBeGreaterThan(0);
  await expect(riverProjector.getByText('Hill School').first()).toBeVisible();
  // River still sees and hears the teacher.
  expect((await receiverStats(riverProjector)).video!.framesDecoded).toBeGreaterThan(0);
  await teacher.screenshot({ path: 'test-results/stage-teacher.png' });
  await riverProjector.screenshot({ path: 'test-results/stage-river-projector.png' });
  await hillAssistant.screenshot({ path: 'test-results/stage-hill-assistant.png' });

  // The teacher ends the stage: the server closes Hill's producers at once.
  await teacher.getByTestId('end-stage').first().click();
  await expect.poll(async () => mediasoupObjects(server.url, 'producers'), { timeout: 10_000 }).toBe(2);
  await expect(riverProjector.getByTestId('stage-video')).toHaveCount(0, { timeout: 10_000 });
});
