import { expect, test, type Browser, type Page } from '../fixtures/test.ts';
import { openIn, PHONE } from '../fixtures/pages.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';

// The classroom wall in real Chromium: three projectors with fake cameras. The teacher's wall
// decodes all three; a wall of two tiles stops the third projector's RTP in its own browser (its
// outbound stats stop growing) and starts it again when its tile is shown; a spotlight brings the
// larger layer; the assistant's "picture off" stops it and the teacher sees why.
let server: RunningServer;
test.beforeAll(async () => { server = await startServer(); });
test.afterAll(async () => { await server?.stop(); });

const open = (browser: Browser, url: string, phone = false): Promise<Page> => openIn(browser, url, phone ? PHONE : {});

interface WallStats { producing: boolean; paused: boolean; bytesSent: number; packetsSent: number }

/** What the projector's browser sent for the wall (web/src/services/debug.ts). */
function wallStats(page: Page): Promise<WallStats> {
  return page.evaluate(() => (window as unknown as { __classroom: { wallStats(): Promise<WallStats> } }).__classroom.wallStats());
}

/** The teacher's decoded picture of one classroom's tile. */
function tile(page: Page, classroomId: string): Promise<{ frames: number; height: number }> {
  return page.evaluate((id) => {
    const video = document.querySelector<HTMLVideoElement>(`[data-testid="wall-tile"][data-classroom-id="${id}"] video`);
    if (!video) return { frames: 0, height: 0 };
    return { frames: video.getVideoPlaybackQuality().totalVideoFrames, height: video.videoHeight };
  }, classroomId);
}

/** The tile decodes new frames (a tile runs at a few frames per second). */
async function decoding(page: Page, classroomId: string): Promise<number> {
  await expect.poll(async () => (await tile(page, classroomId)).height, { timeout: 30_000 }).toBeGreaterThan(0);
  const first = await tile(page, classroomId);
  await expect.poll(async () => (await tile(page, classroomId)).frames, { timeout: 15_000 }).toBeGreaterThan(first.frames);
  return (await tile(page, classroomId)).height;
}

/** Packets leave the projector's browser for the wall, or they stopped (two samples 2 s apart). */
async function sending(page: Page): Promise<boolean> {
  const before = await wallStats(page);
  await page.waitForTimeout(2_000);
  const after = await wallStats(page);
  return after.producing && after.packetsSent > before.packetsSent;
}

