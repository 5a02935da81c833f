import { describe, expect, test } from 'vitest';
import { checkInventoryInvariants, findStockLevel, type InventoryState } from '../../src/inventory/inventory-state.ts';
import {
  consume,
  convertHold,
  expireHolds,
  release,
  reserve,
  ReserveInput,
  type ReservationResult,
} from '../../src/inventory/reservations.ts';
import { restockReturnedUnits } from '../../src/inventory/restock.ts';
import { availableNow } from '../../src/inventory/atp.ts';
import { at, channel, ctx, frozen, inventory, level, MUG, NOW, oid, q, rid, STORE, TEA } from './fixtures.ts';

const LATER = '2026-11-27T10:15:00.000Z';

const order = (id: string, quantity: number, extra: Partial<ReserveInput> = {}): ReserveInput =>
  ReserveInput.parse({ id, sku: MUG, locationId: STORE, quantity, kind: 'order', orderId: 'ord-1', ...extra });
const hold = (id: string, quantity: number, expiresAt = LATER): ReserveInput =>
  ReserveInput.parse({ id, sku: MUG, locationId: STORE, quantity, kind: 'cart_hold', expiresAt });

function accepted(r: ReservationResult) {
  if (!r.ok) throw new Error(`expected acceptance, got ${r.error.code}: ${r.error.message}`);
  expect(checkInventoryInvariants(r.value.state)).toEqual([]);
  return r.value;
}
const code = (r: ReservationResult): string | null => (r.ok ? null : r.error.code);
const mug = (s: InventoryState) => findStockLevel(s, MUG, STORE)!;

