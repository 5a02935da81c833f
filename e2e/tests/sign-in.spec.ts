import { expect, test, type Page } from '@playwright/test';
import { captureOrder, demoPerson, getOrder, issueEnrolmentCode } from '../support/demo.ts';
import { enrol, ensureServiceWorkerControl, expectSignedIn, scan, signIn } from '../support/device.ts';

// Each journey enrols its own device with a fresh code: the demo's codes are one per store and the walking skeleton spends them.
async function enrolNewDevice(page: Page, request: Parameters<typeof issueEnrolmentCode>[0], store = 'store-north') {
  await enrol(page, store, await issueEnrolmentCode(request, store));
}

test('signed in, a pick made offline is still sent after sign-out, and the sign-in screen shows no customer', async ({ page, context, request }) => {
  const order = await captureOrder(request, [{ sku: 'KETTLE-1L', quantity: 1 }]);
  const fo = order.fulfilmentOrders[0]!;
  const line = fo.lines[0]!;
  const pushed: { sessionId?: string }[] = [];
  page.on('request', (req) => {
    if (req.url().endsWith('/api/v1/sync/push') && req.method() === 'POST') {
      pushed.push(...((JSON.parse(req.postData() ?? '{}') as { commands?: { sessionId?: string }[] }).commands ?? []));
    }
  });

  await enrolNewDevice(page, request);
  // Enrolled but nobody signed in: the sign-in screen, and no orders.
  await expect(page.getByTestId('signin-badge')).toBeVisible();
  await expect(page.getByTestId('order-list')).toHaveCount(0);

  const person = demoPerson('store-north', 'associate');
  await signIn(page, person);
  await expectSignedIn(page, person);
  const card = page.locator(`[data-testid="order-card"][data-order-number="${order.orderNumber}"]`);
  await expect(card).toBeVisible();
  await ensureServiceWorkerControl(page);
  await expectSignedIn(page, person);
  await card.click();
  await expect(page.getByTestId('order-screen')).toBeVisible();
  const customer = (await page.locator('.order-header .muted').innerText()).split(' · ')[0]!;
  expect(customer).toBe('Mary J.');

  await context.setOffline(true);
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toHaveAttribute('data-online', 'false');
  await scan(page, line.gtin!);
  await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-kind', 'ok');
  await expect(badge).toHaveAttribute('data-pending', '1');

  // Signing out offline: the session goes, the pending pick stays.
  await page.getByTestId('signout').click();
  await expect(page.getByTestId('signin-badge')).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  await expect(page).toHaveURL(/\/$/);
  await expect(badge).toHaveAttribute('data-pending', '1');
  expect((await getOrder(request, order.id)).status).toBe('routed');

  // Back online with nobody signed in: the outbox drains and the server has the pick.
  await context.setOffline(false);
  await expect(badge).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  await expect.poll(async () => (await getOrder(request, order.id)).status, { timeout: 10_000 }).toBe('picked');
  expect(pushed.length).toBeGreaterThan(0);
  expect(pushed.every((command) => typeof command.sessionId === 'string' && command.sessionId.length > 0)).toBe(true);

  // Still the sign-in screen, and nothing from the replica on it.
  await expect(page.getByTestId('signin-badge')).toBeVisible();
  await expect(page.getByTestId('order-card')).toHaveCount(0);
  const text = await page.locator('body').innerText();
  for (const name of [customer, 'Ada L.', 'Grace H.', 'Alan T.']) expect(text).not.toContain(name);
  expect(text).not.toContain(order.orderNumber);
});

test('a wrong PIN is refused with a message; the right one signs in, typed with the keyboard alone', async ({ page, request }) => {
  await enrolNewDevice(page, request);
  const person = demoPerson('store-north', 'associate');
  const wrong = person.pin.replace(/.$/, (d) => String((Number(d) + 1) % 10));

  await signIn(page, person, wrong);
  const error = page.getByTestId('signin-error');
  await expect(error).toHaveAttribute('data-code', 'sign_in_failed');
  await expect(error).toContainText('badge and PIN do not match');
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  await expect(page.getByTestId('signin-pin')).toHaveValue('');
  await expect(page.getByTestId('signin-pin')).toHaveAttribute('type', 'password');

  // Still on the PIN step for the same badge: type the PIN and press Enter.
  await page.getByTestId('signin-pin').focus();
  await page.keyboard.type(person.pin, { delay: 60 });
  await page.keyboard.press('Enter');
  await expectSignedIn(page, person);
  await expect(page.getByTestId('order-list')).toBeVisible();
});

test('each role gets its own home: returns sees a note, a counter kiosk sees no orders', async ({ page, request }) => {
  await enrolNewDevice(page, request);

  await signIn(page, demoPerson('store-north', 'returns'));
  await expect(page.getByTestId('returns-coming')).toBeVisible();
  await expect(page.getByTestId('order-list')).toBeVisible();
  await page.getByTestId('order-card').first().click();
  await expect(page.getByTestId('order-screen')).toBeVisible();
  await expect(page.getByTestId('scan-input')).toHaveCount(0);
  await expect(page.getByTestId('pick-not-permitted')).toBeVisible();
  await page.getByTestId('signout').click();

  await signIn(page, demoPerson('store-north', 'counter_kiosk'));
  await expect(page.getByTestId('counter-mode')).toContainText('Counter mode');
  await expect(page.getByTestId('order-list')).toHaveCount(0);
  await expect(page.getByTestId('order-card')).toHaveCount(0);
});
