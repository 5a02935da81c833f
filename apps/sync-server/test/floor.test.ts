import { createHash } from 'node:crypto';
import { isValidPickupCode, pickupCodeDigestInput } from '@aisle/domain';
import { beforeAll, describe, expect, test } from 'vitest';
import { upsertChannel } from '../src/channels/channels.ts';
import { BACKENDS } from './support/backends.ts';
import { countRows, orderBody, useFixture, type Fixture } from './support/fixture.ts';
import { call, capture, pull, push } from './support/http.ts';
import { level, setAvailable } from './support/stock.ts';

const LONDON = { line1: '1 Strand', city: 'London', postalCode: 'WC2N 5DU', country: 'GB', geo: { lat: 51.507, lon: -0.127 } };

type Line = { lineId: string; sku: string; quantity: number; picked: number; shortPicked?: number };
type FoView = { id: string; locationId: string; status: string; lines: Line[]; shipments: { shipmentId: string; trackingNumber: string }[] };
type View = { id: string; status: string; fulfilmentOrders: FoView[]; shortfalls: { lineId: string; kind: string; quantity: number }[] };
type Result = { commandId: string; status: string; documentVersion?: number; reason?: { code: string; message: string } };

let seq = 0;
function envelope(command: Record<string, unknown>) {
  seq += 1;
  return { id: crypto.randomUUID(), deviceSeq: seq, createdAt: new Date().toISOString(), baseVersion: 1, command };
}

async function send(f: Fixture, token: string, command: Record<string, unknown>): Promise<Result> {
  const res = await push(f, token, [envelope(command)]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.results as Result[])[0]!;
}

async function applied(f: Fixture, token: string, command: Record<string, unknown>): Promise<void> {
  const result = await send(f, token, command);
  expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' });
}

async function view(f: Fixture, orderId: string): Promise<View> {
  const res = await call(f, 'GET', `/api/v1/orders/${orderId}`, { token: f.channelKey });
  expect(res.status).toBe(200);
  return res.body as unknown as View;
}

async function captureOrder(f: Fixture, body: unknown): Promise<View> {
  const res = await capture(f, body, `floor-${Math.random()}`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as unknown as View;
}

/** Every unit of every line, picked one scan at a time. */
async function pickAll(f: Fixture, token: string, fo: FoView): Promise<void> {
  for (const line of fo.lines) {
    for (let i = 0; i < line.quantity; i++) await applied(f, token, { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: line.lineId, quantity: 1 });
  }
}

async function webhooks(f: Fixture, orderId: string, event: string) {
  const { rows } = await f.db.query<{ body: { data: Record<string, unknown> } }>(
    `SELECT body FROM webhook_deliveries WHERE tenant_id = 't1' AND order_id = $1 AND event = $2 ORDER BY created_at, id`,
    [orderId, event],
  );
  return rows.map((r) => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body).data as Record<string, unknown>);
}

/** The ledger invariant for every stock row the tests touch: reserved is the sum of live reservations, nothing negative. */
async function expectLedgerHolds(f: Fixture) {
  const { rows } = await f.db.query<{ location_id: string; sku: string; on_hand: number; reserved: number; ledger: number }>(
    `SELECT s.location_id, s.sku, s.on_hand, s.reserved,
            (SELECT coalesce(sum(quantity), 0)::int FROM reservations r
              WHERE r.tenant_id = s.tenant_id AND r.location_id = s.location_id AND r.sku = s.sku AND r.status = 'live') AS ledger
       FROM stock_levels s WHERE s.tenant_id = 't1'`,
  );
  for (const r of rows) {
    expect(r.reserved, `${r.location_id}/${r.sku}`).toBe(r.ledger);
    expect(r.on_hand).toBeGreaterThanOrEqual(0);
  }
}

const shipOrder = (lines: { sku: string; quantity: number }[]) =>
  orderBody({ deliveryMethod: 'ship', pickupLocationId: undefined, shipTo: LONDON, lines });

