import { z } from 'zod';
import type { CommandContext } from '../../commands/context.ts';
import { LocationId, Sku } from '../../ids.ts';
import { MAX_LINE_QUANTITY } from '../../quantity.ts';
import { err, ok, type Refusal, type Result } from '../../result.ts';
import { shortageEvent, type StockAdjustedEvent, type StockShortageEvent } from '../events.ts';
import { stockLevelOrEmpty, withStockLevel, type InventoryChange, type InventoryState } from '../inventory-state.ts';

export const ADJUSTMENT_REASONS = ['damaged', 'lost', 'stolen', 'expired', 'found', 'correction'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** AD1: the reason fixes the sign, so a "damaged +5" typo cannot create stock. */
export const ADJUSTMENT_DIRECTION = {
  damaged: 'decrease',
  lost: 'decrease',
  stolen: 'decrease',
  expired: 'decrease',
  found: 'increase',
  correction: 'either',
} as const satisfies Record<AdjustmentReason, 'increase' | 'decrease' | 'either'>;

/** A signed change of on hand with a reason, made on the floor (possibly offline). */
export const AdjustStockCommand = z.object({
  type: z.literal('adjust_stock'),
  sku: Sku,
  locationId: LocationId,
  delta: z
    .number()
    .int('units are whole')
    .min(-MAX_LINE_QUANTITY)
    .max(MAX_LINE_QUANTITY)
    .refine((n) => n !== 0, 'an adjustment changes at least one unit'),
  reason: z.enum(ADJUSTMENT_REASONS),
  note: z.string().max(500).optional(),
});
export type AdjustStockCommand = z.infer<typeof AdjustStockCommand>;

export const ADJUST_STOCK_REFUSALS = {
  /** AD1 */
  reason_direction: 'this reason cannot move stock that way',
  /** AD2 */
  below_zero: 'on hand would go below zero; count the shelf instead',
} as const;
export type AdjustStockRefusalCode = keyof typeof ADJUST_STOCK_REFUSALS;
export type AdjustStockRefusal = Refusal<AdjustStockRefusalCode>;

export type AdjustStockEvent = StockAdjustedEvent | StockShortageEvent;

const refuse = (code: AdjustStockRefusalCode, detail: string): AdjustStockRefusal => ({
  code,
  message: `${ADJUST_STOCK_REFUSALS[code]}: ${detail}`,
});

export function validateAdjustStock(state: InventoryState, cmd: AdjustStockCommand): Result<void, AdjustStockRefusal> {
  const direction = ADJUSTMENT_DIRECTION[cmd.reason];
  if ((direction === 'decrease' && cmd.delta > 0) || (direction === 'increase' && cmd.delta < 0)) {
    return err(refuse('reason_direction', `${cmd.reason} ${cmd.delta > 0 ? '+' : ''}${cmd.delta}`));
  }
  const level = stockLevelOrEmpty(state, cmd.sku, cmd.locationId);
  // AD2: unlike a count or a shipment, an adjustment is a claim, not an observation, so an
  // impossible one is refused rather than clamped; the associate is sent to count instead.
  if (level.onHand + cmd.delta < 0) return err(refuse('below_zero', `${level.onHand} on hand, ${cmd.delta} asked`));
  return ok(undefined);
}

/**
 * AD3–AD4: applied as a delta to the current on hand (never as an absolute
 * value), so units sold since the device last synced are not resurrected.
 * Taking on hand below reserved is allowed — the units are gone either way —
 * and reported as a shortage so the reservations can be rerouted.
 * Call only after `validateAdjustStock` accepted the command.
 */
export function applyAdjustStock(
  state: InventoryState,
  cmd: AdjustStockCommand,
  ctx: CommandContext,
): InventoryChange<AdjustStockEvent> {
  const level = stockLevelOrEmpty(state, cmd.sku, cmd.locationId);
  const next = { ...level, onHand: level.onHand + cmd.delta };
  const events: AdjustStockEvent[] = [
    {
      type: 'stock_adjusted',
      sku: cmd.sku,
      locationId: cmd.locationId,
      delta: cmd.delta,
      reason: cmd.reason,
      onHandBefore: level.onHand,
      onHandAfter: next.onHand,
      at: ctx.now,
    },
  ];
  if (cmd.delta < 0) events.push(...shortageEvent(next, ctx.now));
  return { state: withStockLevel(state, next), events };
}
