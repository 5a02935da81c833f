import { z } from 'zod';
import type { FloorFulfilmentOrder } from '../fulfilment-order/floor-fulfilment-order.ts';
import { FulfilmentOrderId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import type { CustomerNotificationRequestedEvent, FulfilmentOrderStatusChangedEvent, RestockRequestedEvent } from './events.ts';
import { refuser } from './refusal.ts';
import { transition } from './transition.ts';

/**
 * Nobody came: the store pulls the goods from the pickup bin. Sent by the
 * server when the hold period ends, or by a manager clearing the shelf; when
 * the hold period ends is store policy, so the domain does not second-guess it.
 */
export const ExpirePickupCommand = z.object({
  type: z.literal('expire_pickup'),
  fulfilmentOrderId: FulfilmentOrderId,
});
export type ExpirePickupCommand = z.infer<typeof ExpirePickupCommand>;

export const EXPIRE_PICKUP_REFUSALS = {
  /** FO8 */
  not_ready_for_pickup: 'the goods are not waiting for pickup',
} as const;
export type ExpirePickupRefusalCode = keyof typeof EXPIRE_PICKUP_REFUSALS;

const refuse = refuser(EXPIRE_PICKUP_REFUSALS);

export function validateExpirePickup(fo: FloorFulfilmentOrder, _cmd: ExpirePickupCommand): Result<void, Refusal<ExpirePickupRefusalCode>> {
  if (fo.status !== 'ready_for_pickup') return err(refuse('not_ready_for_pickup', `it is ${fo.status}`));
  return ok(undefined);
}

export type ExpirePickupEvent = RestockRequestedEvent | CustomerNotificationRequestedEvent | FulfilmentOrderStatusChangedEvent;

/** FO8: every staged unit goes back on the shelf, and the customer is told. Call only after `validateExpirePickup`. */
export function applyExpirePickup(
  fo: FloorFulfilmentOrder,
  _cmd: ExpirePickupCommand,
  ctx: CommandContext,
): { state: FloorFulfilmentOrder; events: ExpirePickupEvent[] } {
  const moved = transition(fo, 'expire', ctx.now);
  const ref = { fulfilmentOrderId: fo.id, at: ctx.now };
  const events: ExpirePickupEvent[] = [
    ...moved.events,
    {
      ...ref,
      type: 'restock_requested',
      locationId: fo.locationId,
      reason: 'pickup_expired',
      bin: fo.pickupBin ?? null,
      lines: fo.lines.filter((l) => l.picked > 0).map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.picked })),
    },
    { ...ref, type: 'customer_notification_requested', kind: 'pickup_expired', orderId: fo.orderId },
  ];
  return { state: { ...fo, status: moved.status, version: fo.version + 1, updatedAt: ctx.now }, events };
}
