import type { FulfilmentOrderStatus } from '../fulfilment-order/lifecycle.ts';

/**
 * OS1: an order's status is derived from its fulfilment orders, never stored
 * beside them, so the two can never disagree.
 */
export type OrderStatus =
  | 'routed'
  | 'picking'
  | 'picked'
  | 'packed'
  | 'ready_for_pickup'
  | 'shipped'
  | 'delivered'
  | 'picked_up'
  | 'completed'
  | 'cancelled'
  | 'exception';

/** How far along a live fulfilment order is; the order is as far as its slowest one (OS2). */
const PROGRESS: Readonly<Record<FulfilmentOrderStatus, number | null>> = {
  assigned: 0,
  picking: 1,
  picked: 2,
  packed: 3,
  ready_for_pickup: 4,
  shipped: 4,
  picked_up: 5,
  delivered: 5,
  expired: 5,
  // Rejected and cancelled fulfilment orders no longer carry the order forward.
  rejected: null,
  cancelled: null,
};

export function deriveOrderStatus(fulfilmentStatuses: readonly FulfilmentOrderStatus[]): OrderStatus {
  const live = fulfilmentStatuses.filter((s) => PROGRESS[s] !== null);
  if (live.length === 0) {
    // OS3: nothing left to fulfil. All cancelled is a cancellation; anything else
    // (a rejection not yet rerouted) needs a person.
    const allCancelled = fulfilmentStatuses.length > 0 && fulfilmentStatuses.every((s) => s === 'cancelled');
    return allCancelled ? 'cancelled' : 'exception';
  }
  // OS5: an uncollected pickup needs a person whatever the other parts do.
  if (live.includes('expired')) return 'exception';
  const progress = (s: FulfilmentOrderStatus): number => PROGRESS[s] ?? 0;
  const slowest = live.reduce((a, b) => (progress(a) <= progress(b) ? a : b));
  switch (progress(slowest)) {
    case 0:
      return 'routed';
    case 4:
      // OS4: goods waiting at a counter matter more to the customer than parcels in transit.
      return live.includes('ready_for_pickup') ? 'ready_for_pickup' : 'shipped';
    case 5:
      return live.every((s) => s === slowest) ? slowest as 'picked_up' | 'delivered' : 'completed';
    default:
      return slowest as 'picking' | 'picked' | 'packed';
  }
}
