import { z } from 'zod';
import type { CommandContext } from '../commands/context.ts';
import { LocationId, Sku } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import type { StockRestockedEvent } from './events.ts';
import { stockLevelOrEmpty, withStockLevel, type InventoryChange, type InventoryState } from './inventory-state.ts';

/** Returned units dispositioned to `restock` go back on the shelf at `locationId`. */
export const RestockInput = z.object({
  sku: Sku,
  locationId: LocationId,
  quantity: Quantity,
  /** The return (RMA) or other document the units came back on, for the audit trail. */
  source: z.string().min(1).max(100).optional(),
});
export type RestockInput = z.infer<typeof RestockInput>;

/** INV4: on hand rises at once, so the units are sellable again in the same step. Nothing to refuse. */
export function restockReturnedUnits(
  state: InventoryState,
  input: RestockInput,
  ctx: CommandContext,
): InventoryChange<StockRestockedEvent> {
  const level = stockLevelOrEmpty(state, input.sku, input.locationId);
  const onHand = level.onHand + input.quantity;
  return {
    state: withStockLevel(state, { ...level, onHand }),
    events: [
      {
        type: 'stock_restocked',
        sku: input.sku,
        locationId: input.locationId,
        quantity: input.quantity,
        onHandAfter: onHand,
        source: input.source ?? null,
        at: ctx.now,
      },
    ],
  };
}
