import { z } from 'zod';
import type { FloorFulfilmentOrder } from '../fulfilment-order/floor-fulfilment-order.ts';
import { FulfilmentOrderId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import type { FulfilmentOrderStatusChangedEvent, RestockRequestedEvent } from './events.ts';
import { refuser } from './refusal.ts';
import { allows, transition } from './transition.ts';

/**
 * The order (or this part of it) is cancelled centrally: by the channel, by
 * customer service, by fraud review. Not a floor command: devices learn of it
 * by replication, and a pick they made meanwhile is refused (PK1).
 */
export const CancelFulfilmentOrderCommand = z.object({
  type: z.literal('cancel_fulfilment_order'),
  fulfilmentOrderId: FulfilmentOrderId,
  reason: z.string().trim().min(1).max(200),
});
export type CancelFulfilmentOrderCommand = z.infer<typeof CancelFulfilmentOrderCommand>;

export const CANCEL_FULFILMENT_ORDER_REFUSALS = {
  /** FO7 */
  not_cancellable: 'the goods already left the building, or the fulfilment order is closed',
} as const;
export type CancelFulfilmentOrderRefusalCode = keyof typeof CANCEL_FULFILMENT_ORDER_REFUSALS;

const refuse = refuser(CANCEL_FULFILMENT_ORDER_REFUSALS);

export function validateCancelFulfilmentOrder(
  fo: FloorFulfilmentOrder,
  _cmd: CancelFulfilmentOrderCommand,
): Result<void, Refusal<CancelFulfilmentOrderRefusalCode>> {
  if (!allows(fo.status, 'cancel')) return err(refuse('not_cancellable', `it is ${fo.status}`));
  return ok(undefined);
}

export type CancelFulfilmentOrderEvent = RestockRequestedEvent | FulfilmentOrderStatusChangedEvent;

/** FO7: picked units get a put-back task (from the bin when staged). Call only after `validateCancelFulfilmentOrder`. */
export function applyCancelFulfilmentOrder(
  fo: FloorFulfilmentOrder,
  _cmd: CancelFulfilmentOrderCommand,
  ctx: CommandContext,
): { state: FloorFulfilmentOrder; events: CancelFulfilmentOrderEvent[] } {
  const moved = transition(fo, 'cancel', ctx.now);
  const events: CancelFulfilmentOrderEvent[] = [...moved.events];
  const picked = fo.lines.filter((l) => l.picked > 0).map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.picked }));
  if (picked.length > 0) {
    events.push({
      type: 'restock_requested',
      fulfilmentOrderId: fo.id,
      locationId: fo.locationId,
      reason: 'cancelled',
      bin: fo.status === 'ready_for_pickup' ? (fo.pickupBin ?? null) : null,
      lines: picked,
      at: ctx.now,
    });
  }
  return { state: { ...fo, status: moved.status, version: fo.version + 1, updatedAt: ctx.now }, events };
}
