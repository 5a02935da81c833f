import { describe, expect, test } from 'vitest';
import {
  ADJUSTMENT_REASONS,
  AdjustStockCommand,
  applyAdjustStock,
  validateAdjustStock,
} from '../../src/inventory/commands/adjust-stock.ts';
import { checkInventoryInvariants, findStockLevel, type InventoryState } from '../../src/inventory/inventory-state.ts';
import { reserve, ReserveInput } from '../../src/inventory/reservations.ts';
import { ctx, inventory, level, MUG, STORE, TEA } from './fixtures.ts';

const adjust = (delta: number, reason: string, sku: string = MUG): AdjustStockCommand =>
  AdjustStockCommand.parse({ type: 'adjust_stock', sku, locationId: STORE, delta, reason });
const refusal = (s: InventoryState, cmd: AdjustStockCommand) => {
  const v = validateAdjustStock(s, cmd);
  return v.ok ? null : v.error.code;
};
const mug = (s: InventoryState) => findStockLevel(s, MUG, STORE)!;

describe('adjust stock', () => {
  test('[AD1] the reason fixes the direction', () => {
    const s = inventory(level({ onHand: 10 }));
    for (const reason of ['damaged', 'lost', 'stolen', 'expired']) {
      expect(refusal(s, adjust(+1, reason)), reason).toBe('reason_direction');
      expect(refusal(s, adjust(-1, reason)), reason).toBeNull();
    }
    expect(refusal(s, adjust(-1, 'found'))).toBe('reason_direction');
    expect(refusal(s, adjust(+1, 'found'))).toBeNull();
    expect(refusal(s, adjust(+1, 'correction'))).toBeNull();
    expect(refusal(s, adjust(-1, 'correction'))).toBeNull();
    expect(ADJUSTMENT_REASONS).toHaveLength(6);
  });

  test('[AD1] a zero, fractional or unknown-reason adjustment does not parse', () => {
    const base = { type: 'adjust_stock', sku: MUG, locationId: STORE };
    expect(AdjustStockCommand.safeParse({ ...base, delta: 0, reason: 'correction' }).success).toBe(false);
    expect(AdjustStockCommand.safeParse({ ...base, delta: 1.5, reason: 'correction' }).success).toBe(false);
    expect(AdjustStockCommand.safeParse({ ...base, delta: 1, reason: 'vibes' }).success).toBe(false);
  });

  test('[AD2] an adjustment below zero is refused', () => {
    const s = inventory(level({ onHand: 2 }));
    expect(refusal(s, adjust(-3, 'damaged'))).toBe('below_zero');
    expect(refusal(s, adjust(-2, 'damaged'))).toBeNull();
    expect(refusal(s, adjust(-1, 'lost', TEA))).toBe('below_zero');
  });

  test('[AD3] going below reserved is applied and reports the shortage', () => {
    const r = reserve(
      inventory(level({ onHand: 5 })),
      ReserveInput.parse({ id: 'r1', sku: MUG, locationId: STORE, quantity: 4, kind: 'order' }),
      ctx,
    );
    if (!r.ok) throw new Error(r.error.code);
    const cmd = adjust(-3, 'damaged');
    expect(refusal(r.value.state, cmd)).toBeNull();
    const { state, events } = applyAdjustStock(r.value.state, cmd, ctx);
    expect(mug(state)).toMatchObject({ onHand: 2, reserved: 4 });
    expect(events.map((e) => e.type)).toEqual(['stock_adjusted', 'stock_shortage']);
    expect(events[1]).toMatchObject({ short: 2 });
    expect(checkInventoryInvariants(state)).toEqual([]);
  });

  test('[AD4] an adjustment is a delta on the current on hand and leaves reserved alone', () => {
    // The device saw 10 when the associate found 2 broken; 3 sold since. Result: 10 − 3 − 2.
    const s = inventory(level({ onHand: 7, reserved: 0 }));
    const { state, events } = applyAdjustStock(s, adjust(-2, 'damaged'), ctx);
    expect(mug(state)).toMatchObject({ onHand: 5, reserved: 0 });
    expect(events).toEqual([
      expect.objectContaining({ type: 'stock_adjusted', delta: -2, reason: 'damaged', onHandBefore: 7, onHandAfter: 5 }),
    ]);
    const found = applyAdjustStock(s, adjust(+4, 'found', TEA), ctx);
    expect(findStockLevel(found.state, TEA, STORE)?.onHand).toBe(4);
  });
});
