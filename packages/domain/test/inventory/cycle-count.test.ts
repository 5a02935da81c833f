import { describe, expect, test } from 'vitest';
import {
  applyCycleCount,
  CycleCountCommand,
  validateCycleCount,
} from '../../src/inventory/commands/cycle-count.ts';
import { checkInventoryInvariants, findStockLevel, type InventoryState } from '../../src/inventory/inventory-state.ts';
import { consume, reserve, ReserveInput } from '../../src/inventory/reservations.ts';
import { at, ctx, inventory, level, MUG, rid, STORE, TEA } from './fixtures.ts';

const count = (counted: number, snapshot: { onHand: number; countSeq: number }, sku: string = MUG): CycleCountCommand =>
  CycleCountCommand.parse({ type: 'cycle_count', sku, locationId: STORE, counted, snapshot });

function run(state: InventoryState, cmd: CycleCountCommand, now = ctx.now) {
  const verdict = validateCycleCount(state, cmd);
  if (!verdict.ok) throw new Error(verdict.error.code);
  const change = applyCycleCount(state, cmd, at(now));
  expect(checkInventoryInvariants(change.state)).toEqual([]);
  return change;
}
const mug = (s: InventoryState) => findStockLevel(s, MUG, STORE)!;

/** 10 on hand; a shipment of 3 booked after the device took its snapshot. */
function soldSinceSnapshot(): InventoryState {
  const s0 = inventory(level({ onHand: 10 }));
  const r = reserve(s0, ReserveInput.parse({ id: 'r1', sku: MUG, locationId: STORE, quantity: 3, kind: 'order' }), ctx);
  if (!r.ok) throw new Error(r.error.code);
  const c = consume(r.value.state, { id: rid('r1') }, ctx);
  if (!c.ok) throw new Error(c.error.code);
  return c.value.state;
}

describe('cycle count', () => {
  test('[CC1] the count applies as a delta against current on hand, keeping sales since the snapshot', () => {
    const s = soldSinceSnapshot(); // books went 10 → 7 while the associate was counting from snapshot 10
    const { state, events } = run(s, count(8, { onHand: 10, countSeq: 0 }));
    // The shelf had 8 where the books said 10: 2 are missing. The 3 sold since are not resurrected.
    expect(mug(state).onHand).toBe(5);
    expect(events[0]).toMatchObject({ type: 'stock_counted', counted: 8, snapshotOnHand: 10, delta: -2, onHandBefore: 7, onHandAfter: 5 });
  });

  test('[CC1] a count also raises on hand when the shelf has more than the books', () => {
    const { state } = run(inventory(level({ onHand: 4 })), count(6, { onHand: 4, countSeq: 0 }));
    expect(mug(state).onHand).toBe(6);
  });

  test('[CC2] an applied count bumps countSeq and records itself', () => {
    const { state } = run(inventory(level({ onHand: 4 })), count(3, { onHand: 4, countSeq: 0 }), '2026-11-27T12:00:00.000Z');
    expect(mug(state).countSeq).toBe(1);
    expect(mug(state).lastCount).toEqual({ counted: 3, snapshotOnHand: 4, delta: -1, at: '2026-11-27T12:00:00.000Z' });
    const again = run(state, count(3, { onHand: 3, countSeq: 1 }));
    expect(mug(again.state)).toMatchObject({ onHand: 3, countSeq: 2 });
  });

  test('[CC3] two devices counting one snapshot offline: the second agreeing count changes nothing', () => {
    const s = inventory(level({ onHand: 10 }));
    const first = run(s, count(8, { onHand: 10, countSeq: 0 }));
    const second = run(first.state, count(8, { onHand: 10, countSeq: 0 }));
    expect(mug(second.state).onHand).toBe(8); // not 6: the same 2 missing units are not written off twice
    expect(mug(second.state).countSeq).toBe(1);
    expect(second.events).toEqual([expect.objectContaining({ type: 'count_superseded', delta: -2, appliedDelta: -2, agrees: true })]);
  });

  test('[CC3] a superseded count that disagrees raises a recount and changes nothing', () => {
    const first = run(inventory(level({ onHand: 10 })), count(8, { onHand: 10, countSeq: 0 }));
    const second = run(first.state, count(5, { onHand: 10, countSeq: 0 }));
    expect(mug(second.state).onHand).toBe(8);
    expect(second.events.map((e) => e.type)).toEqual(['count_superseded', 'recount_requested']);
    expect(second.events[1]).toMatchObject({ reason: 'conflicting_counts', units: 3 });
  });

  test('[CC3] counts agree on the same shelf number even when their snapshots differ', () => {
    // Device B pulled after a sale of 3 (snapshot 7), device A before (snapshot 10); both saw 5 on the shelf.
    const s = soldSinceSnapshot();
    const a = run(s, count(5, { onHand: 10, countSeq: 0 }));
    const b = run(a.state, count(5, { onHand: 7, countSeq: 0 }));
    expect(b.events).toEqual([expect.objectContaining({ type: 'count_superseded', agrees: true })]);
    expect(mug(b.state).onHand).toBe(2);
  });

  test('[CC4] a snapshot ahead of the stock level is refused', () => {
    const verdict = validateCycleCount(inventory(level()), count(1, { onHand: 10, countSeq: 1 }));
    expect(verdict.ok ? null : verdict.error.code).toBe('invalid_snapshot');
  });

  test('[CC5] a count below what moved since the snapshot stops at zero and asks for a recount', () => {
    const s = soldSinceSnapshot(); // 7 on hand, snapshot said 10
    const { state, events } = run(s, count(1, { onHand: 10, countSeq: 0 }));
    expect(mug(state).onHand).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ type: 'recount_requested', reason: 'count_below_movements', units: 2 }));
  });

  test('[CC6] a count that leaves on hand below reserved reports a shortage', () => {
    const s0 = inventory(level({ onHand: 5 }));
    const r = reserve(s0, ReserveInput.parse({ id: 'r1', sku: MUG, locationId: STORE, quantity: 4, kind: 'order' }), ctx);
    if (!r.ok) throw new Error(r.error.code);
    const { state, events } = run(r.value.state, count(2, { onHand: 5, countSeq: 0 }));
    expect(mug(state)).toMatchObject({ onHand: 2, reserved: 4 });
    expect(events).toContainEqual(expect.objectContaining({ type: 'stock_shortage', onHand: 2, reserved: 4, short: 2 }));
    const up = run(state, count(3, { onHand: 2, countSeq: 1 }));
    expect(up.events.map((e) => e.type)).toEqual(['stock_counted']);
  });

  test('[CC7] counting a SKU the location has no stock level for creates one', () => {
    const { state } = run(inventory(level()), count(4, { onHand: 0, countSeq: 0 }, TEA));
    expect(findStockLevel(state, TEA, STORE)).toMatchObject({ onHand: 4, reserved: 0, countSeq: 1 });
  });

  test('[CC1] the command schema refuses negative and absurd counts', () => {
    const base = { type: 'cycle_count', sku: MUG, locationId: STORE, snapshot: { onHand: 1, countSeq: 0 } };
    expect(CycleCountCommand.safeParse({ ...base, counted: -1 }).success).toBe(false);
    expect(CycleCountCommand.safeParse({ ...base, counted: 4006381333931 }).success).toBe(false);
    expect(CycleCountCommand.safeParse({ ...base, counted: 0 }).success).toBe(true);
  });
});
