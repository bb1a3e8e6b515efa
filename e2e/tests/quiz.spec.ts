import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '../fixtures/test.ts';
import { mediasoupObjects } from '../fixtures/metrics.ts';
import { openIn, PHONE } from '../fixtures/pages.ts';
import { postQuestion } from '../fixtures/quiz.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';

// A quiz through real pages: the teacher writes one question in the console and has another
// prepared over REST, asks both; one is answered by each class as a whole, the other by
// counting pupils. The teacher's results follow every answer live; closing and revealing
// reaches every projector; the report page (opened from the console) holds the answers.
let server: RunningServer;
test.beforeAll(async () => { server = await startServer(); });
test.afterAll(async () => { await server?.stop(); });

/** One option's bar inside `scope` (the teacher's live results, a projector's panel). */
function bar(scope: Locator, option: number): Locator {
  return scope.locator(`[data-testid="result-bar"][data-option="${option}"]`);
}

async function expectBar(scope: Locator, option: number, count: number, percent: number): Promise<void> {
  await expect(bar(scope, option)).toHaveAttribute('data-count', String(count));
  await expect(bar(scope, option)).toHaveAttribute('data-percent', String(percent));
}

async function answerTogether(assistant: Page, option: number): Promise<void> {
  await assistant.getByTestId(`answer-option-${option}`).click();
  await assistant.getByTestId('submit-answer').click();
}

async function answerByCount(assistant: Page, present: number, counts: number[]): Promise<void> {
  await assistant.getByTestId('tally-present').fill(String(present));
  for (const [option, count] of counts.entries()) await assistant.getByTestId(`tally-count-${option}`).fill(String(count));
}

