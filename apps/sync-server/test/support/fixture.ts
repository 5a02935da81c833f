import { gtinCheckDigit } from '@aisle/domain';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../src/app.ts';
import { issueEnrolmentCode } from '../../src/devices/enrolment.ts';
import type { Db } from '../../src/storage/db.ts';
import { ScopeNotifier } from '../../src/sync/notifier.ts';
import { PgScopeRelay } from '../../src/sync/scope-relay.ts';
import { putSnapshot } from '../../src/inventory/stock-feed.ts';
import { issueChannelKey, provisionTenant } from '../../src/tenants/provision.ts';
import { createAssociate, issueAdminKey } from '../../src/auth/associates.ts';
import { registerSession } from './http.ts';

const FIXTURE_PIN = '9182';
import type { Backend } from './backends.ts';

const gtin = (n: number) => {
  const body = `20${String(n).padStart(10, '0')}`;
  return body + gtinCheckDigit(body);
};

export const PRODUCTS = [
  { sku: 'MUG', name: 'Mug', gtin: gtin(1) },
  { sku: 'TEA', name: 'Tea', gtin: gtin(2) },
  { sku: 'PEN', name: 'Pen', gtin: null },
] as const;

export interface Fixture {
  db: Db;
  notifier: ScopeNotifier;
  app: ReturnType<typeof createApp>;
  channelKey: string;
  /** Tenant t1's admin key. */
  adminKey: string;
  /** Issues a fresh code and enrols a device at the location; returns its token. */
  enrol(locationId?: string): Promise<string>;
  issueCode(locationId?: string): Promise<string>;
  now: { value: Date };
  /** PostgreSQL only: a second server instance (own pool and app) on the same database. */
  openPeerApp?: () => Promise<ReturnType<typeof createApp>>;
}

/**
 * One database per test file (PGlite takes seconds to boot), tenant `t1` with
 * stores `store-a`, `store-b` and warehouse `wh`, and tenant `t2` with `store-z`.
 */
export function useFixture(backend: Backend): Fixture {
  const f = { now: { value: new Date('2026-11-27T09:00:00.000Z') } } as Fixture;
  let dispose: () => Promise<void>;
  const relays: PgScopeRelay[] = [];
  const managerBadges = new Map<string, string>();
  // On PostgreSQL every instance relays its scope hints to the others, as in production.
  let relayOptions: { connectionString: string; namespace: string } | undefined;
  const withRelay = async (notifier: ScopeNotifier) => {
    if (!relayOptions) return notifier;
    const relay = new PgScopeRelay({ ...relayOptions, notifier, log: () => undefined });
    await relay.start();
    relays.push(relay);
    return notifier;
  };
  beforeAll(async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    f.db = opened.db;
    relayOptions = opened.relay;
    const openPeer = opened.openPeer;
    if (openPeer) {
      f.openPeerApp = async () =>
        createApp({ db: await openPeer(), notifier: await withRelay(new ScopeNotifier()), clock: () => f.now.value, sseKeepAliveMs: 50, log: () => undefined });
    }
    await f.db.transaction(async (tx) => {
      await provisionTenant(tx, {
        id: 't1',
        name: 'Tenant One',
        locations: [
          { id: 'store-a', name: 'Store A', kind: 'store', geo: { lat: 51.5, lon: -0.12 }, postalCode: 'WC2N 5DU' },
          { id: 'store-b', name: 'Store B', kind: 'store', geo: { lat: 53.48, lon: -2.24 }, postalCode: 'M1 1AE' },
          { id: 'wh', name: 'Warehouse', kind: 'warehouse', geo: { lat: 52.48, lon: -1.9 }, postalCode: 'B1 1AA' },
        ],
        products: PRODUCTS,
      });
      await provisionTenant(tx, {
        id: 't2',
        name: 'Tenant Two',
        locations: [{ id: 'store-z', name: 'Store Z', kind: 'store', geo: { lat: 55.95, lon: -3.19 } }],
        products: PRODUCTS,
      });
      // Plenty everywhere, so tests about something else never run out; stock tests set their own.
      for (const [tenant, location] of [['t1', 'store-a'], ['t1', 'store-b'], ['t1', 'wh'], ['t2', 'store-z']] as const) {
        await putSnapshot(tx, tenant, location, PRODUCTS.map((p) => ({ sku: p.sku, onHand: 1000 })), f.now.value, 'fixture');
      }
    });
    f.channelKey = await issueChannelKey(f.db, 't1', 'web');
    f.adminKey = await issueAdminKey(f.db, 't1');
    f.notifier = await withRelay(new ScopeNotifier());
    f.app = createApp({ db: f.db, notifier: f.notifier, clock: () => f.now.value, sseKeepAliveMs: 50, log: () => undefined });
    f.issueCode = (locationId = 'store-a') => issueEnrolmentCode(f.db, locationId === 'store-z' ? 't2' : 't1', locationId, f.now.value);
    f.enrol = async (locationId = 'store-a') => {
      const code = await f.issueCode(locationId);
      const res = await f.app.request('/api/v1/devices/enrol', { method: 'POST', body: JSON.stringify({ code }) });
      if (res.status !== 201) throw new Error(`enrol failed: ${res.status} ${await res.text()}`);
      const token = ((await res.json()) as { token: string }).token;
      // A manager signs in, so the device's pushes carry a session (support/http.ts stamps it).
      const tenantId = locationId === 'store-z' ? 't2' : 't1';
      let badge = managerBadges.get(tenantId);
      if (!badge) {
        badge = (await f.db.transaction((tx) =>
          createAssociate(tx, { tenantId, firstName: 'Fixture', lastName: 'Manager', role: 'manager', locationId: null, pin: FIXTURE_PIN }, f.now.value),
        )).badge;
        managerBadges.set(tenantId, badge);
      }
      const signedIn = await f.app.request('/api/v1/sessions', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ badge, pin: FIXTURE_PIN }),
      });
      if (signedIn.status !== 201) throw new Error(`sign-in failed: ${signedIn.status} ${await signedIn.text()}`);
      registerSession(token, ((await signedIn.json()) as { sessionId: string }).sessionId);
      return token;
    };
  });
  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    await dispose?.();
  });
  return f;
}

let seq = 0;
export function orderBody(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    externalId: `EXT-${process.pid}-${seq}`,
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    deliveryMethod: 'pickup',
    pickupLocationId: 'store-a',
    lines: [
      { sku: 'MUG', quantity: 2 },
      { sku: 'TEA', quantity: 1 },
    ],
    ...overrides,
  };
}

export async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n ?? 0;
}
