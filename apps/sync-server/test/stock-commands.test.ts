import { beforeAll, describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { useFixture, type Fixture } from './support/fixture.ts';
import { call, push } from './support/http.ts';

type Result = { commandId: string; status: string; documentVersion?: number; reason?: { code: string; message: string } };

let seq = 0;
function envelope(command: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  seq += 1;
  return { id: crypto.randomUUID(), deviceSeq: seq, createdAt: new Date().toISOString(), baseVersion: 0, command, ...extra };
}

/** Each write a second later than the last, so movements and tasks read back in the order they were made. */
function tick(f: Fixture) {
  f.now.value = new Date(f.now.value.getTime() + 1000);
}

async function sendEnvelope(f: Fixture, token: string, env: ReturnType<typeof envelope>): Promise<Result> {
  tick(f);
  const res = await push(f, token, [env]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.results as Result[])[0]!;
}

const send = (f: Fixture, token: string, command: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  sendEnvelope(f, token, envelope(command, extra));

async function stock(f: Fixture, locationId: string, sku: string) {
  const { rows } = await f.db.query<{ on_hand: number; reserved: number; count_seq: number }>(
    `SELECT on_hand, reserved, count_seq FROM stock_levels WHERE tenant_id = 't1' AND location_id = $1 AND sku = $2`,
    [locationId, sku],
  );
  return rows[0]!;
}

/** A fresh shelf: exactly `onHand` units, nothing reserved, no movements or tasks left by an earlier test. */
async function shelf(f: Fixture, locationId: string, sku: string, onHand: number) {
  await f.db.query(`UPDATE stock_levels SET on_hand = $3 WHERE tenant_id = 't1' AND location_id = $1 AND sku = $2`, [locationId, sku, onHand]);
  await f.db.query(`DELETE FROM stock_movements WHERE tenant_id = 't1' AND location_id = $1 AND sku = $2`, [locationId, sku]);
  await f.db.query(`DELETE FROM count_tasks WHERE tenant_id = 't1' AND location_id = $1 AND sku = $2`, [locationId, sku]);
  const level = await stock(f, locationId, sku);
  expect(level.reserved).toBe(0);
  return { onHand, countSeq: level.count_seq };
}

async function movements(f: Fixture, locationId: string, sku: string) {
  const { rows } = await f.db.query<{ delta: number; reason: string; source: string }>(
    `SELECT delta, reason, source FROM stock_movements WHERE tenant_id = 't1' AND location_id = $1 AND sku = $2 ORDER BY at, id`,
    [locationId, sku],
  );
  return rows;
}

async function tasks(f: Fixture, locationId: string, sku: string) {
  const { rows } = await f.db.query<{ reason: string; status: string }>(
    `SELECT reason, status FROM count_tasks WHERE tenant_id = 't1' AND location_id = $1 AND sku = $2 ORDER BY created_at, id`,
    [locationId, sku],
  );
  return rows;
}

/** A sale booked by the system of record while the devices were offline. */
async function sale(f: Fixture, locationId: string, sku: string, units: number) {
  tick(f);
  const res = await call(f, 'POST', '/api/v1/inventory/deltas', {
    token: f.channelKey,
    body: { deltas: [{ id: crypto.randomUUID(), locationId, sku, delta: -units, reason: 'sale_elsewhere' }] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe.each(BACKENDS)('stock commands pushed by devices on $name', (backend) => {
  const f = useFixture(backend);
  const tokens: { a1: string; a2: string } = { a1: '', a2: '' };

  beforeAll(async () => {
    tokens.a1 = await f.enrol('store-a');
    tokens.a2 = await f.enrol('store-a');
  });

  test('[SC1] two offline counts of one snapshot with a sale in between: the first moves on hand by counted − snapshot, the second is superseded and raises a recount', async () => {
    const snapshot = await shelf(f, 'store-a', 'MUG', 10);
    await sale(f, 'store-a', 'MUG', 2);

    const first = await send(f, tokens.a1, { type: 'cycle_count', sku: 'MUG', locationId: 'store-a', counted: 7, snapshot });
    expect(first).toMatchObject({ status: 'applied', documentVersion: snapshot.countSeq + 1 });
    // 10 on the books, 2 sold, the shelf had 3 fewer than the books: the sale is kept (not last-write-wins 7).
    expect(await stock(f, 'store-a', 'MUG')).toMatchObject({ on_hand: 5, count_seq: snapshot.countSeq + 1 });
    expect((await movements(f, 'store-a', 'MUG')).map((m) => [m.delta, m.reason])).toEqual([
      [-2, 'sale_elsewhere'],
      [-3, 'cycle_count'],
    ]);

    const second = await send(f, tokens.a2, { type: 'cycle_count', sku: 'MUG', locationId: 'store-a', counted: 9, snapshot });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'count_superseded' } });
    expect(await stock(f, 'store-a', 'MUG')).toMatchObject({ on_hand: 5, count_seq: snapshot.countSeq + 1 });
    expect(await tasks(f, 'store-a', 'MUG')).toEqual([{ reason: 'conflicting_counts', status: 'open' }]);

    // A third count that agrees with the applied one (same number) raises nothing more.
    const third = await send(f, tokens.a2, { type: 'cycle_count', sku: 'MUG', locationId: 'store-a', counted: 7, snapshot });
    expect(third).toMatchObject({ status: 'rejected', reason: { code: 'count_superseded' } });
    expect(await tasks(f, 'store-a', 'MUG')).toHaveLength(1);
    expect(await movements(f, 'store-a', 'MUG')).toHaveLength(2);
  });

  test('[SC2] a count below what moved since the snapshot stops at 0 and raises a recount for the unexplained units', async () => {
    const snapshot = await shelf(f, 'store-a', 'TEA', 10);
    await sale(f, 'store-a', 'TEA', 5);
    const result = await send(f, tokens.a1, { type: 'cycle_count', sku: 'TEA', locationId: 'store-a', counted: 2, snapshot });
    expect(result).toMatchObject({ status: 'applied' });
    expect((await stock(f, 'store-a', 'TEA')).on_hand).toBe(0);
    expect((await movements(f, 'store-a', 'TEA')).at(-1)).toMatchObject({ delta: -5, reason: 'cycle_count' });
    expect(await tasks(f, 'store-a', 'TEA')).toEqual([{ reason: 'count_below_movements', status: 'open' }]);
  });

  test('[SC3] a snapshot ahead of the stock level is refused', async () => {
    const snapshot = await shelf(f, 'store-a', 'TEA', 4);
    const result = await send(f, tokens.a1, { type: 'cycle_count', sku: 'TEA', locationId: 'store-a', counted: 4, snapshot: { ...snapshot, countSeq: snapshot.countSeq + 1 } });
    expect(result).toMatchObject({ status: 'rejected', reason: { code: 'invalid_snapshot' } });
  });

  test('[SC4] an adjustment moves on hand as a delta and writes a movement with its reason; the wrong direction and below zero are refused', async () => {
    await shelf(f, 'store-a', 'PEN', 6);
    await sale(f, 'store-a', 'PEN', 1);
    expect(await send(f, tokens.a1, { type: 'adjust_stock', sku: 'PEN', locationId: 'store-a', delta: -2, reason: 'damaged' })).toMatchObject({ status: 'applied' });
    expect((await stock(f, 'store-a', 'PEN')).on_hand).toBe(3);
    expect((await movements(f, 'store-a', 'PEN')).at(-1)).toMatchObject({ delta: -2, reason: 'damaged' });

    expect(await send(f, tokens.a1, { type: 'adjust_stock', sku: 'PEN', locationId: 'store-a', delta: 2, reason: 'damaged' })).toMatchObject({
      status: 'rejected',
      reason: { code: 'reason_direction' },
    });
    expect(await send(f, tokens.a1, { type: 'adjust_stock', sku: 'PEN', locationId: 'store-a', delta: -4, reason: 'lost' })).toMatchObject({
      status: 'rejected',
      reason: { code: 'below_zero' },
    });
    expect((await stock(f, 'store-a', 'PEN')).on_hand).toBe(3);
    expect(await movements(f, 'store-a', 'PEN')).toHaveLength(2);
  });

  test('[SC5] a replayed command id applies nothing twice', async () => {
    const snapshot = await shelf(f, 'store-a', 'MUG', 20);
    const count = envelope({ type: 'cycle_count', sku: 'MUG', locationId: 'store-a', counted: 18, snapshot });
    const adjust = envelope({ type: 'adjust_stock', sku: 'MUG', locationId: 'store-a', delta: 5, reason: 'found' });
    const firstCount = await sendEnvelope(f, tokens.a1, count);
    const firstAdjust = await sendEnvelope(f, tokens.a1, adjust);
    expect(firstCount.status).toBe('applied');
    expect(firstAdjust.status).toBe('applied');
    expect(await sendEnvelope(f, tokens.a1, count)).toEqual(firstCount);
    expect(await sendEnvelope(f, tokens.a1, adjust)).toEqual(firstAdjust);
    expect(await stock(f, 'store-a', 'MUG')).toMatchObject({ on_hand: 23, count_seq: snapshot.countSeq + 1 });
    expect(await movements(f, 'store-a', 'MUG')).toHaveLength(2);
    expect(await tasks(f, 'store-a', 'MUG')).toEqual([]);
  });

  test('[SC6] the location in the body is ignored: the device counts and adjusts its own store', async () => {
    const snapshot = await shelf(f, 'store-a', 'TEA', 8);
    await shelf(f, 'store-b', 'TEA', 8);
    expect(await send(f, tokens.a1, { type: 'cycle_count', sku: 'TEA', locationId: 'store-b', counted: 6, snapshot })).toMatchObject({ status: 'applied' });
    expect(await send(f, tokens.a1, { type: 'adjust_stock', sku: 'TEA', locationId: 'store-b', delta: -1, reason: 'expired' })).toMatchObject({ status: 'applied' });
    expect((await stock(f, 'store-a', 'TEA')).on_hand).toBe(5);
    expect((await stock(f, 'store-b', 'TEA')).on_hand).toBe(8);
    expect(await movements(f, 'store-b', 'TEA')).toEqual([]);
    const { rows } = await f.db.query<{ payload: { locationId: string } | string }>(
      `SELECT payload FROM commands WHERE tenant_id = 't1' AND type IN ('cycle_count', 'adjust_stock') AND payload->>'locationId' = 'store-b'`,
    );
    expect(rows).toEqual([]);
  });

  test('[SC7] a role without the permission is refused not_permitted and nothing moves', async () => {
    await shelf(f, 'store-a', 'PEN', 6);
    const sessionOf = async (role: string) => {
      const created = await call(f, 'POST', '/api/v1/admin/associates', { token: f.adminKey, body: { firstName: 'Sam', lastName: 'Roe', role, pin: '5555' } });
      expect(created.status).toBe(201);
      const signedIn = await call(f, 'POST', '/api/v1/sessions', { token: tokens.a2, body: { badge: String(created.body.badge), pin: '5555' } });
      expect(signedIn.status).toBe(201);
      return String(signedIn.body.sessionId);
    };
    const picker = await sessionOf('picker');
    const kiosk = await sessionOf('counter_kiosk');
    const level = await stock(f, 'store-a', 'PEN');
    const snapshot = { onHand: 6, countSeq: level.count_seq };
    expect(await send(f, tokens.a2, { type: 'adjust_stock', sku: 'PEN', locationId: 'store-a', delta: -1, reason: 'damaged' }, { sessionId: picker })).toMatchObject({
      status: 'rejected',
      reason: { code: 'not_permitted' },
    });
    expect(await send(f, tokens.a2, { type: 'cycle_count', sku: 'PEN', locationId: 'store-a', counted: 1, snapshot }, { sessionId: kiosk })).toMatchObject({
      status: 'rejected',
      reason: { code: 'not_permitted' },
    });
    // A picker may count.
    expect(await send(f, tokens.a2, { type: 'cycle_count', sku: 'PEN', locationId: 'store-a', counted: 5, snapshot }, { sessionId: picker })).toMatchObject({ status: 'applied' });
    expect(await movements(f, 'store-a', 'PEN')).toEqual([expect.objectContaining({ delta: -1, reason: 'cycle_count' })]);
  });
});