describe.each(BACKENDS)('floor commands applied by the server on $name', (backend) => {
  const f = useFixture(backend);
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    await f.db.transaction((tx) =>
      upsertChannel(tx, { tenantId: 't1', id: 'web', kind: 'generic', webhookUrl: 'http://127.0.0.1:9/hooks', webhookSecret: 'floor-test-secret' }),
    );
    for (const location of ['store-a', 'store-b', 'wh']) tokens[location] = await f.enrol(location);
  });

  /** Only `at` has the SKU, so routing sends the order there. */
  async function onlyAt(at: string, sku: string, units: number) {
    for (const location of ['store-a', 'store-b', 'wh']) await setAvailable(f, location, sku, location === at ? units : 0);
  }

  test('[FX1] pick → pack → ship consumes the reservations, takes the units off the shelf and sends order.shipped with the tracking number', async () => {
    await onlyAt('store-a', 'MUG', 10);
    await onlyAt('store-a', 'TEA', 10);
    const order = await captureOrder(f, shipOrder([{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }]));
    const fo = order.fulfilmentOrders[0]!;
    expect(fo.locationId).toBe('store-a');
    const before = { mug: await level(f, 'store-a', 'MUG'), tea: await level(f, 'store-a', 'TEA') };
    const token = tokens['store-a']!;
    await pickAll(f, token, fo);
    const mug = fo.lines.find((l) => l.sku === 'MUG')!;
    const tea = fo.lines.find((l) => l.sku === 'TEA')!;
    // Two boxes, shipped one at a time: the first shipment consumes only what is in it.
    await applied(f, token, {
      type: 'pack',
      fulfilmentOrderId: fo.id,
      packages: [
        { packageId: 'BOX-1', lines: [{ lineId: mug.lineId, quantity: 2 }], weightGrams: 900 },
        { packageId: 'BOX-2', lines: [{ lineId: tea.lineId, quantity: 1 }] },
      ],
    });
    expect((await view(f, order.id)).fulfilmentOrders[0]!.status).toBe('packed');
    await applied(f, token, { type: 'ship', fulfilmentOrderId: fo.id, shipmentId: 'SHP-1', carrier: 'Own Fleet', trackingNumber: 'af 1234 5678', packageIds: ['BOX-1'] });
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ on_hand: before.mug.on_hand - 2, reserved: before.mug.reserved - 2 });
    expect(await level(f, 'store-a', 'TEA')).toMatchObject({ on_hand: before.tea.on_hand, reserved: before.tea.reserved });
    expect((await view(f, order.id)).fulfilmentOrders[0]!.status).toBe('packed');

    await applied(f, token, { type: 'ship', fulfilmentOrderId: fo.id, shipmentId: 'SHP-2', carrier: 'Own Fleet', trackingNumber: 'AF-99887766', packageIds: ['BOX-2'] });
    expect(await level(f, 'store-a', 'TEA')).toMatchObject({ on_hand: before.tea.on_hand - 1, reserved: before.tea.reserved - 1 });
    const after = await view(f, order.id);
    expect(after.fulfilmentOrders[0]!.status).toBe('shipped');
    expect(after.status).toBe('shipped');
    expect(after.fulfilmentOrders[0]!.shipments.map((x) => [x.shipmentId, x.trackingNumber]).sort()).toEqual([
      ['SHP-1', 'AF12345678'],
      ['SHP-2', 'AF-99887766'],
    ]);
    expect(await countRows(f.db, `reservations WHERE order_id = '${order.id}' AND status = 'live'`)).toBe(0);
    const shipped = await webhooks(f, order.id, 'order.shipped');
    // The test clock stands still, so both deliveries carry the same time: compare as a set.
    expect(shipped.map((d) => d.trackingNumber).sort()).toEqual(['AF-99887766', 'AF12345678']);
    expect(shipped.find((d) => d.shipmentId === 'SHP-1')!.lines).toEqual([{ lineId: mug.lineId, sku: 'MUG', quantity: 2 }]);
    // A package never ships twice.
    const again = await send(f, token, { type: 'ship', fulfilmentOrderId: fo.id, shipmentId: 'SHP-3', carrier: 'Own Fleet', trackingNumber: 'AF-11112222', packageIds: ['BOX-1'] });
    expect(again).toMatchObject({ status: 'rejected', reason: { code: 'not_packed' } });
    await expectLedgerHolds(f);
  });

  test('[FX2] staging issues a pickup code: the document keeps only its salted digest, the channel gets the code, and the handoff with it consumes the stock', async () => {
    await onlyAt('store-a', 'MUG', 10);
    await onlyAt('store-a', 'TEA', 10);
    const order = await captureOrder(f, orderBody({ pickupLocationId: 'store-a' }));
    const fo = order.fulfilmentOrders[0]!;
    const token = tokens['store-a']!;
    await pickAll(f, token, fo);
    await applied(f, token, { type: 'stage_for_pickup', fulfilmentOrderId: fo.id, bin: 'P-07' });

    const ready = await webhooks(f, order.id, 'order.ready_for_pickup');
    expect(ready).toHaveLength(1);
    const code = String(ready[0]!.pickupCode);
    expect(code).toMatch(/^[2-9A-Y]{4}-[2-9A-Y]{4}$/);
    expect(isValidPickupCode(code.replace('-', ''))).toBe(true);
    const { rows } = await f.db.query<{ pickup_code: { salt: string; sha256: string }; pickup_bin: string }>(
      'SELECT pickup_code, pickup_bin FROM fulfilment_orders WHERE id = $1',
      [fo.id],
    );
    const stored = rows[0]!;
    expect(stored.pickup_bin).toBe('P-07');
    expect(JSON.stringify(stored.pickup_code)).not.toContain(code.replace('-', ''));
    const digest = (typed: string) => createHash('sha256').update(pickupCodeDigestInput(stored.pickup_code.salt, typed)).digest('hex');
    expect(digest(code)).toBe(stored.pickup_code.sha256);

    const wrong = await send(f, token, {
      type: 'hand_off',
      fulfilmentOrderId: fo.id,
      verification: { method: 'pickup_code', digest: digest('AAAA-AAAA') },
      outcome: { kind: 'all' },
    });
    expect(wrong).toMatchObject({ status: 'rejected', reason: { code: 'pickup_code_mismatch' } });

    const before = await level(f, 'store-a', 'MUG');
    // Typed in lower case with a space: the digest is over the normalised code.
    await applied(f, token, {
      type: 'hand_off',
      fulfilmentOrderId: fo.id,
      verification: { method: 'pickup_code', digest: digest(code.toLowerCase().replace('-', ' ')) },
      outcome: { kind: 'all' },
    });
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ on_hand: before.on_hand - 2, reserved: before.reserved - 2 });
    expect((await view(f, order.id)).status).toBe('picked_up');
    const picked = await webhooks(f, order.id, 'order.picked_up');
    expect(picked[0]).toMatchObject({ outcome: 'all', notTaken: [] });
    await expectLedgerHolds(f);
  });

  test('[FX3] a partial handoff consumes what the customer took, releases the rest and raises a put-back task from the bin', async () => {
    await onlyAt('store-a', 'MUG', 10);
    await onlyAt('store-a', 'TEA', 10);
    const order = await captureOrder(f, orderBody({ pickupLocationId: 'store-a' }));
    const fo = order.fulfilmentOrders[0]!;
    const token = tokens['store-a']!;
    await pickAll(f, token, fo);
    await applied(f, token, { type: 'stage_for_pickup', fulfilmentOrderId: fo.id, bin: 'P-08' });
    const mug = fo.lines.find((l) => l.sku === 'MUG')!;
    const before = { mug: await level(f, 'store-a', 'MUG'), tea: await level(f, 'store-a', 'TEA') };
    await applied(f, token, {
      type: 'hand_off',
      fulfilmentOrderId: fo.id,
      verification: { method: 'id_checked' },
      outcome: { kind: 'some', lines: [{ lineId: mug.lineId, quantity: 1 }], reason: 'changed_mind' },
    });
    // MUG: 1 taken (consumed), 1 left (released, back on the shelf); TEA: nothing taken.
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ on_hand: before.mug.on_hand - 1, reserved: before.mug.reserved - 2 });
    expect(await level(f, 'store-a', 'TEA')).toMatchObject({ on_hand: before.tea.on_hand, reserved: before.tea.reserved - 1 });
    const { rows } = await f.db.query<{ reason: string; bin: string; lines: { sku: string; quantity: number }[] }>(
      `SELECT reason, bin, lines FROM restock_tasks WHERE fulfilment_order_id = $1`,
      [fo.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: 'not_taken_at_pickup', bin: 'P-08' });
    expect(rows[0]!.lines.map((l) => [l.sku, l.quantity]).sort()).toEqual([['MUG', 1], ['TEA', 1]]);
    expect((await view(f, order.id)).fulfilmentOrders[0]!.status).toBe('partially_picked_up');
    await expectLedgerHolds(f);
  });

  test('[FX4] short-pick "not in stock" zeroes that shelf (never below units picked for other orders), raises a count, and reroutes the line elsewhere', async () => {
    await onlyAt('store-a', 'MUG', 3);
    await onlyAt('store-a', 'TEA', 10);
    // Another order at store-a already has one MUG in a tote.
    const other = await captureOrder(f, shipOrder([{ sku: 'MUG', quantity: 1 }]));
    const otherFo = other.fulfilmentOrders[0]!;
    expect(otherFo.locationId).toBe('store-a');
    const token = tokens['store-a']!;
    await pickAll(f, token, otherFo);

    const order = await captureOrder(f, shipOrder([{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }]));
    const fo = order.fulfilmentOrders[0]!;
    expect(fo.locationId).toBe('store-a');
    const mug = fo.lines.find((l) => l.sku === 'MUG')!;
    // Only store-b can take the rerouted units now.
    await setAvailable(f, 'store-b', 'MUG', 5);
    await applied(f, token, { type: 'short_pick', fulfilmentOrderId: fo.id, reason: 'not_in_stock', scope: { kind: 'line', lineId: mug.lineId } });

    // The shelf is empty but the picked unit in the tote is still on the books, so it can still ship.
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ on_hand: 1, reserved: 1 });
    expect(await countRows(f.db, `count_tasks WHERE location_id = 'store-a' AND sku = 'MUG' AND status = 'open'`)).toBeGreaterThanOrEqual(1);
    const { rows: moves } = await f.db.query<{ delta: number }>(
      `SELECT delta FROM stock_movements WHERE location_id = 'store-a' AND sku = 'MUG' AND reason = 'short_pick_not_in_stock' ORDER BY at DESC LIMIT 1`,
    );
    expect(moves[0]?.delta).toBeLessThan(0);

    const after = await view(f, order.id);
    const moved = after.fulfilmentOrders.find((x) => x.id !== fo.id)!;
    expect(moved).toMatchObject({ locationId: 'store-b', status: 'assigned' });
    expect(moved.lines).toEqual([expect.objectContaining({ lineId: mug.lineId, sku: 'MUG', quantity: 2 })]);
    expect(after.fulfilmentOrders.find((x) => x.id === fo.id)!.lines.find((l) => l.lineId === mug.lineId)).toMatchObject({ shortPicked: 2 });
    expect(await level(f, 'store-b', 'MUG')).toMatchObject({ reserved: (await level(f, 'store-b', 'MUG')).ledger });
    const rerouted = await webhooks(f, order.id, 'order.rerouted');
    expect(rerouted[0]).toMatchObject({ fromLocationId: 'store-a', reason: 'not_in_stock' });

    // store-b's device receives the new work by replication.
    const docs = (await pull(f, tokens['store-b']!, null, 1000)).body.documents as { id: string }[];
    expect(docs.map((d) => d.id)).toContain(moved.id);

    // The other order's picked MUG still packs and ships: consuming it empties the books without going negative.
    await applied(f, token, { type: 'pack', fulfilmentOrderId: otherFo.id, packages: [{ packageId: 'B1', lines: [{ lineId: otherFo.lines[0]!.lineId, quantity: 1 }] }] });
    await applied(f, token, { type: 'ship', fulfilmentOrderId: otherFo.id, shipmentId: 'S1', carrier: 'Own Fleet', trackingNumber: 'AF-55554444', packageIds: ['B1'] });
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ on_hand: 0, reserved: 0 });
    await expectLedgerHolds(f);
  });

  test('[FX5] a reroute never returns to a location that gave the units up: the third refusal leaves the line unfillable', async () => {
    await onlyAt('store-a', 'PEN', 4);
    const order = await captureOrder(f, shipOrder([{ sku: 'PEN', quantity: 1 }]));
    let fo = order.fulfilmentOrders[0]!;
    expect(fo.locationId).toBe('store-a');
    // Both other locations have stock, and store-a too again: the reroute must still skip it.
    await setAvailable(f, 'store-b', 'PEN', 4);
    await setAvailable(f, 'wh', 'PEN', 4);
    const visited = [fo.locationId];
    for (let hop = 0; hop < 3; hop++) {
      await setAvailable(f, 'store-a', 'PEN', 4);
      await applied(f, tokens[fo.locationId]!, { type: 'short_pick', fulfilmentOrderId: fo.id, reason: 'damaged', scope: { kind: 'all' } });
      const current = await view(f, order.id);
      expect(current.fulfilmentOrders.find((x) => x.id === fo.id)!.status).toBe('rejected');
      const next = current.fulfilmentOrders.find((x) => x.status === 'assigned');
      if (!next) {
        expect(current.shortfalls).toEqual([expect.objectContaining({ kind: 'unfillable', quantity: 1 })]);
        break;
      }
      expect(visited).not.toContain(next.locationId);
      visited.push(next.locationId);
      fo = next;
    }
    expect(visited.sort()).toEqual(['store-a', 'store-b', 'wh']);
    expect(await countRows(f.db, `reservations WHERE order_id = '${order.id}' AND status = 'live'`)).toBe(0);
    await expectLedgerHolds(f);
  });

  test('[FX6] rejecting an order with picked units puts them back (task, released reservation) and reroutes them with the rest', async () => {
    await onlyAt('store-a', 'MUG', 5);
    await onlyAt('store-a', 'TEA', 5);
    const order = await captureOrder(f, shipOrder([{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }]));
    const fo = order.fulfilmentOrders[0]!;
    const token = tokens['store-a']!;
    const mug = fo.lines.find((l) => l.sku === 'MUG')!;
    await applied(f, token, { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: mug.lineId, quantity: 1 });
    await setAvailable(f, 'wh', 'MUG', 5);
    await setAvailable(f, 'wh', 'TEA', 5);
    const before = await level(f, 'store-a', 'MUG');
    await applied(f, token, { type: 'short_pick', fulfilmentOrderId: fo.id, reason: 'damaged', scope: { kind: 'all' } });
    // Damaged: one unit written off the shelf (the picked one is on its way back), both reservations released.
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ reserved: before.reserved - 2 });
    const { rows } = await f.db.query<{ reason: string; lines: { sku: string; quantity: number }[] }>(
      'SELECT reason, lines FROM restock_tasks WHERE fulfilment_order_id = $1',
      [fo.id],
    );
    expect(rows).toEqual([expect.objectContaining({ reason: 'rejected', lines: [expect.objectContaining({ sku: 'MUG', quantity: 1 })] })]);
    const after = await view(f, order.id);
    const moved = after.fulfilmentOrders.filter((x) => x.id !== fo.id);
    expect(moved.flatMap((x) => x.lines.map((l) => [l.sku, l.quantity])).sort()).toEqual([['MUG', 2], ['TEA', 1]]);
    expect(moved.every((x) => x.locationId !== 'store-a')).toBe(true);
    await expectLedgerHolds(f);
  });

  test('[FX7] a handoff recorded offline after the order was cancelled stands: the goods leave the books and the put-back task is withdrawn', async () => {
    await onlyAt('store-a', 'MUG', 10);
    await onlyAt('store-a', 'TEA', 10);
    const order = await captureOrder(f, orderBody({ pickupLocationId: 'store-a' }));
    const fo = order.fulfilmentOrders[0]!;
    const token = tokens['store-a']!;
    await pickAll(f, token, fo);
    await applied(f, token, { type: 'stage_for_pickup', fulfilmentOrderId: fo.id, bin: 'P-09' });
    const cancelled = await call(f, 'POST', `/api/v1/orders/${order.id}/cancel`, { token: f.channelKey, body: { reason: 'customer called' } });
    expect(cancelled.status).toBe(200);
    expect(await countRows(f.db, `restock_tasks WHERE fulfilment_order_id = '${fo.id}' AND status = 'open'`)).toBe(1);
    const before = await level(f, 'store-a', 'MUG');

    await applied(f, token, { type: 'hand_off', fulfilmentOrderId: fo.id, verification: { method: 'id_checked' }, outcome: { kind: 'all' } });
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ on_hand: before.on_hand - 2, reserved: before.reserved });
    expect(await countRows(f.db, `restock_tasks WHERE fulfilment_order_id = '${fo.id}' AND status = 'open'`)).toBe(0);
    expect(await countRows(f.db, `fulfilment_events WHERE fulfilment_order_id = '${fo.id}' AND type = 'late_handoff_recorded'`)).toBe(1);
    await expectLedgerHolds(f);
  });

  test('[FX8] an uncollected pickup expires: the units go back on sale, a put-back task is raised and the channel hears of it', async () => {
    await onlyAt('store-a', 'MUG', 10);
    await onlyAt('store-a', 'TEA', 10);
    const order = await captureOrder(f, orderBody({ pickupLocationId: 'store-a' }));
    const fo = order.fulfilmentOrders[0]!;
    const token = tokens['store-a']!;
    await pickAll(f, token, fo);
    await applied(f, token, { type: 'stage_for_pickup', fulfilmentOrderId: fo.id, bin: 'P-10' });
    const before = await level(f, 'store-a', 'MUG');
    await applied(f, token, { type: 'expire_pickup', fulfilmentOrderId: fo.id });
    expect(await level(f, 'store-a', 'MUG')).toMatchObject({ on_hand: before.on_hand, reserved: before.reserved - 2 });
    expect(await countRows(f.db, `restock_tasks WHERE fulfilment_order_id = '${fo.id}' AND reason = 'pickup_expired'`)).toBe(1);
    expect(await webhooks(f, order.id, 'order.pickup_expired')).toHaveLength(1);
    expect((await view(f, order.id)).fulfilmentOrders[0]!.status).toBe('expired');
    await expectLedgerHolds(f);
  });

  test('[FX9] a refused short-pick writes nothing: no stock change, no event, no count task', async () => {
    await onlyAt('store-a', 'MUG', 5);
    const order = await captureOrder(f, shipOrder([{ sku: 'MUG', quantity: 1 }]));
    const fo = order.fulfilmentOrders[0]!;
    const before = await level(f, 'store-a', 'MUG');
    const events = await countRows(f.db, `fulfilment_events WHERE fulfilment_order_id = '${fo.id}'`);
    // Refused by the domain: more units short than are open. Nothing of it may be written.
    const refused = await send(f, tokens['store-a']!, {
      type: 'short_pick',
      fulfilmentOrderId: fo.id,
      reason: 'not_in_stock',
      scope: { kind: 'line', lineId: fo.lines[0]!.lineId, quantity: 5 },
    });
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'quantity_exceeds_open' } });
    expect(await level(f, 'store-a', 'MUG')).toEqual(before);
    expect(await countRows(f.db, `fulfilment_events WHERE fulfilment_order_id = '${fo.id}'`)).toBe(events);
    expect(await countRows(f.db, `count_tasks WHERE fulfilment_order_id = '${fo.id}'`)).toBe(0);
  });
  test('[FX11] goods that left are gone: shipping units the books no longer show (a count went below a tote) stops on-hand at 0 and raises a count', async () => {
    await onlyAt('store-a', 'PEN', 3);
    const order = await captureOrder(f, shipOrder([{ sku: 'PEN', quantity: 1 }]));
    const fo = order.fulfilmentOrders[0]!;
    const token = tokens['store-a']!;
    await pickAll(f, token, fo);
    await applied(f, token, { type: 'pack', fulfilmentOrderId: fo.id, packages: [{ packageId: 'PB', lines: [{ lineId: fo.lines[0]!.lineId, quantity: 1 }] }] });
    // A blind count elsewhere in the store saw an empty shelf: the picked unit in the tote was not on it.
    await f.db.query("UPDATE stock_levels SET on_hand = 0 WHERE tenant_id = 't1' AND location_id = 'store-a' AND sku = 'PEN'");
    await applied(f, token, { type: 'ship', fulfilmentOrderId: fo.id, shipmentId: 'SX', carrier: 'Own Fleet', trackingNumber: 'AF-77776666', packageIds: ['PB'] });
    expect((await level(f, 'store-a', 'PEN')).on_hand).toBe(0);
    expect(await countRows(f.db, `count_tasks WHERE fulfilment_order_id = '${fo.id}' AND reason = 'consumed_below_on_hand'`)).toBe(1);
    await expectLedgerHolds(f);
  });
});
