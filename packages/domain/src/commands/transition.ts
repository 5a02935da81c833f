import type { FloorFulfilmentOrder } from '../fulfilment-order/floor-fulfilment-order.ts';
import { nextFulfilmentOrderStatus, type FulfilmentOrderEvent, type FulfilmentOrderStatus } from '../fulfilment-order/lifecycle.ts';
import type { FulfilmentOrderStatusChangedEvent } from './events.ts';

/**
 * Moves a fulfilment order through its lifecycle table. Commands call it only
 * after `validate` accepted, so a refused cell here is a bug in the command,
 * not a business outcome: it throws.
 */
export function transition(
  fo: Pick<FloorFulfilmentOrder, 'id' | 'status'>,
  event: FulfilmentOrderEvent,
  now: string,
): { status: FulfilmentOrderStatus; events: FulfilmentOrderStatusChangedEvent[] } {
  const to = nextFulfilmentOrderStatus(fo.status, event);
  if (to === null) throw new Error(`bug: ${event} applied to a ${fo.status} fulfilment order ${fo.id}; validate first`);
  if (to === fo.status) return { status: to, events: [] };
  return { status: to, events: [{ type: 'fulfilment_order_status_changed', fulfilmentOrderId: fo.id, from: fo.status, to, at: now }] };
}

/** Whether the lifecycle table accepts the event in this status. */
export function allows(status: FulfilmentOrderStatus, event: FulfilmentOrderEvent): boolean {
  return nextFulfilmentOrderStatus(status, event) !== null;
}
