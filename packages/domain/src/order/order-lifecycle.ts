import type { FulfilmentOrderEvent } from '../fulfilment-order/lifecycle.ts';

/**
 * Order lifecycle (OL rules in spec-drafts/fulfilment.md).
 *
 *   captured ─route─▶ routed ─start_picking─▶ picking ─finish_picking─▶ picked ─pack─▶ packed ─ship─▶ shipped ─deliver─▶ delivered
 *    │    ▲             └───────────── finish_picking ────────────────▶ │              │
 *    │    └─ reroute ─ routed, picking, picked                           └─stage_for_pickup─┴─▶ ready_for_pickup ─hand_off─▶ picked_up
 *    ├─ backorder ─▶ backordered ─release_backorder─▶ routed
 *    └─ mark_unfillable ─▶ exception (also from backordered)
 *
 *   shipped, ready_for_pickup ─complete─▶ completed          the last part finishes, and the parts finished differently
 *   ready_for_pickup ─expire─▶ exception                     nobody came
 *   ready_for_pickup ─refuse_at_pickup─▶ cancelled           the customer refused everything at the counter
 *   delivered, picked_up, completed, refunded ─open_return─▶ return_in_progress ─refund─▶ refunded
 *   captured … ready_for_pickup, exception ─cancel─▶ cancelled   (from shipped on, it is a return instead)
 *   cancelled, exception ─hand_off─▶ picked_up               a late handoff: the customer has the goods
 *   exception ─route─▶ routed, ─backorder─▶ backordered      a person sorted it out
 *
 * How this table and `deriveOrderStatus` fit together. The status is never
 * stored: it is derived from the fulfilment orders, the returns and the
 * routing facts (OS1). The table is the story of an order with one part: each
 * cell says where an order-level event takes an order whose every live part is
 * at the same stage, and `null` says the event cannot happen at that status.
 * For a one-part order the derived status follows this table step for step
 * (OL4, tested by walking the fulfilment-order table). With several parts the
 * derived status can also move in ways no single event explains (cancelling
 * the slowest part lets the order jump to the next slowest one; a cancelled
 * return is as if it was never opened), and the table is then what it is used
 * for at run time: the guard of order-level actions (`cancel` and
 * `open_return` are only offered where a cell is not null).
 *
 * No status is terminal: returns can reopen a finished order, and a handoff
 * recorded offline can land on a cancelled one (the customer has the goods).
 * Archiving old orders is a retention rule, not a lifecycle state.
 */

export const ORDER_STATUSES = [
  'captured',
  'backordered',
  'routed',
  'picking',
  'picked',
  'packed',
  'ready_for_pickup',
  'shipped',
  'delivered',
  'picked_up',
  'completed',
  'return_in_progress',
  'refunded',
  'cancelled',
  'exception',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_EVENTS = [
  'route',
  'backorder',
  'release_backorder',
  'reroute',
  'mark_unfillable',
  'start_picking',
  'finish_picking',
  'pack',
  'stage_for_pickup',
  'ship',
  'deliver',
  'hand_off',
  'refuse_at_pickup',
  'expire',
  'complete',
  'cancel',
  'open_return',
  'refund',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

/** OL2: no order status is terminal (see the comment at the top). */
export const TERMINAL_ORDER_STATUSES = [] as const satisfies readonly OrderStatus[];

const x = null;

/**
 * OL1: every status × event cell is written out; `null` means the event cannot
 * happen at that status. No `Partial`, so a new status or event does not
 * compile until every cell for it is decided.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Readonly<Record<OrderEvent, OrderStatus | null>>>> = {
  captured: {
    route: 'routed',
    backorder: 'backordered',
    release_backorder: x,
    reroute: x,
    mark_unfillable: 'exception',
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: 'cancelled',
    open_return: x,
    refund: x,
  },
  backordered: {
    route: x,
    backorder: x,
    release_backorder: 'routed',
    reroute: x,
    mark_unfillable: 'exception',
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: 'cancelled',
    open_return: x,
    refund: x,
  },
  routed: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: 'captured',
    mark_unfillable: x,
    start_picking: 'picking',
    finish_picking: 'picked',
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: 'cancelled',
    open_return: x,
    refund: x,
  },
  picking: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: 'captured',
    mark_unfillable: x,
    start_picking: x,
    finish_picking: 'picked',
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: 'cancelled',
    open_return: x,
    refund: x,
  },
  picked: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: 'captured',
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: 'packed',
    stage_for_pickup: 'ready_for_pickup',
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: 'cancelled',
    open_return: x,
    refund: x,
  },
  packed: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: 'ready_for_pickup',
    ship: 'shipped',
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: 'cancelled',
    open_return: x,
    refund: x,
  },
  ready_for_pickup: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: 'picked_up',
    refuse_at_pickup: 'cancelled',
    expire: 'exception',
    complete: 'completed',
    cancel: 'cancelled',
    open_return: x,
    refund: x,
  },
  shipped: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: 'delivered',
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: 'completed',
    cancel: x,
    open_return: x,
    refund: x,
  },
  delivered: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: x,
    open_return: 'return_in_progress',
    refund: x,
  },
  picked_up: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: x,
    open_return: 'return_in_progress',
    refund: x,
  },
  completed: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: x,
    open_return: 'return_in_progress',
    refund: x,
  },
  return_in_progress: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: x,
    open_return: x,
    refund: 'refunded',
  },
  refunded: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: x,
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: x,
    open_return: 'return_in_progress',
    refund: x,
  },
  cancelled: {
    route: x,
    backorder: x,
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: 'picked_up',
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: x,
    open_return: x,
    refund: x,
  },
  exception: {
    route: 'routed',
    backorder: 'backordered',
    release_backorder: x,
    reroute: x,
    mark_unfillable: x,
    start_picking: x,
    finish_picking: x,
    pack: x,
    stage_for_pickup: x,
    ship: x,
    deliver: x,
    hand_off: 'picked_up',
    refuse_at_pickup: x,
    expire: x,
    complete: x,
    cancel: 'cancelled',
    open_return: x,
    refund: x,
  },
};

export function nextOrderStatus(from: OrderStatus, event: OrderEvent): OrderStatus | null {
  return ORDER_TRANSITIONS[from][event];
}

export function isTerminalOrderStatus(status: OrderStatus): boolean {
  return (TERMINAL_ORDER_STATUSES as readonly OrderStatus[]).includes(status);
}

/**
 * OL4: the order event each fulfilment-order event is, for an order with one
 * part. A rejection sends the lines back to routing; a partial handoff is a
 * handoff as far as the order is concerned (what was not taken is refunded).
 */
export const ORDER_EVENT_FOR_FULFILMENT_EVENT: Readonly<Record<FulfilmentOrderEvent, OrderEvent>> = {
  start_picking: 'start_picking',
  finish_picking: 'finish_picking',
  pack: 'pack',
  ship: 'ship',
  deliver: 'deliver',
  stage_for_pickup: 'stage_for_pickup',
  hand_off: 'hand_off',
  hand_off_partial: 'hand_off',
  refuse_at_pickup: 'refuse_at_pickup',
  reject: 'reroute',
  cancel: 'cancel',
  expire: 'expire',
};
