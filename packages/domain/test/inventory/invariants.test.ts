import { describe, expect, test } from 'vitest';
import { availableNow } from '../../src/inventory/atp.ts';
import { AdjustStockCommand } from '../../src/inventory/commands/adjust-stock.ts';
import { CycleCountCommand } from '../../src/inventory/commands/cycle-count.ts';
import { applyStockCommand, validateStockCommand, type StockCommand } from '../../src/inventory/commands/stock-command.ts';
import { InventoryState, stockLevelOrEmpty } from '../../src/inventory/inventory-state.ts';
import { consume, reserve, ReserveInput } from '../../src/inventory/reservations.ts';
import { ctx, inventory, level, MUG, rid, STORE, TEA } from './fixtures.ts';

function reserved(onHand: number, units: number): InventoryState {
  const r = reserve(inventory(level({ onHand })), ReserveInput.parse({ id: 'r1', sku: MUG, locationId: STORE, quantity: units, kind: 'order' }), ctx);
  if (!r.ok) throw new Error(r.error.code);
  return r.value.state;
}
function run(state: InventoryState, cmd: StockCommand) {
  const v = validateStockCommand(state, cmd);
  if (!v.ok) throw new Error(v.error.code);
  return applyStockCommand(state, cmd, ctx);
}

describe('inventory invariants', () => {
  test('[INV2] physical facts that outrun the books stop on hand at zero; ATP stays at zero', () => {
    const s = reserved(4, 4);
    const counted = run(s, CycleCountCommand.parse({ type: 'cycle_count', sku: MUG, locationId: STORE, counted: 0, snapshot: { onHand: 4, countSeq: 0 } }));
    const afterCount = stockLevelOrEmpty(counted.state, MUG, STORE);
    expect(afterCount.onHand).toBe(0);
    expect(availableNow(afterCount).atp).toBe(0);
    const shipped = consume(counted.state, { id: rid('r1') }, ctx);
    if (!shipped.ok) throw new Error(shipped.error.code);
    expect(stockLevelOrEmpty(shipped.value.state, MUG, STORE)).toMatchObject({ onHand: 0, reserved: 0 });
  });

  test('[INV6] one stock level per SKU × location; an unknown one reads as zeros', () => {
    const parsed = InventoryState.safeParse({ stock: [level(), level()] });
    expect(parsed.success).toBe(false);
    expect(InventoryState.safeParse({ stock: [level(), level({ sku: TEA })] }).success).toBe(true);
    expect(stockLevelOrEmpty(inventory(level()), TEA, STORE)).toMatchObject({ onHand: 0, reserved: 0, safetyStock: 0, inbound: [] });
  });

  test('[INV7] adjustments and counts that leave on hand below reserved report the shortage', () => {
    const s = reserved(5, 4);
    const adjusted = run(s, AdjustStockCommand.parse({ type: 'adjust_stock', sku: MUG, locationId: STORE, delta: -2, reason: 'damaged' }));
    expect(adjusted.events).toContainEqual(expect.objectContaining({ type: 'stock_shortage', onHand: 3, reserved: 4, short: 1 }));
    const counted = run(s, CycleCountCommand.parse({ type: 'cycle_count', sku: MUG, locationId: STORE, counted: 1, snapshot: { onHand: 5, countSeq: 0 } }));
    expect(counted.events).toContainEqual(expect.objectContaining({ type: 'stock_shortage', onHand: 1, reserved: 4, short: 3 }));
    const fine = run(s, AdjustStockCommand.parse({ type: 'adjust_stock', sku: MUG, locationId: STORE, delta: -1, reason: 'damaged' }));
    expect(fine.events.map((e) => e.type)).toEqual(['stock_adjusted']);
  });
});
