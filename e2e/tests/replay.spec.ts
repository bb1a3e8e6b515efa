import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ClassroomLinks, CreatedLesson, LastingClassroom, LessonRecording, LessonReport, School, StandingDay, Teacher, WeeklyLesson,
} from '@classroom/shared';
import { probe } from '../../bench/recording/probe.ts';
import { expect, test, type Page } from '../fixtures/test.ts';
import { teacherLive } from '../fixtures/broadcast.ts';
import { mediasoupObjects } from '../fixtures/metrics.ts';
import { openIn, PHONE } from '../fixtures/pages.ts';
import { postQuestion } from '../fixtures/quiz.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from '../fixtures/server.ts';
import { command, joinLink } from '../fixtures/socket.ts';
import { middayZone, MINUTE, slotOn } from '../fixtures/timetable.ts';

// Issue 18, "a lesson any classroom can take later": a lesson of ~30 s is recorded as it is
// broadcast (the teacher's camera, voice and slides, a classroom on stage, one question); ffprobe
// finds its files whole; then another classroom of the same weekly lesson replays it on its
// projector, driven by the remote's keys and its assistant's phone: it plays, seeks, stops at the
// question, takes the class's answer, shows the reveal, plays on; the report shows that answer
// as given on replay.

let server: RunningServer;
const zone = middayZone();
test.beforeAll(async () => { server = await startServer({ TIME_ZONE: zone.timeZone, RECORDING: 'true' }); });
test.afterAll(async () => { await server?.stop(); });

const onThisServer = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The replay's teacher camera element on the projector: frames decoded and where it stands. */
async function cameraPlayback(projector: Page): Promise<{ frames: number; time: number; paused: boolean; width: number }> {
  return projector.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('video[data-source="teacher-camera"]');
    if (!video) return { frames: 0, time: 0, paused: true, width: 0 };
    return { frames: video.getVideoPlaybackQuality().totalVideoFrames, time: video.currentTime, paused: video.paused, width: video.videoWidth };
  });
}

const position = async (projector: Page) => Number(await projector.getByTestId('replay-screen').getAttribute('data-position'));

