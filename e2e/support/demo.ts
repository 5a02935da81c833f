import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect } from '@playwright/test';
import { E2E_DATA_DIR } from './env.ts';

export type DemoRole = 'associate' | 'picker' | 'returns' | 'manager' | 'counter_kiosk';

export interface DemoPerson {
  name: string;
  role: DemoRole;
  /** null: may sign in at every location. */
  locationId: string | null;
  badge: string;
  pin: string;
}

export interface DemoCredentials {
  channelKey: string;
  enrolmentCodes: Record<string, string>;
  adminKey: string;
  people: DemoPerson[];
}

/** What `npm start` prints, read back from the file it writes, as a person or script would. */
export function demoCredentials(): DemoCredentials {
  return JSON.parse(readFileSync(path.join(E2E_DATA_DIR, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
}

/**
 * A demo staff member who may sign in at `store`: their own store first, then
 * someone allowed everywhere. Without a role, someone who picks.
 */
export function demoPerson(store: string, role?: DemoRole): DemoPerson {
  const roles: readonly DemoRole[] = role ? [role] : ['associate', 'picker', 'manager'];
  const people = demoCredentials().people.filter((p) => roles.includes(p.role));
  const person = people.find((p) => p.locationId === store) ?? people.find((p) => p.locationId === null);
  if (!person) throw new Error(`the demo has nobody${role ? ` with role ${role}` : ''} for ${store}`);
  return person;
}

/** A fresh one-time enrolment code from the admin API: the demo's own codes are one per store. */
export async function issueEnrolmentCode(request: APIRequestContext, locationId: string): Promise<string> {
  const res = await request.post('/api/v1/admin/enrolment-codes', {
    headers: { Authorization: `Bearer ${demoCredentials().adminKey}` },
    data: { locationId },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

export interface CapturedOrder {
  id: string;
  orderNumber: string;
  status: string;
  fulfilmentOrders: { id: string; lines: { lineId: string; sku: string; gtin: string | null; quantity: number; picked: number }[] }[];
}

let n = 0;
export async function captureOrder(
  request: APIRequestContext,
  lines: { sku: string; quantity: number }[],
  store = 'store-north',
): Promise<CapturedOrder> {
  n += 1;
  const externalId = `E2E-${Date.now()}-${n}`;
  const res = await request.post('/api/v1/orders', {
    headers: { Authorization: `Bearer ${demoCredentials().channelKey}`, 'Idempotency-Key': externalId },
    data: {
      externalId,
      customer: { firstName: 'Mary', lastName: 'Jackson', email: 'mary@example.com' },
      deliveryMethod: 'pickup',
      pickupLocationId: store,
      lines,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as CapturedOrder;
}

export async function getOrder(request: APIRequestContext, id: string): Promise<CapturedOrder> {
  const res = await request.get(`/api/v1/orders/${id}`, { headers: { Authorization: `Bearer ${demoCredentials().channelKey}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as CapturedOrder;
}
