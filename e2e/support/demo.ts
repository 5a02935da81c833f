import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect } from '@playwright/test';
import { E2E_DATA_DIR } from './env.ts';

export interface DemoCredentials {
  channelKey: string;
  enrolmentCodes: Record<string, string>;
}

/** What `npm start` prints, read back from the file it writes, as a person or script would. */
export function demoCredentials(): DemoCredentials {
  return JSON.parse(readFileSync(path.join(E2E_DATA_DIR, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
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
