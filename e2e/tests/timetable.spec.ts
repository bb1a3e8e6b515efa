import { expect, test } from '../fixtures/test.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from '../fixtures/server.ts';

// The admin's once-a-term work on the admin page: a school with a classroom, a teacher, more
// schools from a Chinese CSV file, a weekly lesson of the timetable seen in the week view; then
// the classroom's permanent projector link opens its day, and stops working once withdrawn.
let server: RunningServer;
test.beforeAll(async () => { server = await startServer(); });
test.afterAll(async () => { await server?.stop(); });

/** Today in Shanghai (the server's TIME_ZONE), its ISO weekday, and a date some days away. */
function shanghaiToday() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const plus = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return { today, weekday: new Date(`${today}T00:00:00Z`).getUTCDay() || 7, plus };
}

test('the admin sets up schools, a teacher and the timetable; a classroom\'s permanent link opens its day', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(`${server.url}/admin#token=${ADMIN_TOKEN}`);

  // A school with a classroom, made by hand.
  await admin.getByTestId('admin-tab-schools').click();
  await admin.getByTestId('new-school-name').fill('希望小学');
  await admin.getByTestId('new-school-submit').click();
  const school = admin.locator('li[data-testid^="school-"][data-name="希望小学"]');
  await expect(school).toBeVisible();
  await school.locator('[data-testid$="-name"]').fill('三年级一班');
  await school.locator('[data-testid$="-submit"]').click();
  const classroom = school.locator('li[data-testid^="classroom-"][data-name="三年级一班"]');
  await expect(classroom).toBeVisible();

  // More from a spreadsheet saved as CSV UTF-8 (with its byte order mark); a known classroom is found, not doubled.
  const csv = '\uFEFF学校,教室\r\n光明小学,一班\r\n光明小学,二班\r\n希望小学,三年级一班\r\n';
  await admin.getByTestId('csv-file').setInputFiles({ name: '学校.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await admin.getByTestId('csv-import-submit').click();
  await expect(admin.getByTestId('csv-import-result')).toContainText(/1 new schools, 2 new classrooms|新建 1 所学校、2 个教室/);
  await expect(admin.getByTestId('import-row-4')).toHaveAttribute('data-outcome', 'existing');
  await expect(admin.locator('li[data-testid^="school-"][data-name="光明小学"] li[data-testid^="classroom-"]')).toHaveCount(2);
  await expect(school.locator('li[data-testid^="classroom-"]')).toHaveCount(1);

  // A master teacher.
  await admin.getByTestId('admin-tab-teachers').click();
  await admin.getByTestId('new-teacher-name').fill('王老师');
  await admin.getByTestId('new-teacher-submit').click();
  await expect(admin.locator('li[data-testid^="teacher-"][data-name="王老师"]')).toBeVisible();

  // A weekly lesson on today's weekday for two classrooms of two schools.
  const { today, weekday, plus } = shanghaiToday();
  await admin.getByTestId('admin-tab-timetable').click();
  const form = admin.getByTestId('weekly-form');
  await form.getByTestId('weekly-title').fill('数学');
  await form.getByTestId('weekly-teacher').selectOption({ label: '王老师' });
  await form.locator('fieldset', { hasText: '希望小学' }).getByRole('checkbox', { name: '三年级一班' }).check();
  await form.locator('fieldset', { hasText: '光明小学' }).getByRole('checkbox', { name: '一班' }).check();
  await form.getByTestId('weekly-weekday').selectOption(String(weekday));
  await form.getByTestId('weekly-start').fill('08:00');
  await form.getByTestId('weekly-end').fill('08:45');
  await form.getByTestId('weekly-firstDate').fill(plus(-7));
  await form.getByTestId('weekly-lastDate').fill(plus(60));
  await form.getByTestId('weekly-save').click();
  await expect(admin.locator('li[data-testid^="weekly-"][data-title="数学"]')).toBeVisible();
  // This week's view shows it on today, 08:00–08:45, for two classrooms.
  const day = admin.getByTestId(`week-day-${today}`);
  await expect(day).toContainText('08:00–08:45');
  await expect(day).toContainText('数学');
  await expect(day).toContainText('王老师');

  // The classroom's permanent links, with the assistant's QR code for a phone.
  await admin.getByTestId('admin-tab-schools').click();
  await classroom.locator('[data-testid^="classroom-links-"]').click();
  const projectorLink = classroom.locator('[data-testid^="standing-projector-"]').first();
  await expect(classroom.locator('img[data-testid$="-qr"]')).toBeVisible();
  const url = (await projectorLink.getAttribute('href'))!;
  expect(url).toContain('/projector?token=');

  // Opened on the projector, the link shows who it is and today's lesson (it will join by itself later).
  const projector = await (await browser.newContext()).newPage();
  await projector.goto(url.replace(/^https?:\/\/[^/]+/, server.url));
  await expect(projector.getByTestId('standing-day')).toHaveAttribute('data-status', 'ready');
  await expect(projector.getByTestId('standing-who')).toHaveText('希望小学 · 三年级一班');
  await expect(projector.locator('[data-testid^="standing-lesson-"]')).toContainText('数学');

  // Withdrawn by the admin, the old link says so on its next load.
  await classroom.locator('[data-testid$="-revoke"]').first().click();
  await admin.getByTestId('confirm-ok').click();
  await expect(classroom.locator('[data-testid$="-revoked"]')).toBeVisible();
  expect(await projectorLink.getAttribute('href')).not.toBe(url);
  await projector.reload();
  await expect(projector.getByTestId('standing-day')).toHaveAttribute('data-status', 'fatal');
  await expect(projector.getByTestId('standing-day')).toContainText(/withdrawn|收回/);
});
