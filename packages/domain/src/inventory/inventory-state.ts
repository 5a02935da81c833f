import { z } from 'zod';
import { LineId, LocationId, OrderId, ReservationId, Sku, TransferId } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { emptyStockLevel, StockLevel } from './stock-level.ts';

export const RESERVATION_KINDS = ['order', 'cart_hold'] as const;
export const ReservationKind = z.enum(RESERVATION_KINDS);
export type ReservationKind = z.infer<typeof ReservationKind>;

/** A live claim on units on hand. `quantity` is what it still holds; an emptied reservation is closed. */
export const Reservation = z.object({
  id: ReservationId,
  sku: Sku,
  locationId: LocationId,
  quantity: Quantity,
  kind: ReservationKind,
  orderId: OrderId.optional(),
  lineId: LineId.optional(),
  /** Cart holds only (RS2). */
  expiresAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
});
export type Reservation = z.infer<typeof Reservation>;

export const RESERVATION_OUTCOMES = ['released', 'consumed', 'expired'] as const;
export type ReservationOutcome = (typeof RESERVATION_OUTCOMES)[number];

/**
 * The ledger remembers closed reservations so a late release or a replayed
 * consume gets a precise refusal (`already_released`, `already_consumed`)
 * rather than `unknown_reservation`, and so an id is never reused (RS3).
 */
export const ClosedReservation = z.object({
  id: ReservationId,
  sku: Sku,
  locationId: LocationId,
  kind: ReservationKind,
  outcome: z.enum(RESERVATION_OUTCOMES),
  at: z.iso.datetime(),
});
export type ClosedReservation = z.infer<typeof ClosedReservation>;

export const TransferLine = z.object({ sku: Sku, quantity: Quantity });
export type TransferLine = z.infer<typeof TransferLine>;

export const TRANSFER_STATUSES = ['in_transit', 'received'] as const;

/** Stock on its way to `locationId` from another location; received once (TR2), completely or not. */
export const InboundTransfer = z.object({
  id: TransferId,
  locationId: LocationId,
  fromLocationId: LocationId.optional(),
  lines: z.array(TransferLine).min(1),
  status: z.enum(TRANSFER_STATUSES),
  receivedAt: z.iso.datetime().optional(),
});
export type InboundTransfer = z.infer<typeof InboundTransfer>;

const stockKey = (sku: string, locationId: string): string => `${locationId}\u0000${sku}`;

/**
 * Everything inventory rules read and write, as plain JSON: the server loads
 * the slice a request touches; the PWA keeps its location's slice.
 */
export const InventoryState = z
  .object({
    stock: z.array(StockLevel),
    reservations: z.array(Reservation).default([]),
    closedReservations: z.array(ClosedReservation).default([]),
    transfers: z.array(InboundTransfer).default([]),
  })
  .refine((s) => new Set(s.stock.map((l) => stockKey(l.sku, l.locationId))).size === s.stock.length, {
    message: 'one stock level per SKU × location (INV6)',
    path: ['stock'],
  });
export type InventoryState = z.infer<typeof InventoryState>;

/** What every inventory operation returns: the next state (the input is never mutated) and what happened. */
export interface InventoryChange<E> {
  readonly state: InventoryState;
  readonly events: E[];
}

export function emptyInventory(): InventoryState {
  return { stock: [], reservations: [], closedReservations: [], transfers: [] };
}

export function findStockLevel(state: InventoryState, sku: Sku, locationId: LocationId): StockLevel | undefined {
  return state.stock.find((s) => s.sku === sku && s.locationId === locationId);
}

/** A SKU never stocked at a location reads as zero everywhere. */
export function stockLevelOrEmpty(state: InventoryState, sku: Sku, locationId: LocationId): StockLevel {
  return findStockLevel(state, sku, locationId) ?? emptyStockLevel(sku, locationId);
}

/** Replaces the level with the same SKU × location, or appends it. */
export function withStockLevel(state: InventoryState, level: StockLevel): InventoryState {
  const i = state.stock.findIndex((s) => s.sku === level.sku && s.locationId === level.locationId);
  const stock = i < 0 ? [...state.stock, level] : state.stock.map((s, j) => (j === i ? level : s));
  return { ...state, stock };
}

/**
 * INV1, INV2 and INV6 as a list of violations (empty when the state is sound).
 * The server can assert it after a transaction; tests assert it after every step.
 */
export function checkInventoryInvariants(state: InventoryState): string[] {
  const problems: string[] = [];
  const held = new Map<string, number>();
  const ids = new Set<string>();
  for (const r of state.reservations) {
    if (ids.has(r.id)) problems.push(`reservation ${r.id} is live twice`);
    ids.add(r.id);
    const key = stockKey(r.sku, r.locationId);
    held.set(key, (held.get(key) ?? 0) + r.quantity);
  }
  for (const c of state.closedReservations) {
    if (ids.has(c.id)) problems.push(`reservation ${c.id} is both live and closed, or closed twice`);
    ids.add(c.id);
  }
  const keys = new Set<string>();
  for (const s of state.stock) {
    const key = stockKey(s.sku, s.locationId);
    if (keys.has(key)) problems.push(`two stock levels for ${s.sku} at ${s.locationId}`);
    keys.add(key);
    const live = held.get(key) ?? 0;
    if (s.reserved !== live) problems.push(`${s.sku} at ${s.locationId}: reserved ${s.reserved} but live reservations hold ${live}`);
    if (s.onHand < 0) problems.push(`${s.sku} at ${s.locationId}: onHand ${s.onHand} is negative`);
  }
  for (const key of held.keys()) {
    if (!keys.has(key)) problems.push(`live reservations for a stock level that does not exist (${key.replace('\u0000', ' / ')})`);
  }
  return problems;
}