test('a recorded lesson replayed on another classroom\'s projector, its question answered on replay', async ({ browser }) => {
  test.setTimeout(300_000);
  // A weekly lesson of two classrooms, on now.
  const school = await server.api<School>('POST', '/api/schools', { name: 'Hill School', timeZone: zone.timeZone });
  const hill = await server.api<LastingClassroom>('POST', `/api/schools/${school.id}/classrooms`, { name: 'Class 1' });
  const river = await server.api<LastingClassroom>('POST', `/api/schools/${school.id}/classrooms`, { name: 'Class 2' });
  const teacherRecord = await server.api<Teacher>('POST', '/api/teachers', { name: 'Ms Li' });
  await server.api<WeeklyLesson>('POST', '/api/weekly-lessons', {
    title: 'Rivers of China', teacherId: teacherRecord.id, classroomIds: [hill.id, river.id], ...slotOn(zone, Date.now() - 5 * MINUTE, 60),
  });
  const riverLinks = await server.api<ClassroomLinks>('GET', `/api/classrooms/${river.id}/links`);
  const day = await (await fetch(`${server.url}/api/me/today`, { headers: { authorization: `Bearer ${new URL(riverLinks.projectorUrl).searchParams.get('token')}` } })).json() as StandingDay;
  const lessonId = day.lessons[0]!.lessonId!;
  const links = await server.api<CreatedLesson>('GET', `/api/lessons/${lessonId}/links`);
  const hillLinks = links.classrooms.find((c) => c.name === 'Hill School · Class 1')!;
  const question = await postQuestion(server.url, links, { kind: 'single', prompt: 'Which river is the longest?', options: ['Yangtze', 'Yellow', 'Pearl'], correct: [0] });

  // ~30 s live: camera and voice; slides on; Class 1 on stage; the question asked, closed, revealed.
  const teacher = await teacherLive(browser, onThisServer(links.teacherUrl));
  const liveAt = Date.now();
  // The wall closed: no projector sends its picture, and the producers counted are the lesson's.
  await teacher.getByTestId('wall-toggle').click();
  const at = async (seconds: number) => { await wait(liveAt + seconds * 1000 - Date.now()); };
  const hillProjector = await openIn(browser, onThisServer(hillLinks.projectorUrl));
  const hillAssistant = await joinLink(server.url, hillLinks.assistantUrl);
  // The slides come early, while the teacher's sending rate still ramps up: Chromium then often
  // stops the camera's top layer for a while, and the recording must take the next one at once
  // (RecordingTap's layer watch) rather than miss ~1.6 s until mediasoup's inactivity check.
  await at(3);
  await teacher.getByTestId('toggle-screen').click();
  await expect.poll(async () => mediasoupObjects(server.url, 'producers'), { timeout: 15_000 }).toBe(3);
  await at(11);
  await command(hillAssistant, 'hand:raise', {});
  await teacher.getByTestId('hand-queue').locator(':scope > *').nth(0).getByTestId('invite-to-stage').click();
  await expect.poll(async () => { try { await command(hillAssistant, 'stage:respond', { accept: true }); return true; } catch { return false; } }).toBe(true);
  await expect.poll(async () => mediasoupObjects(server.url, 'producers'), { timeout: 20_000 }).toBe(5);
  await at(16);
  await teacher.getByTestId('quiz-panel').getByTestId('question-item').nth(0).getByTestId('launch-question').click();
  await expect.poll(async () => { try { await command(hillAssistant, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [1] } }); return true; } catch { return false; } }).toBe(true);
  await at(20);
  await teacher.getByTestId('close-question').click();
  await teacher.getByTestId('reveal-results').click();
  await at(24);
  await teacher.getByTestId('toggle-screen').click();
  await teacher.getByTestId('end-stage').first().click();
  await at(30);
  await teacher.getByTestId('end-lesson').click();
  const endedAt = Date.now();
  await teacher.getByTestId('confirm-ok').click();
  hillAssistant.close();
  await hillProjector.context().close();
  await teacher.context().close();

  // The recording: indexed once its files are finished; VP8 and Opus, as long as the live lesson, whole.
  let recording: LessonRecording | undefined;
  await expect.poll(async () => {
    recording = await server.api<LessonRecording>('GET', `/api/recordings/${lessonId}`);
    return !recording.recordingNow && ['teacher-camera', 'teacher-microphone', 'teacher-screen'].every((s) => recording!.files.some((f) => f.source === s))
      && recording.files.some((f) => f.publisher === 'classroom');
  }, { timeout: 30_000 }).toBe(true);
  const moments = recording!.timeline;
  // The live time as the class saw it: from the teacher's camera and voice being sent to the end.
  const liveMs = endedAt - liveAt;
  expect(moments.map((m) => m.kind)).toEqual(expect.arrayContaining(['slides-on', 'stage', 'question-launched', 'question-closed', 'question-revealed', 'slides-off']));
  console.log(moments.map((m) => `${m.kind}@${m.atMs}${m.kind === 'segment' || m.kind === 'gap' ? `(${String(m.detail['source'])})` : ''}`).join(' '));
  console.log(recording!.files.map((f) => `${f.source}@${f.startMs}+${f.durationMs}`).join(' '));
  const dir = join(server.dataDir, 'recordings', lessonId);
  for (const source of ['teacher-camera', 'teacher-microphone']) {
    const files = readdirSync(dir).filter((f) => f.startsWith(`${source}-`));
    expect(files, source).toHaveLength(1);
    const found = await probe(join(dir, files[0]!));
    console.log(`${source} first packets: ${found.head.map((t) => t.toFixed(3)).join(' ')}`);
    expect(found.codecs, source).toEqual([source === 'teacher-camera' ? 'vp8' : 'opus']);
    expect(Math.abs(found.seconds * 1000 - liveMs), `${source}: ${found.seconds} s for ${liveMs} ms live`).toBeLessThan(1000);
    expect(found.longestGap, `${source}: longest hole at ${found.longestGapAt} s`).toBeLessThan(1);
    console.log(`${source}: ${found.seconds.toFixed(2)} s for ${(liveMs / 1000).toFixed(2)} s live, longest hole ${found.longestGap.toFixed(3)} s`);
  }
  const launchedAt = moments.find((m) => m.kind === 'question-launched')!.atMs;

  // Class 2's projector, on its permanent link, between lessons: the lesson is in its list; the remote's Enter opens it.
  const projector = await openIn(browser, onThisServer(riverLinks.projectorUrl));
  const choice = projector.getByTestId('replay-choice');
  await expect(choice).toHaveAttribute('data-lesson-id', lessonId);
  await expect(choice).toBeFocused();
  await projector.keyboard.press('Enter');
  const screen = projector.getByTestId('replay-screen');
  await expect(screen).toHaveAttribute('data-status', 'paused');
  // Its assistant's phone shows the same replay, and plays it.
  const assistant = await openIn(browser, onThisServer(riverLinks.assistantUrl), PHONE);
  const card = assistant.getByTestId('assistant-replay');
  await expect(card).toHaveAttribute('data-status', 'paused');
  await card.getByTestId('replay-play').click();
  await expect(screen).toHaveAttribute('data-status', 'playing');
  // Plays: the camera's frames are decoded, its time runs on.
  await expect.poll(async () => (await cameraPlayback(projector)).width, { timeout: 15_000 }).toBeGreaterThan(0);
  const first = await cameraPlayback(projector);
  await wait(2000);
  const later = await cameraPlayback(projector);
  expect(later.frames).toBeGreaterThan(first.frames);
  expect(later.time).toBeGreaterThan(first.time + 1);
  // The teacher's voice plays beside it, on the same clock.
  const voice = await projector.evaluate(() => {
    // Each element on the recording's clock: its segment's start plus its own time.
    const at = (el: HTMLMediaElement) => Number(el.dataset['segment']) + el.currentTime * 1000;
    const audio = document.querySelector<HTMLAudioElement>('audio[data-source="teacher-microphone"]')!;
    const camera = document.querySelector<HTMLVideoElement>('video[data-source="teacher-camera"]')!;
    return { paused: audio.paused, muted: audio.muted, apartMs: Math.abs(at(audio) - at(camera)) };
  });
  expect(voice.paused).toBe(false);
  expect(voice.muted).toBe(false);
  expect(voice.apartMs).toBeLessThan(400);

  // Paused with Enter, moved 10 s on with →: the camera stands there.
  await projector.keyboard.press('Enter');
  await expect(screen).toHaveAttribute('data-status', 'paused');
  const before = await position(projector);
  await projector.keyboard.press('ArrowRight');
  await expect.poll(() => position(projector)).toBeGreaterThan(before + 9000);
  const camera = recording!.files.find((f) => f.source === 'teacher-camera')!;
  const seekTo = await position(projector);
  await expect.poll(async () => Math.abs((await cameraPlayback(projector)).time * 1000 - (seekTo - camera.startMs)), { timeout: 10_000 }).toBeLessThan(500);
  expect(seekTo).toBeLessThan(launchedAt);

  // Played on: it stops at the question's launch, the question on screen, the media paused.
  await projector.keyboard.press('Enter');
  await expect(screen).toHaveAttribute('data-status', 'question', { timeout: 20_000 });
  const asked = projector.getByTestId('replay-question');
  await expect(asked).toHaveAttribute('data-question-id', question.id);
  await expect(projector.getByTestId('replay-prompt')).toHaveText('Which river is the longest?');
  await expect.poll(async () => (await cameraPlayback(projector)).paused).toBe(true);
  expect(Math.abs(await position(projector) - launchedAt)).toBeLessThan(300);
  await expect(screen).toHaveAttribute('data-layout', 'slides');
  await expect(screen).toHaveAttribute('data-on-stage', 'true');

  // The assistant enters the class's answer (the live form), then shows the answer.
  await card.getByTestId('answer-option-0').click();
  await card.getByTestId('submit-answer').click();
  await expect(projector.getByTestId('replay-class-answer')).toHaveAttribute('data-answered', 'true');
  await card.getByTestId('replay-reveal').click();
  await expect(asked).toHaveAttribute('data-state', 'revealed');
  await expect(asked.locator('[data-testid="result-bar"][data-option="0"]')).toHaveAttribute('data-correct', 'true');
  await expect(projector.getByTestId('replay-class-answer')).toHaveAttribute('data-mark', 'correct');
  await projector.screenshot({ path: 'test-results/replay-projector-revealed.png' });
  await assistant.screenshot({ path: 'test-results/replay-assistant.png', fullPage: true });
  // And goes on.
  await card.getByTestId('replay-play').click();
  await expect(screen).toHaveAttribute('data-status', 'playing');
  await expect(asked).toHaveCount(0);
  await expect.poll(async () => (await cameraPlayback(projector)).time * 1000 + camera.startMs, { timeout: 10_000 }).toBeGreaterThan(launchedAt + 1000);

  // The report: Class 1's live answer, Class 2's on replay, with its date.
  const report = await server.api<LessonReport>('GET', `/api/lessons/${lessonId}/report`);
  const row = report.quizzes.find((q) => q.question.id === question.id)!;
  expect(row.results.submissions.map((s) => s.classroomName)).toEqual(['Hill School · Class 1']);
  expect(row.replays).toMatchObject([{ submission: { classroomName: 'Hill School · Class 2', answer: { mode: 'collective', choices: [0] } }, correct: true }]);
  const page = await openIn(browser, `${server.url}/report?lesson=${lessonId}#token=${ADMIN_TOKEN}`);
  const rows = page.getByTestId('report-quizzes').getByTestId('submission-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByTestId('submission-taken')).toHaveText('took it live');
  await expect(rows.nth(1)).toHaveAttribute('data-taken', 'replay');
  await expect(rows.nth(1).getByTestId('submission-taken')).toContainText('took it on replay, ');
  await page.screenshot({ path: 'test-results/replay-report.png', fullPage: true });
});
