import { expect, test } from '../fixtures/test.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from '../fixtures/server.ts';

// The admin page as an operator uses it: create a lesson, come back later in a new tab, find the
// lesson in the server's list and get its links again (fresh tokens that work), with who is connected.
let server: RunningServer;
test.beforeAll(async () => { server = await startServer(); });
test.afterAll(async () => { await server?.stop(); });

test('an admin finds an earlier lesson in the list and gets its links again', async ({ browser }) => {
  const earlier = await server.createLesson(['Hill School', 'River School'], 'Fractions');
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(`${server.url}/admin#token=${ADMIN_TOKEN}`);

  // A lesson made on this page joins the top of the list.
  await admin.getByTestId('lesson-title-input').fill('Decimals');
  await admin.getByTestId('classroom-names').fill('Lake School');
  await admin.getByTestId('create-lesson').click();
  const created = admin.getByTestId('created-lesson');
  await expect(created).toContainText('Decimals');
  const list = admin.getByTestId('lesson-list');
  await expect(list.locator('tbody tr').first()).toContainText('Decimals');
  await expect(admin.getByTestId(`lesson-row-${earlier.id}`)).toContainText('Fractions');

  // The earlier lesson's links, signed again: its projector link opens a working projector.
  await admin.getByTestId(`open-lesson-${earlier.id}`).click();
  await expect(created).toHaveAttribute('data-lesson-id', earlier.id);
  const hill = earlier.classrooms[0]!;
  const projectorUrl = await admin.getByTestId(`projector-link-${hill.id}`).getAttribute('href');
  expect(projectorUrl).toContain('/projector?token=');
  const online = admin.getByTestId(`status-${hill.id}`).locator('[data-online="true"]');
  await expect(online).toHaveCount(0);
  const projector = await (await browser.newContext()).newPage();
  await projector.goto(projectorUrl!.replace(/^https?:\/\/[^/]+/, server.url));
  await expect(projector.getByTestId('projector')).toBeVisible();
  await expect.poll(async () => {
    await admin.getByTestId('refresh-lesson').click();
    return online.count();
  }).toBe(1);

  // Closing the projector page is leaving on purpose (the server then keeps no media for a
  // reconnect), not a network drop ("transport close").
  await projector.close();
  await expect.poll(() => server.logs.some((line) => line.includes('"role":"projector"') && line.includes('client namespace disconnect'))).toBe(true);
});

test('typing the key loads the list once the key is complete, without refusals on the way', async ({ browser }) => {
  await server.createLesson(['Hill School'], 'Typed');
  const admin = await (await browser.newContext()).newPage();
  const refused: string[] = [];
  admin.on('response', (response) => {
    if (response.url().includes('/api/lessons') && response.status() === 401) refused.push(response.url());
  });
  await admin.goto(`${server.url}/admin`);
  await admin.getByTestId('admin-token').pressSequentially(ADMIN_TOKEN, { delay: 40 });
  await expect(admin.getByTestId('lesson-list')).toContainText('Typed');
  await expect(admin.getByTestId('lesson-list-error')).toHaveCount(0);
  expect(refused).toEqual([]);
});

test('the admin withdraws a leaked lesson\'s links, then ends it: an open projector is told why each time', async ({ browser }) => {
  const lesson = await server.createLesson(['Hill School'], 'Leaked');
  const hill = lesson.classrooms[0]!;
  const projector = await (await browser.newContext()).newPage();
  await projector.goto(hill.projectorUrl.replace(/^https?:\/\/[^/]+/, server.url));
  await expect(projector.getByTestId('projector')).toBeVisible();

  const admin = await (await browser.newContext()).newPage();
  await admin.goto(`${server.url}/admin#token=${ADMIN_TOKEN}`);
  await admin.getByTestId(`open-lesson-${lesson.id}`).click();
  await admin.getByTestId('revoke-links').click();
  await admin.getByTestId('confirm-ok').click();
  await expect(admin.getByTestId('links-revoked')).toBeVisible();
  // The open projector is cut off and says why: its link was withdrawn.
  const status = projector.getByTestId('projector-status');
  await expect(status).toHaveAttribute('data-status', 'fatal');
  await expect(status).toContainText(/withdrawn|收回/);

  // The new link shown on the admin page works.
  const fresh = await admin.getByTestId(`projector-link-${hill.id}`).getAttribute('href');
  expect(fresh).not.toBe(hill.projectorUrl);
  await projector.goto(fresh!.replace(/^https?:\/\/[^/]+/, server.url));
  await expect(projector.getByTestId('projector')).toBeVisible();

  await admin.getByTestId('end-lesson').click();
  await admin.getByTestId('confirm-ok').click();
  await expect(status).toHaveAttribute('data-status', 'ended');
  await expect(admin.getByTestId(`lesson-row-phase-${lesson.id}`)).toHaveAttribute('data-phase', 'ended');
  await expect(admin.getByTestId(`lesson-row-${lesson.id}`)).toContainText(/ended by the admin|由管理员结束/);
});
