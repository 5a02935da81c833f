import { z } from 'zod';
import type { CommandContext } from '../commands/context.ts';
import { ChannelId, LineId, LocationId, OrderId, ReservationId, Sku } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import { availableNow, type AtpAnswer } from './atp.ts';
import type { RecountRequestedEvent, ReservationEvent } from './events.ts';
import { instant } from './instant.ts';
import {
  ReservationKind,
  stockLevelOrEmpty,
  withStockLevel,
  type ClosedReservation,
  type InventoryChange,
  type InventoryState,
  type Reservation,
  type ReservationOutcome,
} from './inventory-state.ts';

/**
 * The reservation ledger (RS rules). Each function is pure: it returns the next
 * state and its events, or a refusal and no change. Every one keeps
 * `stock.reserved` equal to the sum of live reservations (INV1).
 */

export const RESERVATION_REFUSALS = {
  /** RS1 */
  insufficient_stock: 'not enough unreserved stock on hand',
  /** RS2 */
  hold_needs_expiry: 'a cart hold must say when it expires',
  /** RS2 */
  expiry_not_in_future: 'the hold would already be expired',
  /** RS2 */
  order_reservation_cannot_expire: 'order reservations do not expire; release them on cancel',
  /** RS3 */
  duplicate_reservation: 'a reservation with this id already exists',
  /** RS4 */
  unknown_reservation: 'no such reservation',
  /** RS4 */
  already_released: 'the reservation was already released or has expired',
  /** RS4 */
  already_consumed: 'the reservation was already consumed',
  /** RS4 */
  quantity_exceeds_reservation: 'more units than the reservation holds',
  /** RS5 */
  not_an_order_reservation: 'a cart hold cannot be shipped or handed off; convert it to an order reservation first',
  /** RS8 */
  not_a_cart_hold: 'only a cart hold can be converted',
  /** RS8 */
  hold_expired: 'the cart hold has expired',
} as const;
export type ReservationRefusalCode = keyof typeof RESERVATION_REFUSALS;

/** `insufficient_stock` carries the ATP answer so the caller can show why (ATP6). */
export interface ReservationRefusal extends Refusal<ReservationRefusalCode> {
  readonly atp?: AtpAnswer;
}

const refuse = (code: ReservationRefusalCode, detail?: string, atp?: AtpAnswer): ReservationRefusal => {
  const message = detail ? `${RESERVATION_REFUSALS[code]}: ${detail}` : RESERVATION_REFUSALS[code];
  return atp ? { code, message, atp } : { code, message };
};

export type ReservationResult = Result<InventoryChange<ReservationEvent | RecountRequestedEvent>, ReservationRefusal>;

export const ReserveInput = z.object({
  id: ReservationId,
  sku: Sku,
  locationId: LocationId,
  quantity: Quantity,
  kind: ReservationKind,
  orderId: OrderId.optional(),
  lineId: LineId.optional(),
  expiresAt: z.iso.datetime().optional(),
  /** The channel the demand comes from: its buffer is held back from it (ATP4). */
  channel: ChannelId.optional(),
});
export type ReserveInput = z.infer<typeof ReserveInput>;

/** Releases `quantity` units of a live reservation (all of them when absent). */
export const ReleaseInput = z.object({ id: ReservationId, quantity: Quantity.optional() });
export type ReleaseInput = z.infer<typeof ReleaseInput>;

/** Consumes `quantity` units on ship or handoff (all of them when absent). */
export const ConsumeInput = z.object({ id: ReservationId, quantity: Quantity.optional() });
export type ConsumeInput = z.infer<typeof ConsumeInput>;

export const ConvertHoldInput = z.object({ id: ReservationId, orderId: OrderId, lineId: LineId.optional() });
export type ConvertHoldInput = z.infer<typeof ConvertHoldInput>;

function close(state: InventoryState, r: Reservation, outcome: ReservationOutcome, at: string): InventoryState {
  const closed: ClosedReservation = { id: r.id, sku: r.sku, locationId: r.locationId, kind: r.kind, outcome, at };
  return {
    ...state,
    reservations: state.reservations.filter((x) => x.id !== r.id),
    closedReservations: [...state.closedReservations, closed],
  };
}

