import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { DashboardOverview, DistrictList, ManagerLink } from '@classroom/shared';
import { expect, test, type Page } from '../fixtures/test.ts';
import { dataDirWithTerm, type WrittenTerm } from '../fixtures/districtTerm.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from '../fixtures/server.ts';

// Issue #19, the district view in Chromium on a generated term (2 weeks, 2 districts of 3
// schools): a district manager's link opens its overview with charts drawn from data, the
// filters change the figures (as the server counts them), a school drills down to a classroom
// and on to a lesson report, tables download as CSV and Excel with their Chinese intact; a
// manager of the other district sees none of it, the admin sees both.
let server: RunningServer;
let term: WrittenTerm;
let districts: DistrictList['districts'];
test.beforeAll(async () => {
  const written = await dataDirWithTerm();
  term = written.term;
  server = await startServer({}, { dataDir: written.dataDir });
  districts = (await server.api<DistrictList>('GET', '/api/districts')).districts;
});
test.afterAll(async () => { await server?.stop(); });

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url);
const managerUrl = async (districtId: string) => local((await server.api<ManagerLink>('GET', `/api/districts/${districtId}/manager-link`)).managerUrl);

/** The overview's figures as the server counts them for this token and filter. */
async function overview(token: string, query: Record<string, string>): Promise<DashboardOverview> {
  const res = await fetch(`${server.url}/api/dashboard/overview?${new URLSearchParams(query).toString()}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as DashboardOverview;
}

/** A drawn chart: its SVG, with marks for its data. */
async function expectDrawn(page: Page, testId: string): Promise<void> {
  const chart = page.getByTestId(testId);
  await expect(chart).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await expect.poll(() => chart.locator('svg path').count()).toBeGreaterThan(10);
}

test('a district manager reads its term: charts, filters, drill-down to a lesson report, downloads', async ({ browser }) => {
  const [north] = districts;
  const url = await managerUrl(north!.id);
  const token = new URL(url).searchParams.get('token')!;
  const page = await (await browser.newContext({ acceptDownloads: true, locale: 'zh-CN', viewport: { width: 1400, height: 900 } })).newPage();
  // (a chart library that breaks the page's content security policy would show here)
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error' && /Content Security Policy|Refused/.test(message.text())) failures.push(message.text()); });
  await page.goto(url);

  // Its district, read only: nothing on the page writes (the buttons are refresh, print, language, downloads).
  await expect(page.getByTestId('dashboard-who')).toContainText(north!.name);
  await expect(page.getByTestId('read-only')).toBeVisible();
  const overviewView = page.getByTestId('dashboard-overview');
  await expect(overviewView).toBeVisible();
  const buttons = await page.locator('button').evaluateAll((all) => all.map((b) => b.getAttribute('data-testid') ?? ''));
  expect(buttons.filter((id) => !/^(dashboard-refresh|dashboard-print|lang-switch|export-\w+-(csv|xlsx))$/.test(id))).toEqual([]);
  await expect(page.locator('input, textarea')).toHaveCount(0);

  // Its schools only, those needing attention first (the server's order), and its charts drawn.
  const all = await overview(token, {});
  expect(all.schools.map((s) => s.districtId)).toEqual(north!.schools.map(() => north!.id));
  await expect(page.getByTestId('school-row')).toHaveCount(north!.schools.length);
  await expect(page.getByTestId('school-row').first()).toHaveAttribute('data-key', all.schools[0]!.schoolId);
  await expect(overviewView).toHaveAttribute('data-scheduled', String(all.totals.scheduled));
  await expectDrawn(page, 'chart-rates');
  await expectDrawn(page, 'chart-link');
  await expect(page.getByTestId('week-row')).toHaveCount(2);

  // The first week only: fewer lessons, as the server counts them, and a one-week trend.
  await page.getByTestId('filter-to').selectOption(term.firstDate);
  const firstWeek = await overview(token, { to: '2026-03-08' });
  expect(firstWeek.totals.scheduled).toBeLessThan(all.totals.scheduled);
  await expect(overviewView).toHaveAttribute('data-scheduled', String(firstWeek.totals.scheduled));
  await expect(page.getByTestId('total-scheduled').locator('dd')).toHaveText(String(firstWeek.totals.scheduled));
  await expect(page.getByTestId('week-row')).toHaveCount(1);
  expect(new URL(page.url()).searchParams.get('to')).toBe('2026-03-08');
  // And one subject of it.
  const subject = (await page.getByTestId('filter-subject').locator('option').nth(1).getAttribute('value'))!;
  await page.getByTestId('filter-subject').selectOption(subject);
  const oneSubject = await overview(token, { to: '2026-03-08', subject });
  expect(oneSubject.totals.scheduled).toBeLessThan(firstWeek.totals.scheduled);
  await expect(page.getByTestId('total-scheduled').locator('dd')).toHaveText(String(oneSubject.totals.scheduled));
  // Back to the whole term.
  await page.getByTestId('filter-subject').selectOption('');
  await page.getByTestId('filter-to').selectOption('');
  await expect(overviewView).toHaveAttribute('data-scheduled', String(all.totals.scheduled));

  // The schools table as Excel: a real workbook whose Chinese names are intact.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-schools-xlsx').click()]);
  const book = new ExcelJS.Workbook();
  const bytes = readFileSync((await xlsx.path())!);
  // (exceljs types its input as an ArrayBuffer of its own; JSZip reads one)
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
  for (const school of north!.schools) expect(cells).toContain(school.name);
  expect(cells).toContain('学校');

  // Drill down: school → classroom → the lesson report.
  const school = all.schools[0]!;
  await page.getByTestId(`open-school-${school.schoolId}`).click();
  await expect(page.getByTestId('dashboard-school')).toHaveAttribute('data-school-id', school.schoolId);
  await expect(page.getByTestId('trail-school')).toHaveText(school.name);
  await expectDrawn(page, 'chart-rates');
  const classroomRow = page.getByTestId('classroom-row').first();
  const classroomId = (await classroomRow.getAttribute('data-key'))!;
  await classroomRow.locator('a').click();
  await expect(page.getByTestId('dashboard-classroom')).toHaveAttribute('data-classroom-id', classroomId);
  // The classroom's lessons as CSV: UTF-8 with its byte order mark, Chinese headers and names.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-lessons-csv').click()]);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text).toContain('课程');
  expect(text).toMatch(/老师\d/);
  // A lesson the classroom attended, opened on the report page with the manager's key.
  const held = page.locator('[data-testid="lesson-row"][data-attended="true"]').first();
  const lessonId = (await held.getAttribute('data-lesson-id'))!;
  await held.getByTestId(`open-report-${lessonId}`).click();
  await expect(page.getByTestId('report-lesson-title')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('lesson')).toBe(lessonId);
  await expect(page.getByTestId('attendance-row').first()).toBeVisible();
  // Back climbs up the drill-down.
  await page.goBack();
  await expect(page.getByTestId('dashboard-classroom')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('dashboard-school')).toBeVisible();
  expect(failures).toEqual([]);
});

test('a manager of another district sees none of this one; the admin sees both and withdraws a link', async ({ browser }) => {
  const [north, south] = districts;
  const url = await managerUrl(south!.id);
  const token = new URL(url).searchParams.get('token')!;
  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await page.goto(url);
  await expect(page.getByTestId('dashboard-who')).toContainText(south!.name);
  await expect(page.getByTestId('school-row')).toHaveCount(south!.schools.length);
  const shown = await page.getByTestId('school-row').locator('th').allInnerTexts();
  for (const school of north!.schools) expect(shown.join('\n')).not.toContain(school.name);
  // The other district's school, asked for by address: refused, and nothing of it shown.
  await page.goto(`${url}&school=${north!.schools[0]!.id}`);
  await expect(page.getByTestId('dashboard-error')).toContainText(/does not allow/);
  await expect(page.getByTestId('classroom-row')).toHaveCount(0);
  expect((await fetch(`${server.url}/api/dashboard/overview?districtId=${north!.id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);

  // The admin, from its key: every district, and the district filter.
  await page.goto(`${server.url}/district#token=${ADMIN_TOKEN}`);
  await expect(page.getByTestId('dashboard-who')).toContainText('All districts');
  await expect(page.getByTestId('district-row')).toHaveCount(2);
  await expect(page.getByTestId('school-row')).toHaveCount(term.schoolIds.length);
  await page.getByTestId('filter-district').selectOption(north!.id);
  await expect(page.getByTestId('school-row')).toHaveCount(north!.schools.length);

  // The admin withdraws the other district's manager link on its page: the old one is refused.
  await page.goto(`${server.url}/admin#token=${ADMIN_TOKEN}`);
  await page.getByTestId('admin-tab-districts').click();
  await page.getByTestId(`district-links-${south!.id}`).click();
  await expect(page.getByTestId(`manager-link-${south!.id}`)).toHaveAttribute('href', /\/district\?token=/);
  await page.getByTestId(`manager-link-${south!.id}-revoke`).click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId(`manager-link-${south!.id}-revoked`)).toBeVisible();
  const fresh = local((await page.getByTestId(`manager-link-${south!.id}`).getAttribute('href'))!);
  expect(fresh).not.toBe(url);
  await page.goto(url);
  await expect(page.getByTestId('district-error')).toContainText(/withdrawn/);
  await page.goto(fresh);
  await expect(page.getByTestId('dashboard-who')).toContainText(south!.name);
});