test('questions asked, answered together and by count, results live, revealed everywhere, reported', async ({ browser }) => {
  test.setTimeout(240_000);
  const lesson = await server.createLesson(['Hill School', 'River School']);
  const [hill, river] = lesson.classrooms;
  const teacher = await openIn(browser, lesson.teacherUrl);
  await teacher.getByTestId('go-live').click();
  await expect.poll(async () => mediasoupObjects(server.url, 'producers'), { timeout: 20_000 }).toBe(2);
  const projectors = [await openIn(browser, hill!.projectorUrl), await openIn(browser, river!.projectorUrl)];
  const hillAssistant = await openIn(browser, hill!.assistantUrl, PHONE);
  const riverAssistant = await openIn(browser, river!.assistantUrl, PHONE);

  // One question written in the console, one prepared over REST with the teacher's token.
  const quiz = teacher.getByTestId('quiz-panel');
  await quiz.getByTestId('new-question').click();
  await quiz.getByTestId('question-prompt').fill('What is 2 + 3?');
  await quiz.getByTestId('option-input-0').fill('4');
  await quiz.getByTestId('option-input-1').fill('5');
  await quiz.getByTestId('add-option').click();
  await quiz.getByTestId('option-input-2').fill('6');
  await quiz.getByTestId('option-correct-1').check();
  await quiz.getByTestId('save-question').click();
  await postQuestion(server.url, lesson, {
    kind: 'true_false', prompt: 'The sun is a star.', correct: [0], timeLimitSeconds: 300, answerMode: 'tally',
  });
  const items = quiz.getByTestId('question-item');
  await expect(items).toHaveCount(2);

  // Question 1, answered by each class as a whole.
  await items.nth(0).getByTestId('launch-question').click();
  for (const projector of projectors) {
    await expect(projector.getByTestId('projector-quiz')).toHaveAttribute('data-state', 'open');
    await expect(projector.getByTestId('projector-prompt')).toHaveText('What is 2 + 3?');
  }
  const results = teacher.getByTestId('quiz-results');
  await expect(results).toHaveAttribute('data-answered', '0');

  await answerTogether(hillAssistant, 1);
  await expect(hillAssistant.getByTestId('own-answer')).toContainText('B');
  await expect(results).toHaveAttribute('data-answered', '1');
  await expectBar(results, 1, 1, 100);
  // The same answer again is already recorded: said, not sent twice.
  await hillAssistant.getByTestId('submit-answer').click();
  await expect(hillAssistant.getByTestId('answer-error')).toHaveAttribute('data-code', 'duplicate');

  await answerTogether(riverAssistant, 0);
  await expect(results).toHaveAttribute('data-answered', '2');
  await expectBar(results, 0, 1, 50);
  await expectBar(results, 1, 1, 50);
  await expect(results.getByTestId('missing-answers')).toHaveText('Every classroom has answered.');
  const riverRow = results.locator(`[data-testid="submission-row"][data-classroom-id="${river!.id}"]`);
  await expect(riverRow).toHaveAttribute('data-mark', 'incorrect');
  // River changes its mind while the question is open.
  await answerTogether(riverAssistant, 1);
  await expectBar(results, 0, 0, 0);
  await expectBar(results, 1, 2, 100);
  await expect(riverRow).toHaveAttribute('data-mark', 'correct');
  await expect(riverRow.locator('td').nth(1)).toHaveText('1');

  await teacher.getByTestId('close-question').click();
  for (const projector of projectors) await expect(projector.getByTestId('projector-quiz')).toHaveAttribute('data-state', 'closed');
  await expect(riverAssistant.getByTestId('quiz-card')).toHaveAttribute('data-state', 'closed');
  await teacher.getByTestId('reveal-results').click();
  for (const projector of projectors) {
    const panel = projector.getByTestId('projector-quiz');
    await expect(panel).toHaveAttribute('data-state', 'revealed');
    await expect(bar(panel, 1)).toHaveAttribute('data-correct', 'true');
    await expect(bar(panel, 0)).toHaveAttribute('data-correct', 'false');
    await expectBar(panel, 1, 2, 100);
  }
  await quiz.screenshot({ path: 'test-results/quiz-teacher-panel.png' });

  // Question 2, true or false, answered by counting the pupils of each room.
  await items.nth(1).getByTestId('launch-question').click();
  await expect(projectors[0]!.getByTestId('countdown')).toBeVisible();
  await expect(hillAssistant.getByTestId('answer-form')).toHaveAttribute('data-mode', 'tally');
  await answerByCount(hillAssistant, 30, [19, 10]);
  await hillAssistant.getByTestId('tally-count-0-plus').click();
  await hillAssistant.screenshot({ path: 'test-results/quiz-assistant-tally.png', fullPage: true });
  await hillAssistant.getByTestId('submit-answer').click();
  await expect(results).toHaveAttribute('data-total', '30');
  await expectBar(results, 0, 20, 67);

  // More answers than pupils: the form says so before anything is sent.
  await answerByCount(riverAssistant, 25, [15, 12]);
  await riverAssistant.getByTestId('submit-answer').click();
  await expect(riverAssistant.getByTestId('answer-error')).toHaveAttribute('data-code', 'tooMany');
  await riverAssistant.getByTestId('tally-count-1').fill('10');
  await riverAssistant.getByTestId('submit-answer').click();
  await expect(results).toHaveAttribute('data-total', '55');
  await expectBar(results, 0, 35, 64);
  await expectBar(results, 1, 20, 36);

  await teacher.getByTestId('close-question').click();
  await teacher.getByTestId('reveal-results').click();
  for (const projector of projectors) {
    const panel = projector.getByTestId('projector-quiz');
    await expect(panel).toHaveAttribute('data-state', 'revealed');
    await expect(bar(panel, 0)).toHaveAttribute('data-correct', 'true');
    await expect(bar(panel, 0)).toContainText('True');
    await expectBar(panel, 0, 35, 64);
  }
  await projectors[0]!.screenshot({ path: 'test-results/quiz-projector-revealed.png' });

  // Each projector reports its link; the teacher and the assistant see the grade.
  for (const classroom of [hill!, river!]) {
    await expect(teacher.getByTestId(`classroom-${classroom.id}`).getByTestId('quality'))
      .toHaveAttribute('data-grade', /^(good|fair|poor)$/, { timeout: 30_000 });
  }
  await expect(hillAssistant.getByTestId('quality')).toHaveAttribute('data-grade', /^(good|fair|poor)$/);
  // Data saver: the assistant picks the smallest picture, the teacher sees it.
  await riverAssistant.getByTestId('video-cap-low').click();
  await expect(riverAssistant.getByTestId('video-cap')).toHaveAttribute('data-value', 'low');
  await expect(teacher.getByTestId(`classroom-${river!.id}`)).toHaveAttribute('data-video-cap', 'low');

  // The report, opened from the console with the teacher's own token.
  const [report] = await Promise.all([teacher.waitForEvent('popup'), teacher.getByTestId('report-link').click()]);
  await expect(report.getByTestId('report-attendance').getByTestId('attendance-row')).toHaveCount(2);
  expect(report.url()).not.toContain('token=');
  const asked = report.getByTestId('report-quizzes').getByTestId('report-question');
  await expect(asked).toHaveCount(2);
  await expect(asked.nth(0).locator(`[data-testid="submission-row"][data-classroom-id="${hill!.id}"]`)).toContainText('B');
  await expect(asked.nth(1).locator(`[data-testid="submission-row"][data-classroom-id="${river!.id}"]`)).toContainText('A 15 · B 10');
  await expect(report.getByTestId('report-quality').getByTestId('quality-row')).toHaveCount(2);
  await report.screenshot({ path: 'test-results/quiz-report.png', fullPage: true });
  const [download] = await Promise.all([report.waitForEvent('download'), report.getByTestId('download-csv').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('What is 2 + 3?');
  expect(csv).toContain('River School');
  expect(csv).toContain('Hill School,5,,yes,');
  // The file speaks the page's language: switched to Chinese, its headers and yes/no follow.
  await report.getByTestId('lang-switch').click();
  await expect(report.getByTestId('download-csv')).toHaveText('下载 CSV');
  const [chineseDownload] = await Promise.all([report.waitForEvent('download'), report.getByTestId('download-csv').click()]);
  const chinese = readFileSync(await chineseDownload.path(), 'utf8');
  expect(chinese).toContain('是否正确');
  expect(chinese).toContain('Hill School,5,,是,');
});