/** Lowers what `r` holds by `units`, closing it with `outcome` when nothing is left, and lowers `reserved` to match. */
function takeFrom(state: InventoryState, r: Reservation, units: number, outcome: ReservationOutcome, at: string): InventoryState {
  const remaining = r.quantity - units;
  const next =
    remaining === 0
      ? close(state, r, outcome, at)
      : { ...state, reservations: state.reservations.map((x) => (x.id === r.id ? { ...r, quantity: remaining as Quantity } : x)) };
  const level = stockLevelOrEmpty(next, r.sku, r.locationId);
  return withStockLevel(next, { ...level, reserved: level.reserved - units });
}

/** RS4–RS6: why a reservation that is not live cannot be touched. */
function notLive(state: InventoryState, id: ReservationId): ReservationRefusal {
  const closed = state.closedReservations.find((c) => c.id === id);
  if (!closed) return refuse('unknown_reservation', id);
  if (closed.outcome === 'consumed') return refuse('already_consumed', `${id} at ${closed.at}`);
  return refuse('already_released', `${id} ${closed.outcome} at ${closed.at}`);
}

function isExpired(r: Reservation, now: number): boolean {
  return r.kind === 'cart_hold' && r.expiresAt !== undefined && instant(r.expiresAt) <= now;
}

function expire(
  state: InventoryState,
  now: string,
  which: (r: Reservation) => boolean,
): InventoryChange<ReservationEvent> {
  const t = instant(now);
  let next = state;
  const events: ReservationEvent[] = [];
  for (const r of state.reservations) {
    if (!which(r) || !isExpired(r, t)) continue;
    next = takeFrom(next, r, r.quantity, 'expired', now);
    events.push({ type: 'hold_expired', reservationId: r.id, sku: r.sku, locationId: r.locationId, quantity: r.quantity, at: now });
  }
  return { state: next, events };
}

/** RS6: releases every cart hold whose `expiresAt` ≤ now. Order reservations never expire. Cannot be refused. */
export function expireHolds(state: InventoryState, now: string): InventoryChange<ReservationEvent> {
  return expire(state, now, () => true);
}

/**
 * RS1–RS3, RS7: claims units on hand. Only `availableNow` counts (never
 * inbound): a reservation promises a picker something to find on the shelf.
 */
export function reserve(state: InventoryState, input: ReserveInput, ctx: CommandContext): ReservationResult {
  const now = instant(ctx.now);
  if (state.reservations.some((r) => r.id === input.id) || state.closedReservations.some((c) => c.id === input.id)) {
    return err(refuse('duplicate_reservation', input.id));
  }
  if (input.kind === 'cart_hold') {
    if (input.expiresAt === undefined) return err(refuse('hold_needs_expiry'));
    if (instant(input.expiresAt) <= now) return err(refuse('expiry_not_in_future', `${input.expiresAt} ≤ ${ctx.now}`));
  } else if (input.expiresAt !== undefined) {
    return err(refuse('order_reservation_cannot_expire'));
  }
  // RS7: a stale hold on this shelf must not block a sale just because the sweep has not run yet.
  const swept = expire(state, ctx.now, (r) => r.sku === input.sku && r.locationId === input.locationId);
  const level = stockLevelOrEmpty(swept.state, input.sku, input.locationId);
  const atp = availableNow(level, input.channel === undefined ? {} : { channel: input.channel });
  if (input.quantity > atp.atp) {
    return err(refuse('insufficient_stock', `${input.quantity} wanted, ${atp.atp} available`, atp));
  }
  const reservation: Reservation = {
    id: input.id,
    sku: input.sku,
    locationId: input.locationId,
    quantity: input.quantity,
    kind: input.kind,
    createdAt: ctx.now,
    ...(input.orderId === undefined ? {} : { orderId: input.orderId }),
    ...(input.lineId === undefined ? {} : { lineId: input.lineId }),
    ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
  };
  const next = withStockLevel(
    { ...swept.state, reservations: [...swept.state.reservations, reservation] },
    { ...level, reserved: level.reserved + input.quantity },
  );
  const created: ReservationEvent = {
    type: 'reservation_created',
    reservationId: input.id,
    sku: input.sku,
    locationId: input.locationId,
    quantity: input.quantity,
    kind: input.kind,
    at: ctx.now,
  };
  return ok({ state: next, events: [...swept.events, created] });
}

