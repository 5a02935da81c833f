import { expect, test } from '@playwright/test';
import { captureOrder, demoPerson, getOrder } from '../support/demo.ts';
import { enrol, ensureServiceWorkerControl, expectSignedIn, scan, signIn } from '../support/device.ts';

test('an order from a channel is picked offline on a store device and reaches the server exactly once', async ({ page, context, request }) => {
  const order = await captureOrder(request, [
    { sku: 'MUG-STONE', quantity: 2 },
    { sku: 'KETTLE-1L', quantity: 1 },
  ]);
  const fo = order.fulfilmentOrders[0]!;

  const pushes: { body: string; authorization: string }[] = [];
  page.on('request', (req) => {
    if (req.url().endsWith('/api/v1/sync/push') && req.method() === 'POST') {
      pushes.push({ body: req.postData() ?? '', authorization: req.headers()['authorization'] ?? '' });
    }
  });

  await enrol(page);
  const picker = demoPerson('store-north');
  await signIn(page, picker);
  await expectSignedIn(page, picker);
  const card = page.locator(`[data-testid="order-card"][data-order-number="${order.orderNumber}"]`);
  await expect(card).toBeVisible();
  await ensureServiceWorkerControl(page);

  await card.click();
  await expect(page.getByTestId('order-screen')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/orders/${fo.id}$`));

  // Offline, and the app still opens: shell from the service worker, data from IndexedDB.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('order-screen')).toBeVisible();
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toHaveAttribute('data-online', 'false');

  let units = 0;
  for (const line of fo.lines) {
    for (let i = 0; i < line.quantity; i++) {
      await scan(page, line.gtin!);
      await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-kind', 'ok');
      units += 1;
      await expect(badge).toHaveAttribute('data-pending', String(units));
    }
  }
  for (const line of fo.lines) {
    await expect(page.locator(`[data-testid="line-row"][data-sku="${line.sku}"]`)).toHaveAttribute('data-picked', String(line.quantity));
  }
  // A barcode that is not on the order is refused and queues nothing.
  await scan(page, '4006381333931');
  await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-kind', 'error');
  await expect(badge).toHaveAttribute('data-pending', String(units));
  expect((await getOrder(request, order.id)).status).toBe('routed');

  // Back online: the outbox drains and the server has the picks.
  await context.setOffline(false);
  await expect(badge).toHaveAttribute('data-online', 'true', { timeout: 20_000 });
  await expect(badge).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  await expect(page.getByTestId('fo-status')).toHaveText(/picked/i);
  const synced = await getOrder(request, order.id);
  expect(synced.status).toBe('picked');
  expect(synced.fulfilmentOrders[0]!.lines.map((l) => l.picked)).toEqual(fo.lines.map((l) => l.quantity));

  // The same command ids pushed again: stored results come back, nothing is picked twice.
  expect(pushes.length).toBeGreaterThan(0);
  const sent = pushes[0]!;
  const replay = await request.post('/api/v1/sync/push', {
    headers: { Authorization: sent.authorization, 'Aisle-Protocol': '1', 'Content-Type': 'application/json' },
    data: sent.body,
  });
  expect(replay.status()).toBe(200);
  const results = ((await replay.json()) as { results: { status: string }[] }).results;
  expect(results.length).toBeGreaterThan(0);
  expect(results.every((r) => r.status === 'applied')).toBe(true);
  const after = await getOrder(request, order.id);
  expect(after.fulfilmentOrders[0]!.lines.map((l) => l.picked)).toEqual(fo.lines.map((l) => l.quantity));
  expect(after.status).toBe('picked');
});

test('an order captured while the device is open appears without a reload', async ({ page, request }) => {
  await enrol(page, 'store-south');
  await signIn(page, demoPerson('store-south'));
  await expect(page.getByTestId('order-list')).toBeVisible();
  const order = await captureOrder(request, [{ sku: 'BOWL-CER', quantity: 1 }], 'store-south');
  await expect(page.locator(`[data-testid="order-card"][data-order-number="${order.orderNumber}"]`)).toBeVisible();
});

test('the app is installable: manifest with 192 and 512 px icons, and a service worker', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = (await (await request.get(new URL(href!, page.url()).pathname)).json()) as {
    name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string }[];
  };
  expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png');
    expect(icon, size).toBeDefined();
    const res = await request.get(new URL(icon!.src, page.url()).pathname);
    expect(res.status()).toBe(200);
    // PNG width and height sit at bytes 16–23 of the IHDR chunk.
    const png = await res.body();
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(size);
  }
  const sw = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? '');
  expect(sw).toMatch(/sw\.js$/);
});

test('the app and the API docs run under the strict Content-Security-Policy without a single violation', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

  const app = await page.goto('/');
  expect(app?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(app?.headers()['x-frame-options']).toBe('DENY');
  // The React app rendered (its scripts and styles loaded) and the service worker registered under the policy.
  // (Enrolment codes are one-time and the other journeys use them.)
  await expect(page.getByTestId('enrol-submit')).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  expect(await violations()).toEqual([]);

  // The docs page renders its operations with its one inline script, allowed by hash.
  await page.goto('/api/docs');
  await expect(page.locator('#ops section').first()).toBeVisible();
  expect(await violations()).toEqual([]);
});
