import { expect, type Page } from '@playwright/test';
import { demoCredentials, type DemoPerson } from './demo.ts';

/** Enrols the page's device with the store's demo code, or with `code` (a journey that needs its own device). */
export async function enrol(page: Page, store = 'store-north', code?: string) {
  await page.goto('/');
  await page.getByTestId('enrol-code').fill(code ?? demoCredentials().enrolmentCodes[store] ?? '');
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('sync-badge')).toBeVisible();
}

/** Scans the badge like a wedge scanner (fast keys, then Enter) and enters the PIN. */
export async function signIn(page: Page, person: DemoPerson, pin = person.pin) {
  const badge = page.getByTestId('signin-badge');
  await expect(badge).toBeVisible();
  await badge.focus();
  await page.keyboard.type(person.badge, { delay: 5 });
  await page.keyboard.press('Enter');
  await page.getByTestId('signin-pin').fill(pin);
  await page.getByTestId('signin-submit').click();
}

export async function expectSignedIn(page: Page, person: DemoPerson) {
  const [first = '', ...rest] = person.name.split(' ');
  const initial = rest.join(' ').charAt(0);
  await expect(page.getByTestId('signed-in-as')).toHaveText(initial ? `${first} ${initial}.` : first);
}

/** After the first visit the service worker installs; a reload puts the page under its control. */
export async function ensureServiceWorkerControl(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

export async function scan(page: Page, barcode: string) {
  const input = page.getByTestId('scan-input');
  await input.focus();
  // A keyboard-wedge scanner: keystrokes a few ms apart, then Enter.
  await page.keyboard.type(barcode, { delay: 5 });
  await page.keyboard.press('Enter');
}
