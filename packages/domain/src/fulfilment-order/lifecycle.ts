/**
 * Fulfilment-order lifecycle (FO rules in SPEC.md).
 *
 *                 start_picking        finish_picking         pack            ship           deliver
 *   assigned ───────────────▶ picking ─────────────▶ picked ───────▶ packed ───────▶ shipped ─────────▶ delivered
 *     │  │                      │                    │  │               │
 *     │  └──── finish_picking ──┼──────────────▶     │  └─ stage_for_pickup ─┐        hand_off
 *     │                         │                    │                  ▼   └─▶ ready_for_pickup ───────▶ picked_up
 *     │ reject / cancel         │ reject / cancel    │ reject / cancel        │ cancel      │ expire
 *     ▼                         ▼                    ▼                        ▼             ▼
 *   rejected | cancelled      rejected | cancelled  rejected | cancelled   cancelled     expired
 *
 * `packed` may also be cancelled or staged for pickup. A terminal state accepts no event.
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
  'reject',
  'cancel',
  'expire',
] as const;
export type FulfilmentOrderEvent = (typeof FULFILMENT_ORDER_EVENTS)[number];

/** FO2: states that accept no event. */
export const TERMINAL_FULFILMENT_ORDER_STATUSES = [
  'delivered',
  'picked_up',
  'rejected',
  'cancelled',
  'expired',
] as const satisfies readonly FulfilmentOrderStatus[];

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
    reject: 'rejected',
    cancel: 'cancelled',
    expire: x,
  },
  packed: {
    start_picking: x,
    finish_picking: x,
    pack: x,
    ship: 'shipped',
    deliver: x,
    stage_for_pickup: 'ready_for_pickup',
    hand_off: x,
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
    reject: x,
    cancel: 'cancelled',
    expire: 'expired',
  },
  delivered: { start_picking: x, finish_picking: x, pack: x, ship: x, deliver: x, stage_for_pickup: x, hand_off: x, reject: x, cancel: x, expire: x },
  picked_up: { start_picking: x, finish_picking: x, pack: x, ship: x, deliver: x, stage_for_pickup: x, hand_off: x, reject: x, cancel: x, expire: x },
  rejected: { start_picking: x, finish_picking: x, pack: x, ship: x, deliver: x, stage_for_pickup: x, hand_off: x, reject: x, cancel: x, expire: x },
  cancelled: { start_picking: x, finish_picking: x, pack: x, ship: x, deliver: x, stage_for_pickup: x, hand_off: x, reject: x, cancel: x, expire: x },
  expired: { start_picking: x, finish_picking: x, pack: x, ship: x, deliver: x, stage_for_pickup: x, hand_off: x, reject: x, cancel: x, expire: x },
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
