import { describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { orderBody, useFixture, type Fixture } from './support/fixture.ts';
import { call, capture, pickEnvelope, push } from './support/http.ts';
import { level, setAvailable } from './support/stock.ts';

type View = {
  id: string;
  status: string;
  deliveryMethod: string;
  fulfilmentOrders: { id: string; locationId: string; deliveryMethod: string; status: string; lines: { lineId: string; sku: string; quantity: number }[] }[];
  shortfalls: { lineId: string; kind: string; quantity: number; reason: string; locationId: string | null }[];
  routing: {
    outcome: string;
    explanation: { geo: { fallbackUsed: boolean; source: string }; filters: { ship: { filter: string; removed: { locationId: string }[] }[] }; candidates: { locationId: string }[] };
    pickupAlternatives: { stores: { locationId: string }[]; shipToHome: unknown } | null;
  };
};

const LONDON = { line1: '1 Strand', city: 'London', postalCode: 'WC2N 5DU', country: 'GB', geo: { lat: 51.507, lon: -0.127 } };

async function setStock(f: Fixture, locationId: string, sku: string, onHand: number) {
  await f.db.query('UPDATE stock_levels SET on_hand = $3, safety_stock = 0 WHERE tenant_id = $4 AND location_id = $1 AND sku = $2', [
    locationId,
    sku,
    onHand,
    locationId === 'store-z' ? 't2' : 't1',
  ]);
}

async function captureView(f: Fixture, body: unknown, key = `k-${Math.random()}`) {
  const res = await capture(f, body, key);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as unknown as View;
}

const ship = (lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) =>
  orderBody({ deliveryMethod: 'ship', pickupLocationId: undefined, shipTo: LONDON, lines, ...extra });

describe.each(BACKENDS)('routing on capture on $name', (backend) => {
  const f = useFixture(backend);

  test('a ship-to-home order goes to the cheapest location with stock, reserved there, with its explanation', async () => {
    const before = await level(f, 'store-a', 'MUG');
    const view = await captureView(f, ship([{ sku: 'MUG', quantity: 2 }]));
    expect(view.deliveryMethod).toBe('ship');
    expect(view.fulfilmentOrders).toEqual([expect.objectContaining({ locationId: 'store-a', deliveryMethod: 'ship', status: 'assigned' })]);
    expect(view.routing.outcome).toBe('fully_routed');
    expect(view.routing.explanation.candidates.map((c) => c.locationId).sort()).toEqual(['store-a', 'store-b', 'wh']);
    expect(view.routing.explanation.filters.ship.map((s) => s.filter)).toContain('max_distance');
    const after = await level(f, 'store-a', 'MUG');
    expect(after.reserved - before.reserved).toBe(2);
    expect(after.reserved).toBe(after.ledger);
  });

  test('without stock nearby the order goes elsewhere; a mixed order makes a pickup and a shipment', async () => {
    await setStock(f, 'store-a', 'PEN', 0);
    const shipped = await captureView(f, ship([{ sku: 'PEN', quantity: 1 }]));
    expect(shipped.fulfilmentOrders).toHaveLength(1);
    expect(shipped.fulfilmentOrders[0]!.locationId).not.toBe('store-a');

    const mixed = await captureView(
      f,
      orderBody({ deliveryMethod: 'pickup', pickupLocationId: 'store-a', shipTo: LONDON, lines: [{ sku: 'MUG', quantity: 1 }, { sku: 'PEN', quantity: 1, deliveryMethod: 'ship' }] }),
    );
    expect(mixed.deliveryMethod).toBe('mixed');
    const byMethod = Object.fromEntries(mixed.fulfilmentOrders.map((fo) => [fo.deliveryMethod, fo]));
    expect(byMethod.pickup).toMatchObject({ locationId: 'store-a', lines: [expect.objectContaining({ sku: 'MUG' })] });
    expect(byMethod.ship?.lines).toEqual([expect.objectContaining({ sku: 'PEN' })]);
    await setStock(f, 'store-a', 'PEN', 1000);
  });

  test('a pickup the chosen store cannot fill is not moved silently: unfillable there, with alternatives offered', async () => {
    await setStock(f, 'store-b', 'TEA', 0);
    const view = await captureView(f, orderBody({ pickupLocationId: 'store-b', shipTo: LONDON, lines: [{ sku: 'TEA', quantity: 1 }] }));
    expect(view.fulfilmentOrders).toEqual([]);
    expect(view.shortfalls).toEqual([expect.objectContaining({ lineId: 'L001', kind: 'unfillable', quantity: 1 })]);
    expect(view.routing.pickupAlternatives?.stores.map((s) => s.locationId)).toContain('store-a');
    expect(view.status).toBe('exception');
    await setStock(f, 'store-b', 'TEA', 1000);
  });

  test('no stock anywhere: backordered when inbound supply covers it, otherwise unfillable', async () => {
    for (const loc of ['store-a', 'store-b', 'wh']) await setStock(f, loc, 'PEN', 0);
    const none = await captureView(f, ship([{ sku: 'PEN', quantity: 3 }]));
    expect(none.shortfalls).toEqual([expect.objectContaining({ kind: 'unfillable', quantity: 3 })]);
    const eta = new Date(f.now.value.getTime() + 3 * 24 * 3600_000).toISOString();
    const inbound = await call(f, 'PUT', '/api/v1/inventory/inbound', {
      token: f.channelKey,
      body: { supplies: [{ id: 'po-pen', locationId: 'wh', sku: 'PEN', quantity: 10, eta, confidence: 1 }] },
    });
    expect(inbound.status).toBe(200);
    const back = await captureView(f, ship([{ sku: 'PEN', quantity: 3 }]));
    expect(back.shortfalls).toEqual([expect.objectContaining({ kind: 'backorder', quantity: 3, locationId: 'wh' })]);
    expect(back.fulfilmentOrders).toEqual([]);
    expect(back.status).toBe('backordered');
    for (const loc of ['store-a', 'store-b', 'wh']) await setStock(f, loc, 'PEN', 1000);
  });

  test('an address without coordinates still routes, and the decision says it used the fallback', async () => {
    const { geo: _geo, ...noGeo } = LONDON;
    const view = await captureView(f, ship([{ sku: 'MUG', quantity: 1 }], { shipTo: { ...noGeo, postalCode: 'SW1A 1AA' } }));
    expect(view.fulfilmentOrders).toHaveLength(1);
    expect(view.routing.explanation.geo).toMatchObject({ fallbackUsed: true, source: 'postal_prefix' });
  });

  test('capture answers what a later read and a replay answer, and writes every row of the order in its one write', async () => {
    for (const loc of ['store-a', 'store-b', 'wh']) await setStock(f, loc, 'TEA', 0);
    const body = orderBody({
      deliveryMethod: 'pickup',
      pickupLocationId: 'store-a',
      shipTo: LONDON,
      lines: [{ sku: 'MUG', quantity: 1 }, { sku: 'PEN', quantity: 2, deliveryMethod: 'ship' }, { sku: 'TEA', quantity: 1, deliveryMethod: 'ship' }],
    });
    const first = await capture(f, body, 'k-one-write');
    expect(first.status).toBe(201);
    const view = first.body as unknown as View & { orderNumber: string };
    expect(view.orderNumber).toMatch(/^A-\d+$/);
    expect(view.fulfilmentOrders.length).toBeGreaterThanOrEqual(2);
    expect(view.shortfalls).toEqual([expect.objectContaining({ lineId: 'L003', kind: 'unfillable', quantity: 1 })]);
    const got = await call(f, 'GET', `/api/v1/orders/${view.id}`, { token: f.channelKey });
    expect(got.body).toStrictEqual(first.body);
    const replay = await capture(f, body, 'k-one-write');
    expect(replay.body).toStrictEqual(first.body);

    const count = async (sql: string) => (await f.db.query<{ n: number }>(sql, [view.id])).rows[0]!.n;
    const fos = view.fulfilmentOrders.length;
    const foLines = view.fulfilmentOrders.reduce((n, fo) => n + fo.lines.length, 0);
    expect(await count('SELECT count(*)::int AS n FROM order_lines WHERE order_id = $1')).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM fulfilment_order_lines l JOIN fulfilment_orders fo ON fo.id = l.fulfilment_order_id WHERE fo.order_id = $1')).toBe(foLines);
    expect(await count("SELECT count(*)::int AS n FROM reservations WHERE order_id = $1 AND status = 'live'")).toBe(foLines);
    expect(await count("SELECT count(*)::int AS n FROM fulfilment_events e JOIN fulfilment_orders fo ON fo.id = e.fulfilment_order_id WHERE fo.order_id = $1 AND e.type = 'assigned'")).toBe(fos);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM replica_changes c JOIN fulfilment_orders fo ON fo.id = c.doc_id AND fo.location_id = c.location_id
          WHERE fo.order_id = $1 AND c.collection = 'fulfilment_orders' AND NOT c.deleted`,
      ),
    ).toBe(fos);
    for (const loc of ['store-a', 'store-b', 'wh']) await setStock(f, loc, 'TEA', 1000);
  });

  test('capacity used today is the count of fulfilment orders since local midnight, also after a UTC offset changes', async () => {
    const { loadRoutingLocations } = await import('../src/routing/inputs.ts');
    const exact = async () => {
      const { rows } = await f.db.query<{ id: string; n: number }>(
        `SELECT l.id, (SELECT count(*)::int FROM fulfilment_orders fo WHERE fo.tenant_id = l.tenant_id AND fo.location_id = l.id
                         AND fo.created_at >= date_trunc('day', $1::timestamptz + make_interval(mins => l.utc_offset_minutes))
                                              - make_interval(mins => l.utc_offset_minutes)) AS n
           FROM locations l WHERE l.tenant_id = 't1' ORDER BY l.id`,
        [f.now.value.toISOString()],
      );
      return Object.fromEntries(rows.map((r) => [r.id, r.n]));
    };
    const used = async () => Object.fromEntries((await loadRoutingLocations(f.db, 't1', f.now.value)).map((l) => [l.id, l.usedCapacityToday]));
    await captureView(f, ship([{ sku: 'MUG', quantity: 1 }]));
    await captureView(f, orderBody({ pickupLocationId: 'store-b', lines: [{ sku: 'PEN', quantity: 1 }] }));
    const before = await exact();
    expect(Object.values(before).some((n) => n > 0)).toBe(true);
    expect(await used()).toEqual(before);
    // A fulfilment order from 15 hours ago is yesterday at UTC+0 but today at UTC+10.
    const earlier = f.now.value;
    f.now.value = new Date(earlier.getTime() - 15 * 3600_000);
    await captureView(f, orderBody({ pickupLocationId: 'store-b', lines: [{ sku: 'PEN', quantity: 1 }] }));
    f.now.value = earlier;
    await f.db.query("UPDATE locations SET utc_offset_minutes = utc_offset_minutes + 600 WHERE tenant_id = 't1' AND id = 'store-b'");
    expect(await used()).toEqual(await exact());
    await captureView(f, orderBody({ pickupLocationId: 'store-b', lines: [{ sku: 'PEN', quantity: 1 }] }));
    expect(await used()).toEqual(await exact());
    await f.db.query("UPDATE locations SET utc_offset_minutes = utc_offset_minutes - 600 WHERE tenant_id = 't1' AND id = 'store-b'");
    expect(await used()).toEqual(await exact());
  });

  test('[INV] 24 concurrent captures for 10 units never oversell: exactly 10 are placed, reserved equals the ledger', async () => {
    for (const loc of ['store-a', 'store-b', 'wh']) await setStock(f, loc, 'TEA', loc === 'wh' ? 10 : 0);
    const before = await level(f, 'wh', 'TEA');
    const views = await Promise.all(Array.from({ length: 24 }, () => captureView(f, ship([{ sku: 'TEA', quantity: 1 }]))));
    const placed = views.filter((v) => v.fulfilmentOrders.length === 1);
    expect(placed).toHaveLength(10);
    expect(views.filter((v) => v.shortfalls.some((s) => s.kind === 'unfillable'))).toHaveLength(14);
    const after = await level(f, 'wh', 'TEA');
    expect(after.reserved - before.reserved).toBe(10);
    expect(after).toMatchObject({ on_hand: 10, ledger: after.reserved });
    for (const loc of ['store-a', 'store-b', 'wh']) await setStock(f, loc, 'TEA', 1000);
  });

  test('cancel releases the reservations and the device can no longer pick; a second cancel changes nothing', async () => {
    const token = await f.enrol('store-a');
    const before = await level(f, 'store-a', 'MUG');
    const view = await captureView(f, orderBody({ lines: [{ sku: 'MUG', quantity: 3 }] }));
    expect((await level(f, 'store-a', 'MUG')).reserved).toBe(before.reserved + 3);
    const fo = view.fulfilmentOrders[0]!;
    await push(f, token, [pickEnvelope(fo.id, 'L001')]);

    const cancelled = await call(f, 'POST', `/api/v1/orders/${view.id}/cancel`, { token: f.channelKey, body: { reason: 'customer changed their mind' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', fulfilmentOrders: [expect.objectContaining({ status: 'cancelled' })] });
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ reserved: before.reserved, ledger: before.reserved });
    const again = await call(f, 'POST', `/api/v1/orders/${view.id}/cancel`, { token: f.channelKey });
    expect(again.status).toBe(200);
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ reserved: before.reserved });

    const late = await push(f, token, [pickEnvelope(fo.id, 'L001')]);
    expect(late.body.results).toEqual([expect.objectContaining({ status: 'rejected', reason: expect.objectContaining({ code: 'not_pickable' }) })]);
    const { rows } = await f.db.query<{ type: string }>("SELECT type FROM fulfilment_events WHERE fulfilment_order_id = $1 AND type = 'restock_requested'", [fo.id]);
    expect(rows).toHaveLength(1);
    expect((await call(f, 'POST', '/api/v1/orders/nope/cancel', { token: f.channelKey })).status).toBe(404);
  });

  test('a cart hold takes units until it expires or is released; an expired hold never blocks an order', async () => {
    await setAvailable(f, 'store-b', 'PEN', 3);
    const base = (await level(f, 'store-b', 'PEN')).reserved;
    const hold = (quantity: number, ttlSeconds = 600) =>
      call(f, 'POST', '/api/v1/holds', { token: f.channelKey, body: { sku: 'PEN', quantity, locationId: 'store-b', ttlSeconds } });
    const first = await hold(2);
    expect(first).toMatchObject({ status: 201, body: { quantity: 2, locationId: 'store-b' } });
    expect(await hold(2)).toMatchObject({ status: 409, body: { available: 1, error: { field: 'quantity' } } });
    expect((await hold(1, 5)).status).toBe(400);
    expect(await level(f, 'store-b', 'PEN')).toMatchObject({ reserved: base + 2, ledger: base + 2 });

    const released = await call(f, 'DELETE', `/api/v1/holds/${String(first.body.id)}`, { token: f.channelKey });
    expect(released.body).toEqual({ released: 2 });
    expect((await call(f, 'DELETE', `/api/v1/holds/${String(first.body.id)}`, { token: f.channelKey })).body).toEqual({ released: 0 });

    expect((await hold(3, 60)).status).toBe(201);
    f.now.value = new Date(f.now.value.getTime() + 61_000);
    try {
      // Only store-b has PEN; the stale hold is swept by the capture itself.
      for (const loc of ['store-a', 'wh']) await setStock(f, loc, 'PEN', 0);
      const view = await captureView(f, orderBody({ pickupLocationId: 'store-b', lines: [{ sku: 'PEN', quantity: 3 }] }));
      expect(view.fulfilmentOrders).toEqual([expect.objectContaining({ locationId: 'store-b' })]);
      expect(await level(f, 'store-b', 'PEN')).toMatchObject({ reserved: base + 3, ledger: base + 3 });
    } finally {
      f.now.value = new Date(f.now.value.getTime() - 61_000);
      for (const loc of ['store-a', 'store-b', 'wh']) await setStock(f, loc, 'PEN', 1000);
    }
  });

  test('ATP per location and for the network, explained; bad queries are 400', async () => {
    await setStock(f, 'wh', 'PEN', 40);
    const res = await call(f, 'GET', '/api/v1/atp?sku=PEN', { token: f.channelKey });
    expect(res.status).toBe(200);
    const body = res.body as { atp: number; locations: { atp: number; explanation: { locationId: string; onHand: number } }[] };
    const wh = body.locations.find((l) => l.explanation.locationId === 'wh');
    expect(wh?.explanation.onHand).toBe(40);
    expect(body.atp).toBe(body.locations.reduce((n, l) => n + l.atp, 0));
    const one = await call(f, 'GET', '/api/v1/atp?sku=PEN&location=wh', { token: f.channelKey });
    expect((one.body as { locations: unknown[] }).locations).toHaveLength(1);
    expect((await call(f, 'GET', '/api/v1/atp', { token: f.channelKey })).body).toMatchObject({ error: { field: 'sku' } });
  });

  test('ATP checks the channel key first: 401 before 400, revoked keys, other tenants, unknown SKUs and other methods', async () => {
    expect((await call(f, 'GET', '/api/v1/atp?sku=PEN')).status).toBe(401);
    expect(await call(f, 'GET', '/api/v1/atp', { token: 'ck_nope' })).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect((await call(f, 'GET', '/api/v1/atp?sku=PEN', { token: 'ck_nope' })).status).toBe(401);
    const { issueChannelKey } = await import('../src/tenants/provision.ts');
    const key = await issueChannelKey(f.db, 't1', 'atp-probe');
    const ok = await call(f, 'GET', '/api/v1/atp?sku=PEN&location=wh', { token: key });
    expect(ok).toMatchObject({ status: 200, body: { sku: 'PEN', channel: 'atp-probe' } });
    const unknown = await call(f, 'GET', '/api/v1/atp?sku=NO-SUCH-SKU', { token: key });
    expect(unknown).toMatchObject({ status: 200, body: { sku: 'NO-SUCH-SKU', atp: 0, locations: [] } });
    const t2key = await issueChannelKey(f.db, 't2', 'web');
    const other = await call(f, 'GET', '/api/v1/atp?sku=PEN', { token: t2key });
    expect((other.body as { locations: { explanation: { locationId: string } }[] }).locations.map((l) => l.explanation.locationId)).not.toContain('wh');
    expect((await call(f, 'POST', '/api/v1/atp', { token: 'ck_nope', body: {} })).status).toBe(401);
    expect((await call(f, 'POST', '/api/v1/atp', { token: key, body: {} })).status).toBe(404);
    await f.db.query("UPDATE channel_keys SET revoked_at = now() WHERE channel = 'atp-probe'");
    expect((await call(f, 'GET', '/api/v1/atp?sku=PEN', { token: key })).status).toBe(401);
    expect((await call(f, 'GET', '/api/v1/atp?sku=', { token: key })).status).toBe(401);
  });

  test('routing policies: a draft is saved, a bad one is refused naming the field, promotion makes it route', async () => {
    const live = (await call(f, 'GET', '/api/v1/routing/policies/live', { token: f.channelKey })).body as { revision: number; policy: Record<string, unknown> };
    expect(live.revision).toBe(0);
    const policy = structuredClone(live.policy) as { filters: { maxDistance: { enabled: boolean; maxKm: number } } };
    policy.filters.maxDistance = { enabled: true, maxKm: 50 };
    const bad = await call(f, 'POST', '/api/v1/routing/policies', { token: f.channelKey, body: { policy: { ...policy, version: 99 } } });
    expect(bad).toMatchObject({ status: 422, body: { error: { code: 'invalid_body' } } });
    const draft = await call(f, 'POST', '/api/v1/routing/policies', { token: f.channelKey, body: { policy, note: 'London only' } });
    expect(draft).toMatchObject({ status: 201, body: { revision: 1, status: 'draft' } });
    expect((await call(f, 'POST', '/api/v1/routing/policies/1/promote', { token: f.channelKey })).body).toMatchObject({ status: 'live' });
    expect((await call(f, 'POST', '/api/v1/routing/policies/1/promote', { token: f.channelKey })).status).toBe(409);

    await setStock(f, 'store-a', 'PEN', 0);
    const view = await captureView(f, ship([{ sku: 'PEN', quantity: 1 }]));
    // Birmingham and Manchester are beyond 50 km of London: nowhere left to ship from.
    expect(view.fulfilmentOrders).toEqual([]);
    const removed = view.routing.explanation.filters.ship.find((s) => s.filter === 'max_distance')?.removed.map((r) => r.locationId);
    expect(removed?.sort()).toEqual(['store-b', 'wh']);
    await setStock(f, 'store-a', 'PEN', 1000);
  });
});

// A second instance needs a shared server database: PostgreSQL only (PGlite is in-process).
describe.each(BACKENDS.filter((b) => b.name === 'postgres'))('two instances on $name', (backend) => {
  const f = useFixture(backend);

  test('[INV] two server instances on one PostgreSQL never oversell between them', async () => {
    const peer = await f.openPeerApp!();
    for (const loc of ['store-a', 'store-b', 'wh']) await setStock(f, loc, 'MUG', loc === 'store-b' ? 12 : 0);
    const before = await level(f, 'store-b', 'MUG');
    const body = () => JSON.stringify(ship([{ sku: 'MUG', quantity: 1 }]));
    const post = (app: typeof f.app, i: number) =>
      app.request('/api/v1/orders', {
        method: 'POST',
        headers: { authorization: `Bearer ${f.channelKey}`, 'content-type': 'application/json', 'Idempotency-Key': `two-inst-${i}` },
        body: body(),
      });
    const responses = await Promise.all(Array.from({ length: 32 }, (_, i) => post(i % 2 === 0 ? f.app : peer, i)));
    const views = (await Promise.all(responses.map((r) => r.json()))) as View[];
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(views.filter((v) => v.fulfilmentOrders.length === 1)).toHaveLength(12);
    const after = await level(f, 'store-b', 'MUG');
    expect(after.reserved - before.reserved).toBe(12);
    expect(after.ledger).toBe(after.reserved);
    for (const loc of ['store-a', 'store-b', 'wh']) await setStock(f, loc, 'MUG', 1000);
  });
});
