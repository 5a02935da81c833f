import { expect, test, type Page } from '@playwright/test';
import { captureOrder, demoPerson, issueEnrolmentCode } from '../support/demo.ts';
import { enrol } from '../support/device.ts';

/** The two devices the floor uses: a handheld scanner and a picker's tablet. */
const VIEWPORTS = [
  { name: 'handheld', width: 360, height: 640 },
  { name: 'tablet', width: 1280, height: 800 },
] as const;

/** Controls a gloved thumb must hit: visible buttons, inputs and links smaller than 48 × 48 CSS px. */
async function smallTargets(page: Page): Promise<{ checked: number; small: string[] }> {
  return page.evaluate(() => {
    const visible = Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [role="button"]'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      });
    const small = visible
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.height < 48 || r.width < 48;
      })
      .map((el) => {
        const r = el.getBoundingClientRect();
        return `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`;
      });
    return { checked: visible.length, small };
  });
}

async function check(page: Page, screen: string, viewport: string) {
  // Nothing wider than the screen: a handheld must never scroll sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${screen} at ${viewport} scrolls sideways`).toBe(true);
  const targets = await smallTargets(page);
  expect(targets.checked, `${screen} at ${viewport} has controls`).toBeGreaterThan(0);
  expect(targets.small, `${screen} at ${viewport}`).toEqual([]);
  await page.screenshot({ path: test.info().outputPath(`${viewport}-${screen}.png`), fullPage: true });
}

for (const viewport of VIEWPORTS) {
  test(`every floor screen fits a ${viewport.name} (${viewport.width}×${viewport.height}) with touch targets of at least 48 px`, async ({ page, request }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const order = await captureOrder(request, [{ sku: 'MUG-STONE', quantity: 1 }], 'store-south');
    await page.goto('/');
    await expect(page.getByTestId('enrol-code')).toBeVisible();
    await check(page, 'enrol', viewport.name);

    await enrol(page, 'store-south', await issueEnrolmentCode(request, 'store-south'));
    await expect(page.getByTestId('signin-badge')).toBeVisible();
    await check(page, 'sign-in-badge', viewport.name);
    const person = demoPerson('store-south');
    await page.getByTestId('signin-badge').focus();
    await page.keyboard.type(person.badge, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('signin-pin')).toBeVisible();
    await check(page, 'sign-in-pin', viewport.name);
    await page.getByTestId('signin-pin').fill(person.pin);
    await page.getByTestId('signin-submit').click();

    await expect(page.getByTestId('order-list')).toBeVisible();
    await expect(page.locator(`[data-testid="order-card"][data-order-number="${order.orderNumber}"]`)).toBeVisible();
    await check(page, 'orders', viewport.name);
    await page.locator(`[data-testid="order-card"][data-order-number="${order.orderNumber}"]`).click();
    await expect(page.getByTestId('order-screen')).toBeVisible();
    await check(page, 'order', viewport.name);
  });
}

