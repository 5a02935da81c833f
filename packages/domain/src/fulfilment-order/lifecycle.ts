/**
 * Fulfilment-order lifecycle (FO rules in spec-drafts/fulfilment.md).
 *
 *   assigned ─start_picking─▶ picking ─finish_picking─▶ picked ─pack─▶ packed ─ship─▶ shipped ─deliver─▶ delivered
 *      └─────────────── finish_picking ───────────────▶ │               │
 *                                                        └─stage_for_pickup─┴─▶ ready_for_pickup ─┬─ hand_off ─────────▶ picked_up
 *                                                                                                 ├─ hand_off_partial ─▶ partially_picked_up
 *                                                                                                 ├─ refuse_at_pickup ─▶ refused_at_pickup
 *                                                                                                 └─ expire ───────────▶ expired
 *
 *   reject ─▶ rejected      from assigned, picking, picked
 *   cancel ─▶ cancelled     from assigned, picking, picked, packed, ready_for_pickup
 *   hand_off / hand_off_partial (late handoff) from cancelled or expired ─▶ picked_up / partially_picked_up
 *
 * Why the pickup end looks like this:
 * - One handoff closes the fulfilment order. The customer takes everything
 *   (`picked_up`), some of it (`partially_picked_up`: the handoff records what
 *   each line handed over; the rest becomes a restock task), or nothing
 *   (`refused_at_pickup`: everything is restocked). Keeping untaken units in a
 *   bin for a second visit would hold shelf space and reservations with no end;
 *   a customer who wants them later gets a new fulfilment order.
 * - `cancelled` and `expired` only ever accept a *late* handoff: a counter
 *   device that was offline may have handed the goods over before it learnt of
 *   the cancellation or expiry. The customer has the goods, so the fact is
 *   recorded (blueprint conflict policy) and a manager is told; nothing else
 *   can move them.
 * - `rejected` means this location will not fulfil the lines: the order
 *   reroutes them elsewhere and excludes this location (see short-pick).
 * A terminal state accepts no event.
 */

export const FULFILMENT_ORDER_STATUSES = [
  'assigned',
  'picking',
  'picked',
  'packed',
  'shipped',
  'delivered',
  'ready_for_pickup',
  'picked_up',
  'partially_picked_up',
  'refused_at_pickup',
  'rejected',
  'cancelled',
  'expired',
] as const;
export type FulfilmentOrderStatus = (typeof FULFILMENT_ORDER_STATUSES)[number];

export const FULFILMENT_ORDER_EVENTS = [
  'start_picking',
  'finish_picking',
  'pack',
  'ship',
  'deliver',
  'stage_for_pickup',
  'hand_off',
  'hand_off_partial',
  'refuse_at_pickup',
  'reject',
  'cancel',
  'expire',
] as const;
export type FulfilmentOrderEvent = (typeof FULFILMENT_ORDER_EVENTS)[number];

/** FO2: states that accept no event. */
export const TERMINAL_FULFILMENT_ORDER_STATUSES = [
  'delivered',
  'picked_up',
  'partially_picked_up',
  'refused_at_pickup',
  'rejected',
] as const satisfies readonly FulfilmentOrderStatus[];

/** FO6: closed states that still accept a late handoff and nothing else. */
export const LATE_HANDOFF_FULFILMENT_ORDER_STATUSES = ['cancelled', 'expired'] as const satisfies readonly FulfilmentOrderStatus[];

const x = null;

/**
 * FO1: every state × event cell is written out; `null` means the event is
 * refused in that state. No `Partial`, so adding a state or an event fails to
 * compile until every cell for it is decided.
 */
export const FULFILMENT_ORDER_TRANSITIONS: Readonly<
  Record<FulfilmentOrderStatus, Readonly<Record<FulfilmentOrderEvent, FulfilmentOrderStatus | null>>>
> = {
  assigned: {
    start_picking: 'picking',
    finish_picking: 'picked',
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: 'rejected',
    cancel: 'cancelled',
    expire: x,
  },
  picking: {
    start_picking: x,
    finish_picking: 'picked',
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: 'rejected',
    cancel: 'cancelled',
    expire: x,
  },
  picked: {
    start_picking: x,
    finish_picking: x,
    pack: 'packed',
    ship: x,
    deliver: x,
    stage_for_pickup: 'ready_for_pickup',
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: 'rejected',
    cancel: 'cancelled',
    expire: x,
  },
  // Packed goods are not rejected: the location already did the work, so a
  // problem now is a cancellation decided centrally, not a reroute.
  packed: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: 'shipped',
    deliver: x,
    stage_for_pickup: 'ready_for_pickup',
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: x,
    cancel: 'cancelled',
    expire: x,
  },
  shipped: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: x,
    deliver: 'delivered',
    stage_for_pickup: x,
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: x,
    cancel: x,
    expire: x,
  },
  ready_for_pickup: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: 'picked_up',
    hand_off_partial: 'partially_picked_up',
    refuse_at_pickup: 'refused_at_pickup',
    reject: x,
    cancel: 'cancelled',
    expire: 'expired',
  },
  cancelled: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: 'picked_up',
    hand_off_partial: 'partially_picked_up',
    refuse_at_pickup: x,
    reject: x,
    cancel: x,
    expire: x,
  },
  expired: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: 'picked_up',
    hand_off_partial: 'partially_picked_up',
    refuse_at_pickup: x,
    reject: x,
    cancel: x,
    expire: x,
  },
  delivered: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: x,
    cancel: x,
    expire: x,
  },
  picked_up: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: x,
    cancel: x,
    expire: x,
  },
  partially_picked_up: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: x,
    cancel: x,
    expire: x,
  },
  refused_at_pickup: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: x,
    cancel: x,
    expire: x,
  },
  rejected: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: x,
    deliver: x,
    stage_for_pickup: x,
    hand_off: x,
    hand_off_partial: x,
    refuse_at_pickup: x,
    reject: x,
    cancel: x,
    expire: x,
  },
};

export function nextFulfilmentOrderStatus(
  from: FulfilmentOrderStatus,
  event: FulfilmentOrderEvent,
): FulfilmentOrderStatus | null {
  return FULFILMENT_ORDER_TRANSITIONS[from][event];
}

export function isTerminalFulfilmentOrderStatus(status: FulfilmentOrderStatus): boolean {
  return (TERMINAL_FULFILMENT_ORDER_STATUSES as readonly FulfilmentOrderStatus[]).includes(status);
}
