import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@aisle/domain/protocol';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { upsertChannel } from '../src/channels/channels.ts';
import { BACKENDS } from './support/backends.ts';
import { countRows, orderBody, useFixture, type Fixture } from './support/fixture.ts';
import { call, capture, push } from './support/http.ts';
import { level, setAvailable } from './support/stock.ts';

const LONDON = { line1: '1 Strand', city: 'London', postalCode: 'WC2N 5DU', country: 'GB', geo: { lat: 51.507, lon: -0.127 } };

type Line = { lineId: string; sku: string; quantity: number };
type FoView = { id: string; locationId: string; status: string; lines: Line[] };
type View = { id: string; status: string; fulfilmentOrders: FoView[] };
type Result = { commandId: string; status: string; documentVersion?: number; reason?: { code: string; message: string } };
type ReturnView = {
  id: string;
  status: string;
  version: number;
  refundedMinor: number;
  currency: string;
  lines: { returnLineId: string; orderLineId: string; status: string; quantity: number; receivedLocationId?: string; disposition?: string; refundMinor?: number }[];
};

let seq = 0;
function envelope(command: Record<string, unknown>, id: string = crypto.randomUUID()) {
  seq += 1;
  return { id, deviceSeq: seq, createdAt: new Date().toISOString(), baseVersion: 0, command };
}

async function send(f: Fixture, token: string, command: Record<string, unknown>, id?: string): Promise<Result> {
  const res = await push(f, token, [envelope(command, id)]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.results as Result[])[0]!;
}

async function applied(f: Fixture, token: string, command: Record<string, unknown>): Promise<Result> {
  const result = await send(f, token, command);
  expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' });
  return result;
}

function requestReturn(f: Fixture, orderId: string, body: unknown, key = `ret-${crypto.randomUUID()}`) {
  return call(f, 'POST', `/api/v1/orders/${orderId}/returns`, { token: f.channelKey, body, headers: { 'Idempotency-Key': key } });
}

async function listReturns(f: Fixture, orderId: string): Promise<ReturnView[]> {
  const res = await call(f, 'GET', `/api/v1/orders/${orderId}/returns`, { token: f.channelKey });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.returns as ReturnView[];
}

async function webhooks(f: Fixture, orderId: string, event: string) {
  const { rows } = await f.db.query<{ body: string | { data: Record<string, unknown> } }>(
    `SELECT body FROM webhook_deliveries WHERE tenant_id = 't1' AND order_id = $1 AND event = $2`,
    [orderId, event],
  );
  return rows.map((r) => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body).data as Record<string, unknown>);
}

/** Everything a returns command may write; a refusal must leave every count as it was. */
async function returnsFootprint(f: Fixture) {
  return {
    returns: await countRows(f.db, 'returns'),
    lines: await countRows(f.db, 'return_lines'),
    events: await countRows(f.db, 'return_events'),
    movements: await countRows(f.db, "stock_movements WHERE reason = 'return_restock'"),
    refunds: await countRows(f.db, "webhook_deliveries WHERE event = 'order.refunded'"),
    keys: await countRows(f.db, "idempotency_keys WHERE key LIKE 'returns/%'"),
  };
}

