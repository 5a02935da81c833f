import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { AisleDatabase } from '../src/db/database.ts';
import { pickByScan, planPickByScan } from '../src/features/pick/pick-by-scan.ts';
import { createSerialQueue } from '../src/lib/serial-queue.ts';
import { MUG_GTIN, TEA_GTIN, makeFulfilmentOrder } from './fixtures.ts';
import { createTestDatabase } from './test-database.ts';

const NOW = new Date('2026-11-27T11:00:00.000Z');

describe('planPickByScan', () => {
  const order = makeFulfilmentOrder();

  test('a GTIN picks one unit of its line, keeping what was scanned', () => {
    const plan = planPickByScan(order, MUG_GTIN);
    expect(plan).toMatchObject({ ok: true, command: { type: 'pick_line', lineId: 'l1', quantity: 1, barcode: MUG_GTIN } });
  });

  test('the same GTIN in another length (GTIN-14) matches', () => {
    expect(planPickByScan(order, `0${MUG_GTIN}`)).toMatchObject({ ok: true, line: { lineId: 'l1' } });
  });

  test('the exact SKU typed by hand matches', () => {
    expect(planPickByScan(order, ' TEA-01 ')).toMatchObject({ ok: true, line: { lineId: 'l2' } });
  });

  test('a code not on the order is refused', () => {
    expect(planPickByScan(order, '0036000291452')).toMatchObject({ ok: false, refusal: 'not_on_order' });
  });

  test('a complete line is refused', () => {
    const done = makeFulfilmentOrder({
      status: 'picking',
      lines: order.lines.map((l) => (l.lineId === 'l2' ? { ...l, picked: 1 } : l)),
    });
    expect(planPickByScan(done, TEA_GTIN)).toMatchObject({ ok: false, refusal: 'line_complete', message: 'Tea is already picked (1/1).' });
  });

  test('an order that is not open is refused', () => {
    expect(planPickByScan(makeFulfilmentOrder({ status: 'cancelled' }), MUG_GTIN)).toMatchObject({ ok: false, refusal: 'not_pickable' });
  });
});

describe('pickByScan', () => {
  let db: AisleDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
    await db.fulfilment_orders.insert(makeFulfilmentOrder({ version: 4 }));
  });
  afterEach(async () => {
    await db.remove();
  });

  test('an accepted scan is in the outbox by the time it resolves', async () => {
    const outcome = await pickByScan(db, 'fo-1', MUG_GTIN, NOW);
    expect(outcome).toMatchObject({ kind: 'ok', message: 'Picked 1 × Mug (1/2)' });
    const entries = await db.outbox.find().exec();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.toJSON()).toMatchObject({ state: 'pending', baseVersion: 4, fulfilmentOrderId: 'fo-1', command: { lineId: 'l1' } });
  });

  test('counts include earlier unsent picks', async () => {
    await pickByScan(db, 'fo-1', MUG_GTIN, NOW);
    expect(await pickByScan(db, 'fo-1', MUG_GTIN, NOW)).toMatchObject({ kind: 'ok', message: 'Picked 1 × Mug (2/2)' });
    expect(await pickByScan(db, 'fo-1', MUG_GTIN, NOW)).toMatchObject({ kind: 'error', refusal: 'line_complete' });
    expect(await db.outbox.count().exec()).toBe(2);
  });

  test('two quick scans of a one-unit line: the second is refused and nothing extra is written', async () => {
    const queue = createSerialQueue();
    const [first, second] = await Promise.all([
      queue(() => pickByScan(db, 'fo-1', TEA_GTIN, NOW)),
      queue(() => pickByScan(db, 'fo-1', TEA_GTIN, NOW)),
    ]);
    expect(first.kind).toBe('ok');
    expect(second).toMatchObject({ kind: 'error', refusal: 'line_complete' });
    expect(await db.outbox.count().exec()).toBe(1);
  });

  test('a wrong barcode writes nothing', async () => {
    expect(await pickByScan(db, 'fo-1', '0036000291452', NOW)).toMatchObject({ kind: 'error', refusal: 'not_on_order' });
    expect(await db.outbox.count().exec()).toBe(0);
  });

  test('an order missing from the replica is reported', async () => {
    expect(await pickByScan(db, 'fo-404', MUG_GTIN, NOW)).toMatchObject({ kind: 'error', refusal: 'not_found' });
  });
});