describe('reservations', () => {
  test('[RS1] a reservation takes only unreserved stock on hand, never inbound', () => {
    const s = inventory(
      level({ onHand: 5, safetyStock: 1, inbound: [{ quantity: 100, eta: '2026-11-28T00:00:00.000Z', confidence: 1 }] }),
    );
    expect(code(reserve(s, order('r1', 5), ctx))).toBe('insufficient_stock');
    const { state, events } = accepted(reserve(s, order('r1', 4), ctx));
    expect(mug(state).reserved).toBe(4);
    expect(events).toEqual([expect.objectContaining({ type: 'reservation_created', reservationId: 'r1', quantity: 4, kind: 'order' })]);
    expect(code(reserve(state, order('r2', 1), ctx))).toBe('insufficient_stock');
  });

  test('[RS1] insufficient stock carries the ATP explanation, for the demand channel', () => {
    const s = inventory(level({ onHand: 5, reserved: 0, channelBuffers: [{ channelId: 'marketplace', units: 2 }] }));
    const r = reserve(s, order('r1', 4, { channel: channel('marketplace') }), ctx);
    if (r.ok) throw new Error('expected a refusal');
    expect(r.error.code).toBe('insufficient_stock');
    expect(r.error.atp?.atp).toBe(3);
    expect(r.error.atp?.explanation).toMatchObject({ onHand: 5, channel: 'marketplace', channelBuffer: 2, basis: 'on_hand_only' });
    expect(r.error.message).toContain('4 wanted, 3 available');
    accepted(reserve(s, order('r1', 4, { channel: channel('web') }), ctx));
  });

  test('[RS1] a SKU never stocked at the location has nothing to reserve', () => {
    const r = reserve(inventory(level()), order('r1', 1, { sku: TEA }), ctx);
    expect(code(r)).toBe('insufficient_stock');
    expect(r.ok ? null : r.error.atp?.explanation.onHand).toBe(0);
  });

  test('[RS2] a cart hold needs an expiry in the future; an order reservation has none', () => {
    const s = inventory(level());
    const noExpiry = ReserveInput.parse({ id: 'h1', sku: MUG, locationId: STORE, quantity: 1, kind: 'cart_hold' });
    expect(code(reserve(s, noExpiry, ctx))).toBe('hold_needs_expiry');
    expect(code(reserve(s, hold('h1', 1, NOW), ctx))).toBe('expiry_not_in_future');
    expect(code(reserve(s, order('r1', 1, { expiresAt: LATER }), ctx))).toBe('order_reservation_cannot_expire');
    accepted(reserve(s, hold('h1', 1), ctx));
  });

  test('[RS3] a reservation id is used once, live or closed', () => {
    const s1 = accepted(reserve(inventory(level()), order('r1', 1), ctx)).state;
    expect(code(reserve(s1, order('r1', 1), ctx))).toBe('duplicate_reservation');
    const s2 = accepted(release(s1, { id: rid('r1') }, ctx)).state;
    expect(code(reserve(s2, order('r1', 1), ctx))).toBe('duplicate_reservation');
  });

  test('[RS4] release gives units back, in part or in full', () => {
    const s0 = accepted(reserve(inventory(level({ onHand: 5 })), order('r1', 3), ctx)).state;
    const part = accepted(release(s0, { id: rid('r1'), quantity: q(1) }, ctx));
    expect(mug(part.state).reserved).toBe(2);
    expect(availableNow(mug(part.state)).atp).toBe(3);
    expect(part.events).toEqual([expect.objectContaining({ type: 'reservation_released', quantity: 1, remaining: 2 })]);
    const all = accepted(release(part.state, { id: rid('r1') }, ctx));
    expect(mug(all.state).reserved).toBe(0);
    expect(all.events[0]).toMatchObject({ quantity: 2, remaining: 0 });
  });

  test('[RS4] release refusals say precisely why', () => {
    const s0 = accepted(reserve(inventory(level({ onHand: 5 })), order('r1', 3), ctx)).state;
    expect(code(release(s0, { id: rid('r1'), quantity: q(4) }, ctx))).toBe('quantity_exceeds_reservation');
    expect(code(release(s0, { id: rid('nope') }, ctx))).toBe('unknown_reservation');
    const released = accepted(release(s0, { id: rid('r1') }, ctx)).state;
    expect(code(release(released, { id: rid('r1') }, ctx))).toBe('already_released');
    const s1 = accepted(reserve(s0, order('r2', 1), ctx)).state;
    const consumed = accepted(consume(s1, { id: rid('r2') }, ctx)).state;
    expect(code(release(consumed, { id: rid('r2') }, ctx))).toBe('already_consumed');
    expect(code(consume(consumed, { id: rid('r2') }, ctx))).toBe('already_consumed');
    const h = accepted(reserve(s0, hold('h1', 1), ctx)).state;
    const expired = expireHolds(h, LATER).state;
    expect(code(release(expired, { id: rid('h1') }, ctx))).toBe('already_released');
  });

  test('[RS5] consume lowers on hand and reserved together, in part or in full', () => {
    const s0 = accepted(reserve(inventory(level({ onHand: 5 })), order('r1', 3), ctx)).state;
    const part = accepted(consume(s0, { id: rid('r1'), quantity: q(2) }, ctx));
    expect(mug(part.state)).toMatchObject({ onHand: 3, reserved: 1 });
    const rest = accepted(consume(part.state, { id: rid('r1') }, ctx));
    expect(mug(rest.state)).toMatchObject({ onHand: 2, reserved: 0 });
    expect(rest.events).toEqual([expect.objectContaining({ type: 'reservation_consumed', quantity: 1, remaining: 0 })]);
  });

  test('[RS5] a cart hold cannot be consumed', () => {
    const s = accepted(reserve(inventory(level()), hold('h1', 1), ctx)).state;
    expect(code(consume(s, { id: rid('h1') }, ctx))).toBe('not_an_order_reservation');
  });

  test('[RS5] a shipment beyond the books stops on hand at zero and asks for a recount', () => {
    // Reserved 3, then 2 found damaged: the books say 1, the picker shipped 3 anyway.
    const s0 = accepted(reserve(inventory(level({ onHand: 3 })), order('r1', 3), ctx)).state;
    const short = { ...s0, stock: s0.stock.map((l) => ({ ...l, onHand: 1 })) };
    const { state, events } = accepted(consume(short, { id: rid('r1') }, ctx));
    expect(mug(state)).toMatchObject({ onHand: 0, reserved: 0 });
    expect(events[1]).toMatchObject({ type: 'recount_requested', reason: 'consumed_more_than_on_hand', units: 2 });
  });

  test('[RS6] expireHolds releases cart holds at or past expiry, never order reservations', () => {
    let s = inventory(level({ onHand: 10 }));
    s = accepted(reserve(s, hold('h-early', 1, '2026-11-27T10:05:00.000Z'), ctx)).state;
    s = accepted(reserve(s, hold('h-late', 2, '2026-11-27T10:30:00.000Z'), ctx)).state;
    s = accepted(reserve(s, order('r1', 3), ctx)).state;
    expect(expireHolds(s, '2026-11-27T10:04:59.999Z').events).toEqual([]);
    const { state, events } = expireHolds(s, '2026-11-27T10:05:00.000Z');
    expect(events).toEqual([expect.objectContaining({ type: 'hold_expired', reservationId: 'h-early', quantity: 1 })]);
    expect(mug(state).reserved).toBe(5);
    const much = expireHolds(state, '2030-01-01T00:00:00.000Z');
    expect(much.state.reservations.map((r) => r.id)).toEqual(['r1']);
    expect(mug(much.state).reserved).toBe(3);
    expect(checkInventoryInvariants(much.state)).toEqual([]);
  });

  test('[RS7] a hold past expiry does not block a sale even before the sweep ran', () => {
    const s = accepted(reserve(inventory(level({ onHand: 2 })), hold('h1', 2, '2026-11-27T10:05:00.000Z'), ctx)).state;
    expect(code(reserve(s, order('r1', 1), at('2026-11-27T10:04:00.000Z')))).toBe('insufficient_stock');
    const { state, events } = accepted(reserve(s, order('r1', 2), at('2026-11-27T10:05:00.000Z')));
    expect(events.map((e) => e.type)).toEqual(['hold_expired', 'reservation_created']);
    expect(mug(state).reserved).toBe(2);
  });

  test('[RS8] converting a cart hold keeps its units claimed and makes it consumable', () => {
    const s0 = accepted(reserve(inventory(level({ onHand: 2 })), hold('h1', 2), ctx)).state;
    const { state, events } = accepted(convertHold(s0, { id: rid('h1'), orderId: oid('ord-9') }, ctx));
    expect(mug(state).reserved).toBe(2);
    expect(state.reservations[0]).toMatchObject({ kind: 'order', orderId: 'ord-9' });
    expect(state.reservations[0]?.expiresAt).toBeUndefined();
    expect(events[0]).toMatchObject({ type: 'hold_converted', orderId: 'ord-9', lineId: null });
    expect(expireHolds(state, '2030-01-01T00:00:00.000Z').events).toEqual([]);
    expect(mug(accepted(consume(state, { id: rid('h1') }, ctx)).state).onHand).toBe(0);
    expect(code(convertHold(state, { id: rid('h1'), orderId: oid('ord-9') }, ctx))).toBe('not_a_cart_hold');
    expect(code(convertHold(s0, { id: rid('h1'), orderId: oid('ord-9') }, at(LATER)))).toBe('hold_expired');
    expect(code(convertHold(s0, { id: rid('zz'), orderId: oid('ord-9') }, ctx))).toBe('unknown_reservation');
  });

  test('[RS9] an emptied reservation leaves the live set and is kept in the ledger with its outcome', () => {
    let s = inventory(level({ onHand: 10 }));
    s = accepted(reserve(s, order('a', 1), ctx)).state;
    s = accepted(reserve(s, order('b', 1), ctx)).state;
    s = accepted(reserve(s, hold('c', 1), ctx)).state;
    s = accepted(release(s, { id: rid('a') }, at('2026-11-27T10:01:00.000Z'))).state;
    s = accepted(consume(s, { id: rid('b') }, at('2026-11-27T10:02:00.000Z'))).state;
    s = expireHolds(s, LATER).state;
    expect(s.reservations).toEqual([]);
    expect(s.closedReservations.map((c) => [c.id, c.outcome, c.at])).toEqual([
      ['a', 'released', '2026-11-27T10:01:00.000Z'],
      ['b', 'consumed', '2026-11-27T10:02:00.000Z'],
      ['c', 'expired', LATER],
    ]);
  });

  test('[INV1] reserved equals the sum of live reservations; the checker notices when it does not', () => {
    let s = inventory(level({ onHand: 10 }), level({ sku: TEA, onHand: 10 }));
    s = accepted(reserve(s, order('a', 2), ctx)).state;
    s = accepted(reserve(s, order('b', 3, { sku: TEA }), ctx)).state;
    s = accepted(reserve(s, order('c', 1), ctx)).state;
    expect(s.stock.map((l) => l.reserved)).toEqual([3, 3]);
    const drifted = { ...s, stock: s.stock.map((l) => ({ ...l, reserved: l.reserved + 1 })) };
    expect(checkInventoryInvariants(drifted)).toHaveLength(2);
  });

  test('[INV3] operations never mutate their input, and a refusal returns no state', () => {
    const s = frozen(accepted(reserve(inventory(level({ onHand: 3 })), order('r1', 2), ctx)).state);
    const snapshot = structuredClone(s);
    accepted(reserve(s, order('r2', 1), ctx));
    accepted(release(s, { id: rid('r1'), quantity: q(1) }, ctx));
    accepted(consume(s, { id: rid('r1') }, ctx));
    expireHolds(s, LATER);
    restockReturnedUnits(s, { sku: MUG, locationId: STORE, quantity: q(1) }, ctx);
    const refused = reserve(s, order('r3', 5), ctx);
    expect(refused.ok).toBe(false);
    expect('value' in refused).toBe(false);
    expect(s).toEqual(snapshot);
  });

  test('[INV4] restocked returned units are sellable in the same step', () => {
    const s0 = accepted(reserve(inventory(level({ onHand: 1 })), order('r1', 1), ctx)).state;
    expect(code(reserve(s0, order('r2', 1), ctx))).toBe('insufficient_stock');
    const { state, events } = restockReturnedUnits(s0, { sku: MUG, locationId: STORE, quantity: q(1), source: 'rma-7' }, ctx);
    expect(events).toEqual([expect.objectContaining({ type: 'stock_restocked', quantity: 1, onHandAfter: 2, source: 'rma-7' })]);
    accepted(reserve(state, order('r2', 1), ctx));
    const elsewhere = restockReturnedUnits(s0, { sku: TEA, locationId: STORE, quantity: q(2) }, ctx).state;
    expect(findStockLevel(elsewhere, TEA, STORE)?.onHand).toBe(2);
  });
});
