import { z } from 'zod';
import type { CommandContext } from '../../commands/context.ts';
import { LocationId, Sku } from '../../ids.ts';
import { err, ok, type Refusal, type Result } from '../../result.ts';
import {
  shortageEvent,
  type CountSupersededEvent,
  type RecountRequestedEvent,
  type StockCountedEvent,
  type StockShortageEvent,
} from '../events.ts';
import { stockLevelOrEmpty, withStockLevel, type InventoryChange, type InventoryState } from '../inventory-state.ts';

/** Above this a "count" is almost surely a barcode scanned into the quantity field. */
export const MAX_COUNTED_UNITS = 1_000_000;

/**
 * A blind count: the associate enters what is on the shelf without being
 * shown the books. The device also sends what its replica said when counting
 * began, because the count is only meaningful relative to that moment (CC1).
 */
export const CycleCountCommand = z.object({
  type: z.literal('cycle_count'),
  sku: Sku,
  locationId: LocationId,
  counted: z.number().int().nonnegative().max(MAX_COUNTED_UNITS),
  snapshot: z.object({
    onHand: z.number().int().nonnegative(),
    /** The stock level's `countSeq` in the replica when counting began. */
    countSeq: z.number().int().nonnegative(),
  }),
});
export type CycleCountCommand = z.infer<typeof CycleCountCommand>;

export const CYCLE_COUNT_REFUSALS = {
  /** CC4 */
  invalid_snapshot: 'the count snapshot is ahead of the stock level it claims to come from',
} as const;
export type CycleCountRefusalCode = keyof typeof CYCLE_COUNT_REFUSALS;
export type CycleCountRefusal = Refusal<CycleCountRefusalCode>;

export type CycleCountEvent = StockCountedEvent | CountSupersededEvent | RecountRequestedEvent | StockShortageEvent;

export function validateCycleCount(state: InventoryState, cmd: CycleCountCommand): Result<void, CycleCountRefusal> {
  const level = stockLevelOrEmpty(state, cmd.sku, cmd.locationId);
  if (cmd.snapshot.countSeq > level.countSeq) {
    return err({
      code: 'invalid_snapshot',
      message: `${CYCLE_COUNT_REFUSALS.invalid_snapshot}: snapshot count #${cmd.snapshot.countSeq}, stock level at #${level.countSeq}`,
    });
  }
  return ok(undefined);
}

/**
 * CC1–CC3, CC5–CC7. Never last-write-wins: the count moves on hand by
 * `counted − snapshot.onHand`, so sales and receipts booked since the snapshot
 * are kept. A count whose snapshot predates a count already applied is not
 * applied: the first count already corrected the same discrepancy, and adding
 * the second delta would correct it twice.
 * Call only after `validateCycleCount` accepted the command.
 */
export function applyCycleCount(
  state: InventoryState,
  cmd: CycleCountCommand,
  ctx: CommandContext,
): InventoryChange<CycleCountEvent> {
  const level = stockLevelOrEmpty(state, cmd.sku, cmd.locationId);
  const delta = cmd.counted - cmd.snapshot.onHand;
  const ref = { sku: cmd.sku, locationId: cmd.locationId, at: ctx.now };

  if (cmd.snapshot.countSeq < level.countSeq) {
    const last = level.lastCount;
    // Two people looking at one shelf agree if they saw the same number, or the same gap from their books.
    const agrees = last !== undefined && (last.counted === cmd.counted || last.delta === delta);
    const events: CycleCountEvent[] = [
      {
        type: 'count_superseded',
        ...ref,
        counted: cmd.counted,
        snapshotOnHand: cmd.snapshot.onHand,
        delta,
        appliedDelta: last?.delta ?? null,
        agrees,
      },
    ];
    if (!agrees) {
      events.push({
        type: 'recount_requested',
        ...ref,
        reason: 'conflicting_counts',
        units: Math.abs(delta - (last?.delta ?? 0)),
      });
    }
    return { state, events };
  }

  const target = level.onHand + delta;
  const onHand = Math.max(0, target);
  const next = {
    ...level,
    onHand,
    countSeq: level.countSeq + 1,
    lastCount: { counted: cmd.counted, snapshotOnHand: cmd.snapshot.onHand, delta, at: ctx.now },
  };
  const events: CycleCountEvent[] = [
    {
      type: 'stock_counted',
      ...ref,
      counted: cmd.counted,
      snapshotOnHand: cmd.snapshot.onHand,
      delta,
      onHandBefore: level.onHand,
      onHandAfter: onHand,
    },
  ];
  if (target < 0) events.push({ type: 'recount_requested', ...ref, reason: 'count_below_movements', units: -target });
  if (delta < 0) events.push(...shortageEvent(next, ctx.now));
  return { state: withStockLevel(state, next), events };
}