function live(state: InventoryState, id: ReservationId, quantity: number | undefined): Result<[Reservation, number], ReservationRefusal> {
  const r = state.reservations.find((x) => x.id === id);
  if (!r) return err(notLive(state, id));
  const units = quantity ?? r.quantity;
  if (units > r.quantity) return err(refuse('quantity_exceeds_reservation', `${units} asked, ${r.quantity} held`));
  return ok([r, units]);
}

/** RS4: gives units back to ATP (cancel, short-pick, customer removed an item). A hold past expiry may still be released. */
export function release(state: InventoryState, input: ReleaseInput, ctx: CommandContext): ReservationResult {
  const found = live(state, input.id, input.quantity);
  if (!found.ok) return found;
  const [r, units] = found.value;
  const event: ReservationEvent = {
    type: 'reservation_released',
    reservationId: r.id,
    sku: r.sku,
    locationId: r.locationId,
    quantity: units,
    remaining: r.quantity - units,
    at: ctx.now,
  };
  return ok({ state: takeFrom(state, r, units, 'released', ctx.now), events: [event] });
}

/**
 * RS5: the units left the building (shipped or handed off), so on hand and
 * reserved both drop. If the books had fewer on hand than that, the shipment
 * still stands — it happened — so on hand stops at zero and a recount is asked for.
 */
export function consume(state: InventoryState, input: ConsumeInput, ctx: CommandContext): ReservationResult {
  const found = live(state, input.id, input.quantity);
  if (!found.ok) return found;
  const [r, units] = found.value;
  if (r.kind !== 'order') return err(refuse('not_an_order_reservation', r.id));
  const taken = takeFrom(state, r, units, 'consumed', ctx.now);
  const level = stockLevelOrEmpty(taken, r.sku, r.locationId);
  const onHand = Math.max(0, level.onHand - units);
  const events: (ReservationEvent | RecountRequestedEvent)[] = [
    {
      type: 'reservation_consumed',
      reservationId: r.id,
      sku: r.sku,
      locationId: r.locationId,
      quantity: units,
      remaining: r.quantity - units,
      at: ctx.now,
    },
  ];
  if (level.onHand < units) {
    events.push({
      type: 'recount_requested',
      sku: r.sku,
      locationId: r.locationId,
      reason: 'consumed_more_than_on_hand',
      units: units - level.onHand,
      at: ctx.now,
    });
  }
  return ok({ state: withStockLevel(taken, { ...level, onHand }), events });
}

/**
 * RS8: checkout turns the cart hold into the order's reservation in one step,
 * so there is no moment where the units are free for someone else.
 */
export function convertHold(state: InventoryState, input: ConvertHoldInput, ctx: CommandContext): ReservationResult {
  const r = state.reservations.find((x) => x.id === input.id);
  if (!r) return err(notLive(state, input.id));
  if (r.kind !== 'cart_hold') return err(refuse('not_a_cart_hold', r.id));
  if (isExpired(r, instant(ctx.now))) return err(refuse('hold_expired', `${r.id} expired at ${r.expiresAt ?? '?'}`));
  const converted: Reservation = {
    id: r.id,
    sku: r.sku,
    locationId: r.locationId,
    quantity: r.quantity,
    kind: 'order',
    orderId: input.orderId,
    createdAt: r.createdAt,
    ...(input.lineId === undefined ? {} : { lineId: input.lineId }),
  };
  const event: ReservationEvent = {
    type: 'hold_converted',
    reservationId: r.id,
    sku: r.sku,
    locationId: r.locationId,
    orderId: input.orderId,
    lineId: input.lineId ?? null,
    at: ctx.now,
  };
  return ok({ state: { ...state, reservations: state.reservations.map((x) => (x.id === r.id ? converted : x)) }, events: [event] });
}
