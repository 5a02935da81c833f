import { describe, expect, test } from 'vitest';
import { reserveCartHolds } from '../src/inventory/hold-batcher.ts';
import { closeReservations, expireCartHolds, reserveAll } from '../src/inventory/reservations.ts';
import type { Db } from '../src/storage/db.ts';
import { BACKENDS } from './support/backends.ts';
import { countRows, useFixture } from './support/fixture.ts';
import { call } from './support/http.ts';

async function level(db: Db, locationId: string, sku: string) {
  const { rows } = await db.query<{ on_hand: number; reserved: number; safety_stock: number; ledger: number }>(
    `SELECT s.on_hand, s.reserved, s.safety_stock,
            (SELECT COALESCE(sum(quantity), 0)::int FROM reservations r
              WHERE r.tenant_id = s.tenant_id AND r.location_id = s.location_id AND r.sku = s.sku AND r.status = 'live') AS ledger
       FROM stock_levels s WHERE s.tenant_id = 't1' AND s.location_id = $1 AND s.sku = $2`,
    [locationId, sku],
  );
  return rows[0];
}

describe.each(BACKENDS)('inventory feed and reservations on $name', (backend) => {
  const f = useFixture(backend);
  const snapshot = (locationId: string, items: unknown[]) =>
    call(f, 'PUT', `/api/v1/inventory/locations/${locationId}/snapshot`, { token: f.channelKey, body: { items } });

  test('a snapshot sets on-hand for the listed SKUs and zeroes the ones it leaves out', async () => {
    expect((await snapshot('wh', [{ sku: 'MUG', onHand: 10, safetyStock: 2 }, { sku: 'TEA', onHand: 5 }])).status).toBe(200);
    expect(await level(f.db, 'wh', 'MUG')).toMatchObject({ on_hand: 10, safety_stock: 2 });
    expect((await snapshot('wh', [{ sku: 'MUG', onHand: 7 }])).status).toBe(200);
    expect(await level(f.db, 'wh', 'MUG')).toMatchObject({ on_hand: 7, safety_stock: 2 });
    expect(await level(f.db, 'wh', 'TEA')).toMatchObject({ on_hand: 0 });
  });

  test('bad snapshots are 4xx naming the field and change nothing', async () => {
    await snapshot('store-b', [{ sku: 'MUG', onHand: 4 }]);
    const cases: [unknown[], number, string][] = [
      [[{ sku: 'MUG', onHand: -1 }], 400, 'items.0.onHand'],
      [[{ sku: 'MUG', onHand: 1.5 }], 400, 'items.0.onHand'],
      [[{ sku: 'MUG', onHand: 1 }, { sku: 'NOPE', onHand: 1 }], 422, 'items.1.sku'],
    ];
    for (const [items, status, field] of cases) {
      const res = await snapshot('store-b', items);
      expect(res.status, field).toBe(status);
      expect(res.body, field).toMatchObject({ error: { field } });
    }
    expect((await snapshot('store-z', [{ sku: 'MUG', onHand: 1 }])).status).toBe(404);
    expect(await level(f.db, 'store-b', 'MUG')).toMatchObject({ on_hand: 4 });
  });

  test('deltas are applied once by id, and one that would go below zero rolls back the batch', async () => {
    await snapshot('store-a', [{ sku: 'TEA', onHand: 3 }]);
    const batch = { deltas: [{ id: 'd-1', locationId: 'store-a', sku: 'TEA', delta: 4, reason: 'receipt' }] };
    expect((await call(f, 'POST', '/api/v1/inventory/deltas', { token: f.channelKey, body: batch })).body).toEqual({ applied: 1, skipped: 0 });
    expect((await call(f, 'POST', '/api/v1/inventory/deltas', { token: f.channelKey, body: batch })).body).toEqual({ applied: 0, skipped: 1 });
    expect(await level(f.db, 'store-a', 'TEA')).toMatchObject({ on_hand: 7 });
    const movements = await countRows(f.db, 'stock_movements');
    const bad = await call(f, 'POST', '/api/v1/inventory/deltas', {
      token: f.channelKey,
      body: {
        deltas: [
          { id: 'd-2', locationId: 'store-a', sku: 'TEA', delta: -2, reason: 'damage' },
          { id: 'd-3', locationId: 'store-a', sku: 'TEA', delta: -9, reason: 'loss' },
        ],
      },
    });
    expect(bad).toMatchObject({ status: 422, body: { error: { field: 'deltas.1.delta' } } });
    expect(await level(f.db, 'store-a', 'TEA')).toMatchObject({ on_hand: 7 });
    expect(await countRows(f.db, 'stock_movements')).toBe(movements);
  });

  test('inbound supply is upserted by id and validated', async () => {
    const body = (confidence: number) => ({
      supplies: [{ id: 'po-1', locationId: 'wh', sku: 'PEN', quantity: 50, eta: '2026-12-01T00:00:00Z', confidence }],
    });
    expect((await call(f, 'PUT', '/api/v1/inventory/inbound', { token: f.channelKey, body: body(0.8) })).status).toBe(200);
    expect((await call(f, 'PUT', '/api/v1/inventory/inbound', { token: f.channelKey, body: body(0.5) })).status).toBe(200);
    const { rows } = await f.db.query<{ confidence: number }>("SELECT confidence FROM inbound_supply WHERE id = 'po-1'");
    expect(rows).toEqual([{ confidence: 0.5 }]);
    const bad = await call(f, 'PUT', '/api/v1/inventory/inbound', { token: f.channelKey, body: body(1.5) });
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'supplies.0.confidence' } } });
  });

  test('[INV] 32 clients racing for one SKU reserve exactly the stock there is, and reserved equals the ledger', async () => {
    await snapshot('store-b', [{ sku: 'TEA', onHand: 25, safetyStock: 5 }]);
    const attempts = 96;
    let granted = 0;
    const client = async (n: number) => {
      for (let i = n; i < attempts; i += 32) {
        const outcome = await f.db.transaction((tx) =>
          reserveAll(tx, 't1', [{ locationId: 'store-b', sku: 'TEA', quantity: 1, kind: 'order', orderId: `race-${i}` }], f.now.value),
        );
        if (outcome.ok) granted++;
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, n) => client(n)));
    expect(granted).toBe(20);
    expect(await level(f.db, 'store-b', 'TEA')).toMatchObject({ on_hand: 25, reserved: 20, ledger: 20 });
  });

  test('a multi-line reservation is all or nothing', async () => {
    await snapshot('store-a', [{ sku: 'MUG', onHand: 5 }, { sku: 'TEA', onHand: 1 }]);
    const result = await f.db
      .transaction(async (tx) => {
        const r = await reserveAll(tx, 't1', [
          { locationId: 'store-a', sku: 'MUG', quantity: 2, kind: 'order', orderId: 'aon' },
          { locationId: 'store-a', sku: 'TEA', quantity: 2, kind: 'order', orderId: 'aon' },
        ], f.now.value);
        if (!r.ok) throw Object.assign(new Error('insufficient'), { outcome: r });
        return r;
      })
      .catch((e: { outcome: unknown }) => e.outcome);
    expect(result).toMatchObject({ ok: false, failed: { sku: 'TEA' }, available: 1 });
    expect(await level(f.db, 'store-a', 'MUG')).toMatchObject({ reserved: 0, ledger: 0 });
  });

  test('release gives units back once; consume takes them off the shelf; expired cart holds are released', async () => {
    await snapshot('wh', [{ sku: 'MUG', onHand: 10, safetyStock: 0 }]);
    const reserve = (orderId: string, quantity: number, extra: object = {}) =>
      f.db.transaction((tx) => reserveAll(tx, 't1', [{ locationId: 'wh', sku: 'MUG', quantity, kind: 'order', orderId, ...extra }], f.now.value));
    await reserve('o-release', 3);
    await reserve('o-consume', 2);
    await reserve('o-hold', 4, { kind: 'cart_hold', expiresAt: new Date(f.now.value.getTime() + 15 * 60_000).toISOString() });
    expect(await level(f.db, 'wh', 'MUG')).toMatchObject({ on_hand: 10, reserved: 9, ledger: 9 });

    await f.db.transaction((tx) => closeReservations(tx, 't1', { orderId: 'o-release' }, 'released', f.now.value));
    await f.db.transaction((tx) => closeReservations(tx, 't1', { orderId: 'o-release' }, 'released', f.now.value));
    expect(await level(f.db, 'wh', 'MUG')).toMatchObject({ on_hand: 10, reserved: 6, ledger: 6 });

    await f.db.transaction((tx) => closeReservations(tx, 't1', { orderId: 'o-consume' }, 'consumed', f.now.value));
    expect(await level(f.db, 'wh', 'MUG')).toMatchObject({ on_hand: 8, reserved: 4, ledger: 4 });

    expect(await f.db.transaction((tx) => expireCartHolds(tx, 't1', f.now.value))).toBe(0);
    const later = new Date(f.now.value.getTime() + 16 * 60_000);
    expect(await f.db.transaction((tx) => expireCartHolds(tx, 't1', later))).toBe(4);
    expect(await level(f.db, 'wh', 'MUG')).toMatchObject({ on_hand: 8, reserved: 0, ledger: 0 });
  });

  test('[INV] cart holds on one row written together are decided in arrival order, each with its own answer', async () => {
    await snapshot('store-a', [{ sku: 'PEN', onHand: 6, safetyStock: 2 }]);
    const hold = (quantity: number) => ({
      tenantId: 't1', locationId: 'store-a', sku: 'PEN', quantity, now: f.now.value,
      expiresAt: new Date(f.now.value.getTime() + 600_000).toISOString(),
    });
    const outcomes = await f.db.transaction((tx) => reserveCartHolds(tx, [hold(3), hold(2), hold(1), hold(1)]));
    // 4 available: 3 fits, 2 does not (1 left) and takes nothing, 1 fits, then none is left.
    expect(outcomes.map((o) => (o.ok ? 'ok' : `no:${o.available}`))).toEqual(['ok', 'no:1', 'ok', 'no:0']);
    const ids = outcomes.flatMap((o) => (o.ok ? [o.reservationId] : []));
    const { rows } = await f.db.query<{ id: string; quantity: number; kind: string }>(
      'SELECT id, quantity, kind FROM reservations WHERE id = ANY($1::text[]) ORDER BY quantity DESC',
      [ids],
    );
    expect(rows).toEqual([{ id: ids[0], quantity: 3, kind: 'cart_hold' }, { id: ids[1], quantity: 1, kind: 'cart_hold' }]);
    expect(await level(f.db, 'store-a', 'PEN')).toMatchObject({ on_hand: 6, reserved: 4, ledger: 4 });
    await f.db.transaction((tx) => closeReservations(tx, 't1', { reservationIds: ids }, 'released', f.now.value));
  });

  test('[INV] 48 concurrent cart holds over HTTP for 20 units: 20 are granted, the rest are 409 with what is left', async () => {
    await snapshot('store-b', [{ sku: 'PEN', onHand: 25, safetyStock: 5 }]);
    const responses = await Promise.all(
      Array.from({ length: 48 }, () =>
        call(f, 'POST', '/api/v1/holds', { token: f.channelKey, body: { sku: 'PEN', quantity: 1, locationId: 'store-b', ttlSeconds: 600 } }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(20);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(28);
    for (const r of refused) expect(r).toMatchObject({ status: 409, body: { error: { code: 'conflict', field: 'quantity' }, available: 0 } });
    expect(new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(20);
    expect(await level(f.db, 'store-b', 'PEN')).toMatchObject({ on_hand: 25, reserved: 20, ledger: 20 });
    const unknown = await call(f, 'POST', '/api/v1/holds', { token: f.channelKey, body: { sku: 'PEN', quantity: 1, locationId: 'nowhere', ttlSeconds: 600 } });
    expect(unknown).toMatchObject({ status: 422, body: { error: { code: 'unknown_reference', field: 'locationId' } } });
  });

  if (backend.name === 'postgres') {
    test('[INV] cart holds from two server instances on one PostgreSQL never oversell between them', async () => {
      const peer = await f.openPeerApp!();
      await snapshot('wh', [{ sku: 'PEN', onHand: 30, safetyStock: 0 }]);
      const post = (app: typeof f.app) =>
        app.request('/api/v1/holds', {
          method: 'POST',
          headers: { authorization: `Bearer ${f.channelKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ sku: 'PEN', quantity: 1, locationId: 'wh', ttlSeconds: 600 }),
        });
      const responses = await Promise.all(Array.from({ length: 64 }, (_, i) => post(i % 2 === 0 ? f.app : peer)));
      expect(responses.filter((r) => r.status === 201)).toHaveLength(30);
      expect(responses.filter((r) => r.status === 409)).toHaveLength(34);
      expect(await level(f.db, 'wh', 'PEN')).toMatchObject({ on_hand: 30, reserved: 30, ledger: 30 });
    });
  }
});