describe.each(BACKENDS)('returns applied by the server on $name', (backend) => {
  const f = useFixture(backend);
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    await f.db.transaction((tx) =>
      upsertChannel(tx, { tenantId: 't1', id: 'web', kind: 'generic', webhookUrl: 'http://127.0.0.1:9/hooks', webhookSecret: 'returns-test-secret' }),
    );
    for (const location of ['store-a', 'store-b']) tokens[location] = await f.enrol(location);
  });

  async function onlyAt(at: string, sku: string) {
    for (const location of ['store-a', 'store-b', 'wh']) await setAvailable(f, location, sku, location === at ? 20 : 0);
  }

  async function captured(body: unknown): Promise<View> {
    const res = await capture(f, body, `returns-${crypto.randomUUID()}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as unknown as View;
  }

  async function pickAll(token: string, fo: FoView) {
    for (const line of fo.lines) await applied(f, token, { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: line.lineId, quantity: line.quantity });
  }

  /** A priced ship order from store A, picked, packed and shipped through the floor commands: its units can come back. */
  async function shippedOrder(lines: { sku: string; quantity: number; unitPriceMinor?: number }[], currency: string | undefined = 'GBP'): Promise<View> {
    for (const l of lines) await onlyAt('store-a', l.sku);
    const order = await captured(orderBody({ deliveryMethod: 'ship', pickupLocationId: undefined, shipTo: LONDON, currency, lines }));
    const fo = order.fulfilmentOrders[0]!;
    expect(fo.locationId).toBe('store-a');
    const token = tokens['store-a']!;
    await pickAll(token, fo);
    const box = `BOX-${crypto.randomUUID().slice(0, 8)}`;
    await applied(f, token, { type: 'pack', fulfilmentOrderId: fo.id, packages: [{ packageId: box, lines: fo.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })) }] });
    await applied(f, token, { type: 'ship', fulfilmentOrderId: fo.id, shipmentId: `SHP-${box}`, carrier: 'Own Fleet', trackingNumber: `T${box}`, packageIds: [box] });
    return order;
  }

  /** A priced pickup order at store A, picked, staged and handed over at the counter. */
  async function pickedUpOrder(lines: { sku: string; quantity: number; unitPriceMinor: number }[]): Promise<View> {
    for (const l of lines) await onlyAt('store-a', l.sku);
    const order = await captured(orderBody({ pickupLocationId: 'store-a', currency: 'GBP', lines }));
    const fo = order.fulfilmentOrders[0]!;
    const token = tokens['store-a']!;
    await pickAll(token, fo);
    await applied(f, token, { type: 'stage_for_pickup', fulfilmentOrderId: fo.id, bin: 'P-01' });
    await applied(f, token, { type: 'hand_off', fulfilmentOrderId: fo.id, verification: { method: 'id_checked' }, outcome: { kind: 'all' } });
    return order;
  }

  const lineOf = (order: View, sku: string) => order.fulfilmentOrders[0]!.lines.find((l) => l.sku === sku)!.lineId;

  test('[RMA8][RR7][RF8] requested online, received at another store by push, restocked there at once, refunded by push: order.refunded carries the amount', async () => {
    const order = await shippedOrder([
      { sku: 'MUG', quantity: 2, unitPriceMinor: 1250 },
      { sku: 'TEA', quantity: 1, unitPriceMinor: 400 },
    ]);
    const mug = lineOf(order, 'MUG');
    const key = `ret-${crypto.randomUUID()}`;
    const body = { returnId: `RMA-${crypto.randomUUID()}`, lines: [{ orderLineId: mug, quantity: 1, reason: 'size_or_fit' }] };
    const requested = await requestReturn(f, order.id, body, key);
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const rma = requested.body as unknown as ReturnView;
    expect(rma).toMatchObject({ id: body.returnId, status: 'requested', version: 1, currency: 'GBP', refundedMinor: 0 });
    expect(rma.lines).toEqual([expect.objectContaining({ returnLineId: 'RL001', orderLineId: mug, quantity: 1, status: 'requested' })]);
    // The same key and body: the stored answer, nothing new.
    const replay = await requestReturn(f, order.id, body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.body).toEqual(requested.body);
    // The same return id under a new key, same lines: the return as it is.
    expect((await requestReturn(f, order.id, body)).status).toBe(200);
    expect(await listReturns(f, order.id)).toHaveLength(1);

    const atStoreB = { before: await level(f, 'store-b', 'MUG'), atp: (await call(f, 'GET', '/api/v1/atp?sku=MUG&location=store-b', { token: f.channelKey })).body.atp as number };
    const atStoreA = await level(f, 'store-a', 'MUG');
    const hints: string[] = [];
    const unsubscribe = f.notifier.subscribe('t1', 'store-b', () => hints.push('store-b'));
    // The body names store A; the device is at store B, and that is where the goods are.
    const received = await applied(f, tokens['store-b']!, {
      type: 'receive_return_line',
      orderId: order.id,
      returnId: body.returnId,
      returnLineId: 'RL001',
      orderLineId: mug,
      locationId: 'store-a',
      quantity: 1,
      reason: 'size_or_fit',
      condition: 'A',
    });
    unsubscribe();
    expect(received.documentVersion).toBe(2);
    // Store B's devices replicate its stock levels: they are told, and pull the new count.
    expect(hints.length).toBeGreaterThan(0);
    // A pull only returns changes older than every transaction in flight (SY1), and on PostgreSQL that spans the
    // other test files' transactions: wait for it rather than expect it on the first page.
    await vi.waitFor(
      async () => {
        const replica = await call(f, 'POST', '/api/v1/sync/pull', {
          token: tokens['store-b']!,
          body: { collection: 'stock_levels', checkpoint: null, limit: 500 },
          headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        });
        expect((replica.body.documents as { sku: string; onHand: number }[]).find((d) => d.sku === 'MUG')?.onHand).toBe(atStoreB.before.on_hand + 1);
      },
      { timeout: 5000, interval: 50 },
    );
    expect((await level(f, 'store-b', 'MUG')).on_hand).toBe(atStoreB.before.on_hand + 1);
    expect((await level(f, 'store-a', 'MUG')).on_hand).toBe(atStoreA.on_hand);
    const atp = await call(f, 'GET', '/api/v1/atp?sku=MUG&location=store-b', { token: f.channelKey });
    expect(atp.body.atp).toBe(atStoreB.atp + 1);
    const { rows: movements } = await f.db.query<{ location_id: string; delta: number; source: string }>(
      "SELECT location_id, delta, source FROM stock_movements WHERE reason = 'return_restock' AND source LIKE $1",
      [`%${body.returnId}%`],
    );
    expect(movements.map((m) => [m.location_id, m.delta])).toEqual([['store-b', 1]]);
    const [afterReceipt] = await listReturns(f, order.id);
    expect(afterReceipt).toMatchObject({ status: 'dispositioned', version: 2 });
    expect(afterReceipt!.lines[0]).toMatchObject({ status: 'dispositioned', receivedLocationId: 'store-b', disposition: 'restock' });

    const refunded = await applied(f, tokens['store-b']!, { type: 'refund_return', returnId: body.returnId });
    expect(refunded.documentVersion).toBe(3);
    const hooks = await webhooks(f, order.id, 'order.refunded');
    expect(hooks).toHaveLength(1);
    // Grade A, not the seller's fault, category `other`: the unit's price, no fee, no shipping.
    expect(hooks[0]).toMatchObject({ returnId: body.returnId, amountMinor: 1250, currency: 'GBP' });
    expect(hooks[0]!.lines).toEqual([
      expect.objectContaining({ returnLineId: 'RL001', orderLineId: mug, sku: 'MUG', quantity: 1, itemsMinor: 1250, restockingFeeMinor: 0, refundMinor: 1250 }),
    ]);
    const [done] = await listReturns(f, order.id);
    expect(done).toMatchObject({ status: 'refunded', version: 3, refundedMinor: 1250 });
    expect(await countRows(f.db, `notifications WHERE order_id = '${order.id}' AND kind = 'refund_issued'`)).toBe(1);
    // Nothing left to refund: a second refund is refused, and no second webhook is queued.
    expect(await send(f, tokens['store-b']!, { type: 'refund_return', returnId: body.returnId })).toMatchObject({ status: 'rejected', reason: { code: 'nothing_to_refund' } });
    expect(await webhooks(f, order.id, 'order.refunded')).toHaveLength(1);
  });

  test('[RQ2] the same unit cannot come back twice: refused online (409) and at the desk, and a refusal writes nothing', async () => {
    const order = await shippedOrder([{ sku: 'PEN', quantity: 1, unitPriceMinor: 300 }]);
    const pen = lineOf(order, 'PEN');
    const first = await requestReturn(f, order.id, { lines: [{ orderLineId: pen, quantity: 1, reason: 'no_longer_needed' }] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const footprint = await returnsFootprint(f);

    const again = await requestReturn(f, order.id, { lines: [{ orderLineId: pen, quantity: 1, reason: 'defective' }] });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'quantity_exceeds_returnable', field: 'lines.0.quantity' });

    const walkIn = await send(f, tokens['store-a']!, {
      type: 'receive_return_line',
      orderId: order.id,
      returnId: `RMA-${crypto.randomUUID()}`,
      returnLineId: 'W1',
      orderLineId: pen,
      locationId: 'store-a',
      quantity: 1,
      reason: 'defective',
      condition: 'A',
    });
    expect(walkIn).toMatchObject({ status: 'rejected', reason: { code: 'quantity_exceeds_returnable' } });

    expect(await returnsFootprint(f)).toEqual(footprint);
    expect(await listReturns(f, order.id)).toHaveLength(1);

    // Cancelling the request frees the unit (RMA9), after which a walk-in may take it.
    const rmaId = (first.body as unknown as ReturnView).id;
    await applied(f, tokens['store-a']!, { type: 'cancel_return', returnId: rmaId });
    await applied(f, tokens['store-a']!, {
      type: 'receive_return_line',
      orderId: order.id,
      returnId: `RMA-${crypto.randomUUID()}`,
      returnLineId: 'W1',
      orderLineId: pen,
      locationId: 'store-a',
      quantity: 1,
      reason: 'defective',
      condition: 'C',
    });
    expect((await listReturns(f, order.id)).map((r) => r.status).sort()).toEqual(['cancelled', 'dispositioned']);
  });

  test('[RQ2] two devices receive the last unit of an order at the same time: exactly one is applied', async () => {
    const order = await pickedUpOrder([{ sku: 'TEA', quantity: 1, unitPriceMinor: 500 }]);
    const tea = lineOf(order, 'TEA');
    const before = { a: (await level(f, 'store-a', 'TEA')).on_hand, b: (await level(f, 'store-b', 'TEA')).on_hand };
    const receive = (location: 'store-a' | 'store-b') =>
      send(f, tokens[location]!, {
        type: 'receive_return_line',
        orderId: order.id,
        returnId: `RMA-${location}-${crypto.randomUUID()}`,
        returnLineId: 'W1',
        orderLineId: tea,
        locationId: location,
        quantity: 1,
        reason: 'no_longer_needed',
        condition: 'A',
      });
    const results = await Promise.all([receive('store-a'), receive('store-b')]);
    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')!.reason!.code).toBe('quantity_exceeds_returnable');
    const after = { a: (await level(f, 'store-a', 'TEA')).on_hand, b: (await level(f, 'store-b', 'TEA')).on_hand };
    // Exactly one unit came back on the shelf, wherever it was received.
    expect(after.a - before.a + (after.b - before.b)).toBe(1);
    expect(await listReturns(f, order.id)).toHaveLength(1);
  });

  test('[SY2] a replayed return command id returns the stored result and applies nothing twice; another device cannot reuse it', async () => {
    const order = await pickedUpOrder([{ sku: 'MUG', quantity: 2, unitPriceMinor: 900 }]);
    const mug = lineOf(order, 'MUG');
    const id = crypto.randomUUID();
    const command = {
      type: 'receive_return_line',
      orderId: order.id,
      returnId: `RMA-${crypto.randomUUID()}`,
      returnLineId: 'W1',
      orderLineId: mug,
      locationId: 'store-a',
      quantity: 1,
      reason: 'no_longer_needed',
      condition: 'A',
    };
    const first = await send(f, tokens['store-a']!, command, id);
    expect(first).toMatchObject({ status: 'applied', documentVersion: 1 });
    const onHand = (await level(f, 'store-a', 'MUG')).on_hand;
    const footprint = await returnsFootprint(f);
    expect(await send(f, tokens['store-a']!, command, id)).toEqual(first);
    expect((await level(f, 'store-a', 'MUG')).on_hand).toBe(onHand);
    expect(await returnsFootprint(f)).toEqual(footprint);
    expect(await send(f, tokens['store-b']!, command, id)).toMatchObject({ status: 'rejected', reason: { code: 'command_id_reused' } });

    // A rejection is stored as well: the same id answers the same refusal even once the command would pass.
    const refusedId = crypto.randomUUID();
    const tooMany = { ...command, returnId: `RMA-${crypto.randomUUID()}`, quantity: 2 };
    const refused = await send(f, tokens['store-a']!, tooMany, refusedId);
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'quantity_exceeds_returnable' } });
    expect(await send(f, tokens['store-a']!, { ...tooMany, quantity: 1 }, refusedId)).toEqual(refused);
    expect(await returnsFootprint(f)).toEqual(footprint);
  });

  test('channel API: validation errors are 422 naming the field, refusals carry their domain code, unknown orders are 404', async () => {
    const order = await shippedOrder([{ sku: 'MUG', quantity: 1, unitPriceMinor: 700 }]);
    const mug = lineOf(order, 'MUG');
    const footprint = await returnsFootprint(f);

    const badQuantity = await requestReturn(f, order.id, { lines: [{ orderLineId: mug, quantity: 0, reason: 'other' }] });
    expect(badQuantity.status).toBe(422);
    expect(badQuantity.body.error).toMatchObject({ code: 'invalid_body', field: 'lines.0.quantity' });
    const badReason = await requestReturn(f, order.id, { lines: [{ orderLineId: mug, quantity: 1, reason: 'bored' }] });
    expect(badReason.body.error).toMatchObject({ code: 'invalid_body', field: 'lines.0.reason' });
    expect((await requestReturn(f, order.id, { lines: [] })).body.error).toMatchObject({ code: 'invalid_body', field: 'lines' });
    const notJson = await call(f, 'POST', `/api/v1/orders/${order.id}/returns`, { token: f.channelKey, rawBody: '{', headers: { 'Idempotency-Key': 'k-json' } });
    expect(notJson.status).toBe(400);
    const noKey = await call(f, 'POST', `/api/v1/orders/${order.id}/returns`, { token: f.channelKey, body: { lines: [{ orderLineId: mug, quantity: 1, reason: 'other' }] } });
    expect(noKey.body.error).toMatchObject({ code: 'missing_header', field: 'Idempotency-Key' });

    // Every line or none: the second line's refusal leaves the first unwritten too.
    const unknownLine = await requestReturn(f, order.id, {
      lines: [
        { orderLineId: mug, quantity: 1, reason: 'other' },
        { orderLineId: 'L999', quantity: 1, reason: 'other' },
      ],
    });
    expect(unknownLine.status).toBe(422);
    expect(unknownLine.body.error).toMatchObject({ code: 'order_line_not_found', field: 'lines.1.orderLineId' });
    expect((await requestReturn(f, 'no-such-order', { lines: [{ orderLineId: mug, quantity: 1, reason: 'other' }] })).status).toBe(404);
    expect((await call(f, 'GET', '/api/v1/orders/no-such-order/returns', { token: f.channelKey })).status).toBe(404);
    expect((await call(f, 'GET', `/api/v1/orders/${order.id}/returns`)).status).toBe(401);
    expect((await call(f, 'GET', `/api/v1/orders/${order.id}/returns`, { token: 'ck_not-a-key' })).status).toBe(401);

    // RF6: 30 days for `other` from the shipment; one day later the window is closed.
    const clock = f.now.value;
    f.now.value = new Date(clock.getTime() + 31 * 86_400_000);
    try {
      const late = await requestReturn(f, order.id, { lines: [{ orderLineId: mug, quantity: 1, reason: 'no_longer_needed' }] });
      expect(late.status).toBe(422);
      expect(late.body.error).toMatchObject({ code: 'outside_return_window', field: 'lines.0.orderLineId' });
    } finally {
      f.now.value = clock;
    }

    // Not shipped yet: nothing is returnable.
    await onlyAt('store-a', 'MUG');
    const open = await captured(orderBody({ pickupLocationId: 'store-a', currency: 'GBP', lines: [{ sku: 'MUG', quantity: 1, unitPriceMinor: 700 }] }));
    const early = await requestReturn(f, open.id, { lines: [{ orderLineId: lineOf(open, 'MUG'), quantity: 1, reason: 'other' }] });
    expect(early.body.error).toMatchObject({ code: 'quantity_exceeds_returnable' });

    // Captured without prices: Aisle cannot say what to refund, so it takes no return.
    const unpriced = await shippedOrder([{ sku: 'MUG', quantity: 1 }]);
    const noPrice = await requestReturn(f, unpriced.id, { lines: [{ orderLineId: lineOf(unpriced, 'MUG'), quantity: 1, reason: 'other' }] });
    expect(noPrice.status).toBe(422);
    expect(noPrice.body.error).toMatchObject({ code: 'order_not_priced' });
    expect(await returnsFootprint(f)).toEqual(footprint);
  });
});
