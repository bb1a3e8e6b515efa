import { execFileSync } from 'node:child_process';
import { expect, test, type Browser, type Page } from '../fixtures/test.ts';
import { flowing } from '../fixtures/media.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';

// Faults in the middle of a live lesson, in real Chromium: nobody touches a page afterwards, and
// the projector's picture must come back on its own.

async function open(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  return page;
}


async function liveLesson(browser: Browser, server: RunningServer) {
  const lesson = await server.createLesson(['Hill School']);
  const teacher = await open(browser, lesson.teacherUrl);
  await teacher.getByTestId('go-live').click();
  const projector = await open(browser, lesson.classrooms[0]!.projectorUrl);
  await flowing(projector);
  return { lesson, teacher, projector };
}

test('a killed mediasoup worker is replaced and the picture comes back by itself', async ({ browser }) => {
  const server = await startServer();
  try {
    const { projector } = await liveLesson(browser, server);
    const workers = execFileSync('pgrep', ['-P', String(server.process.pid), '-f', 'mediasoup-worker'], { encoding: 'utf8' }).trim().split('\n');
    expect(workers).toHaveLength(1);
    const killedAt = Date.now();
    process.kill(Number(workers[0]), 'SIGKILL');
    await expect.poll(async () => server.logs.some((l) => l.includes('worker')) && (await (await fetch(`${server.url}/healthz`)).json() as { workers: number }).workers, { timeout: 10_000 }).toBe(1);
    await flowing(projector);
    console.log(`worker kill: frames flowing again after ${Date.now() - killedAt} ms`);
  } finally {
    await server.stop();
  }
});

test('a killed and restarted server: teacher and projector reconnect and the lesson goes on', async ({ browser }) => {
  const first = await startServer();
  let second: RunningServer | undefined;
  try {
    const { projector } = await liveLesson(browser, first);
    await first.kill();
    const killedAt = Date.now();
    await expect(projector.getByTestId('projector')).not.toHaveAttribute('data-status', 'playing', { timeout: 15_000 });
    second = await startServer({}, { port: first.port, dataDir: first.dataDir });
    await flowing(projector, 60_000);
    console.log(`server restart: frames flowing again ${Date.now() - killedAt} ms after the kill`);
  } finally {
    await (second ?? first).stop();
  }
});

test('a projector link opened on a second device: the first stops and says why, the second plays', async ({ browser }) => {
  const server = await startServer();
  try {
    const { lesson, projector: first } = await liveLesson(browser, server);
    const second = await open(browser, lesson.classrooms[0]!.projectorUrl);
    await flowing(second);
    await expect(first.getByTestId('projector-status')).toHaveAttribute('data-status', 'fatal');
    await expect(first.getByTestId('projector-status')).toContainText('another device');
    // The first page does not take the link back: the second keeps playing.
    await first.waitForTimeout(5000);
    await flowing(second);
    await expect(first.getByTestId('projector-status')).toHaveAttribute('data-status', 'fatal');
  } finally {
    await server.stop();
  }
});