test('wall: all tiles decoded, unwatched projectors send nothing, spotlight, picture off', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School', 'River School', 'Lake School']);
  const [hill, river, lake] = lesson.classrooms;
  const teacher = await open(browser, lesson.teacherUrl);
  const projectors: Page[] = [];
  for (const c of [hill!, river!, lake!]) projectors.push(await open(browser, c.projectorUrl));
  const [, , lakeProjector] = projectors;

  // Every connected classroom has a tile, and the teacher decodes its picture.
  const tiles = teacher.getByTestId('wall-tile');
  await expect(tiles).toHaveCount(3, { timeout: 30_000 });
  for (const c of [hill!, river!, lake!]) {
    const height = await decoding(teacher, c.id);
    expect(height, 'a tile is the small layer').toBeLessThanOrEqual(240);
  }
  // Each room sees that the teacher can see it.
  for (const projector of projectors) await expect(projector.getByTestId('wall-notice')).toHaveAttribute('data-state', 'tile');
  await teacher.screenshot({ path: 'test-results/wall-teacher.png' });
  await lakeProjector!.screenshot({ path: 'test-results/wall-lake-projector.png' });

  // Two tiles a page: Lake is off screen, and its browser stops sending (paused on the client).
  await teacher.getByTestId('wall-page-size').selectOption('2');
  await expect(tiles).toHaveCount(2);
  await expect(lakeProjector!.getByTestId('wall-notice')).toHaveCount(0);
  await expect.poll(() => sending(lakeProjector!), { timeout: 20_000, intervals: [0] }).toBe(false);
  expect((await wallStats(lakeProjector!)).paused).toBe(true);
  expect(await sending(lakeProjector!), 'still nothing sent a while later').toBe(false);
  // The others go on.
  expect(await sending(projectors[0]!)).toBe(true);

  // The next page shows Lake: its browser sends again and the teacher decodes it.
  await teacher.getByTestId('wall-next').click();
  await expect(tiles).toHaveCount(1);
  await expect(teacher.locator(`[data-testid="wall-tile"][data-classroom-id="${lake!.id}"]`)).toBeVisible();
  await expect.poll(() => sending(lakeProjector!), { timeout: 20_000, intervals: [0] }).toBe(true);
  const small = await decoding(teacher, lake!.id);
  // The page before is off screen now: Hill's browser stops.
  await expect.poll(() => sending(projectors[0]!), { timeout: 20_000, intervals: [0] }).toBe(false);

  // A click spotlights Lake: the larger layer reaches the teacher.
  await teacher.locator(`[data-testid="wall-tile"][data-classroom-id="${lake!.id}"] button`).click();
  await expect(lakeProjector!.getByTestId('wall-notice')).toHaveAttribute('data-state', 'spotlight');
  await expect.poll(async () => (await tile(teacher, lake!.id)).height, { timeout: 30_000 }).toBeGreaterThanOrEqual(small * 1.5);
  await teacher.screenshot({ path: 'test-results/wall-spotlight.png' });

  // Lake's assistant turns the class picture off: the browser stops, the teacher is told why.
  const assistant = await open(browser, lake!.assistantUrl, true);
  await assistant.getByTestId('wall-picture').click();
  await expect(assistant.getByTestId('wall-picture')).toHaveAttribute('aria-checked', 'false');
  const lakeTile = teacher.locator(`[data-testid="wall-tile"][data-classroom-id="${lake!.id}"]`);
  await expect(lakeTile.getByTestId('wall-picture-off')).toHaveText('Picture off by the classroom');
  await expect(lakeProjector!.getByTestId('wall-notice')).toHaveAttribute('data-state', 'off');
  await expect.poll(async () => (await wallStats(lakeProjector!)).producing, { timeout: 10_000 }).toBe(false);
  expect(await sending(lakeProjector!)).toBe(false);
  await teacher.screenshot({ path: 'test-results/wall-picture-off.png' });
});

test('wall: a projector whose uplink cannot carry video sends still pictures, marked as such', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School']);
  const [hill] = lesson.classrooms;
  const teacher = await open(browser, lesson.teacherUrl);
  const projector = await open(browser, hill!.projectorUrl);
  await decoding(teacher, hill!.id);

  // What the uplink check does on a link too weak for the tile layer (StillFallback, unit-tested).
  expect(await projector.evaluate(() => (window as unknown as { __classroom: { wallFallBackToStills(): boolean } }).__classroom.wallFallBackToStills())).toBe(true);
  // No RTP for the wall any more; a small JPEG reaches the teacher over the socket, marked still.
  await expect.poll(() => sending(projector), { timeout: 20_000, intervals: [0] }).toBe(false);
  const tileOfHill = teacher.locator(`[data-testid="wall-tile"][data-classroom-id="${hill!.id}"]`);
  await expect(tileOfHill.getByTestId('wall-still-badge')).toHaveText('Still picture');
  const still = tileOfHill.getByTestId('wall-still');
  await expect.poll(() => still.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 10_000 }).toBe(320);
  const size = await still.evaluate((img: HTMLImageElement) => Math.round((img.src.length - 'data:image/jpeg;base64,'.length) * 0.75));
  console.log(`still picture: ${size} bytes every 5 s (${((size * 8) / 5 / 1000).toFixed(1)} kbit/s)`);
  expect(size).toBeLessThan(24_000);
  // A new one every few seconds.
  const first = await still.getAttribute('src');
  await expect.poll(() => still.getAttribute('src'), { timeout: 15_000 }).not.toBe(first);
  await teacher.screenshot({ path: 'test-results/wall-still.png' });
});
