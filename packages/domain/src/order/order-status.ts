import type { FulfilmentOrderStatus } from '../fulfilment-order/lifecycle.ts';
import type { OrderStatus } from './order-lifecycle.ts';

export type { OrderStatus } from './order-lifecycle.ts';

/**
 * An RMA's status as the order sees it. The returns area owns the RMA
 * lifecycle; this copy of its states keeps the order free of a dependency on
 * it (if the two drift, the returns side's type stops being assignable here).
 */
export type OrderReturnStatus = 'requested' | 'received' | 'inspected' | 'dispositioned' | 'refunded' | 'cancelled';

/** What routing knows about the order's lines that no fulfilment order shows yet. Absent counts are 0. */
export interface OrderRoutingFacts {
  /** Lines waiting for a routing run: just captured, or sent back by a rejecting location. */
  readonly unroutedLines?: number;
  /** Lines waiting for inbound supply. */
  readonly backorderedLines?: number;
  /** Lines no location can supply and no inbound will: a person must decide. */
  readonly unfillableLines?: number;
  /** Lines cancelled before any location took them (so no cancelled fulfilment order shows it). */
  readonly cancelledLines?: number;
}

/**
 * How far along a part of the order is; the order is as far as its slowest
 * part (OS2). `null`: the part no longer carries the order forward.
 */
const FULFILMENT_PROGRESS: Readonly<Record<FulfilmentOrderStatus, number | null>> = {
  assigned: 2,
  picking: 3,
  picked: 4,
  packed: 5,
  ready_for_pickup: 6,
  shipped: 6,
  delivered: 7,
  picked_up: 7,
  partially_picked_up: 7,
  // Never the slowest part: OS5 decides an order with an expired part first.
  expired: 7,
  rejected: null,
  cancelled: null,
  // The customer refused everything: for the order that is a cancellation of this part.
  refused_at_pickup: null,
};
const UNROUTED = 0;
const BACKORDERED = 1;
const OUT_FOR_CUSTOMER = 6;

/** Goods reached the customer, or are on their way to them: only then can anything come back (OS8). */
const GOODS_WENT_OUT: readonly FulfilmentOrderStatus[] = ['shipped', 'delivered', 'picked_up', 'partially_picked_up'];

/**
 * OS1: an order's status is derived from its fulfilment orders, its returns
 * and the routing facts, never stored beside them, so they can never disagree.
 * The result is always a state of the order lifecycle table (OS9).
 */
export function deriveOrderStatus(
  fulfilmentStatuses: readonly FulfilmentOrderStatus[],
  returns: readonly OrderReturnStatus[] = [],
  facts: OrderRoutingFacts = {},
): OrderStatus {
  // OS6: lines nobody can supply need a person whatever the other parts do.
  if ((facts.unfillableLines ?? 0) > 0) return 'exception';
  // OS5: so does an uncollected pickup.
  if (fulfilmentStatuses.includes('expired')) return 'exception';
  const liveReturns = returns.filter((r) => r !== 'cancelled');
  // OS8: goods coming back that never went out.
  if (liveReturns.length > 0 && !fulfilmentStatuses.some((s) => GOODS_WENT_OUT.includes(s))) return 'exception';

  const progress: number[] = [];
  for (const status of fulfilmentStatuses) {
    const p = FULFILMENT_PROGRESS[status];
    if (p !== null) progress.push(p);
  }
  if ((facts.unroutedLines ?? 0) > 0) progress.push(UNROUTED);
  if ((facts.backorderedLines ?? 0) > 0) progress.push(BACKORDERED);

  if (progress.length === 0) {
    // OS3: nothing live and nothing waiting. A rejection sends its lines back
    // to routing in the same transaction (unroutedLines), so once nothing waits
    // a rejected part explains nothing by itself: the order is cancelled when
    // some part of it was, and otherwise nobody can say where its lines went.
    const somethingCancelled =
      (facts.cancelledLines ?? 0) > 0 || fulfilmentStatuses.some((s) => s === 'cancelled' || s === 'refused_at_pickup');
    return somethingCancelled ? 'cancelled' : 'exception';
  }

  const live = fulfilmentStatuses.filter((s) => FULFILMENT_PROGRESS[s] !== null);
  switch (Math.min(...progress)) {
    case UNROUTED:
      return 'captured';
    case BACKORDERED:
      return 'backordered';
    case FULFILMENT_PROGRESS.assigned:
      return 'routed';
    case FULFILMENT_PROGRESS.picking:
      return 'picking';
    case FULFILMENT_PROGRESS.picked:
      return 'picked';
    case FULFILMENT_PROGRESS.packed:
      return 'packed';
    case OUT_FOR_CUSTOMER:
      // OS4: goods waiting at a counter matter more to the customer than parcels in transit.
      return live.includes('ready_for_pickup') ? 'ready_for_pickup' : 'shipped';
  }

  // Every live part is finished. OS7: returns tell the rest of the story.
  if (liveReturns.some((r) => r !== 'refunded')) return 'return_in_progress';
  if (liveReturns.length > 0) return 'refunded';
  // OS4: a partial pickup is a pickup; the units left behind are refunded, not awaited.
  const kinds = new Set(live.map((s) => (s === 'partially_picked_up' ? 'picked_up' : s)));
  const [only] = kinds;
  return kinds.size === 1 && (only === 'delivered' || only === 'picked_up') ? only : 'completed';
}
