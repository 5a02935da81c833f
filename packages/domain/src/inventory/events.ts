import type { LineId, LocationId, OrderId, ReservationId, Sku, TransferId } from '../ids.ts';
import type { AdjustmentReason } from './commands/adjust-stock.ts';
import type { ReservationKind } from './inventory-state.ts';

/**
 * What inventory operations report. Events that ask a person to act
 * (`stock_shortage`, `recount_requested`) are how a physical fact that
 * contradicts the books is surfaced instead of being refused and lost.
 */

interface At {
  readonly at: string;
}
interface StockRef {
  readonly sku: Sku;
  readonly locationId: LocationId;
}
interface ReservationRef extends StockRef {
  readonly reservationId: ReservationId;
}

export type ReservationEvent =
  | (ReservationRef & At & { readonly type: 'reservation_created'; readonly quantity: number; readonly kind: ReservationKind })
  | (ReservationRef & At & { readonly type: 'reservation_released'; readonly quantity: number; readonly remaining: number })
  | (ReservationRef & At & { readonly type: 'reservation_consumed'; readonly quantity: number; readonly remaining: number })
  | (ReservationRef & At & { readonly type: 'hold_expired'; readonly quantity: number })
  | (ReservationRef & At & { readonly type: 'hold_converted'; readonly orderId: OrderId; readonly lineId: LineId | null });

/** onHand fell below reserved: some reservations cannot all be picked here (INV7). */
export type StockShortageEvent = StockRef &
  At & { readonly type: 'stock_shortage'; readonly onHand: number; readonly reserved: number; readonly short: number };

export const RECOUNT_REASONS = {
  consumed_more_than_on_hand: 'more units left the building than the books had on hand',
  count_below_movements: 'units sold or moved since the count snapshot exceed what was counted',
  conflicting_counts: 'two counts of the same snapshot disagree',
} as const;
export type RecountReason = keyof typeof RECOUNT_REASONS;

/** A count task: the books and the shelf disagree by `units` that no fact explains. */
export type RecountRequestedEvent = StockRef &
  At & { readonly type: 'recount_requested'; readonly reason: RecountReason; readonly units: number };

export type StockCountedEvent = StockRef &
  At & {
    readonly type: 'stock_counted';
    readonly counted: number;
    readonly snapshotOnHand: number;
    readonly delta: number;
    readonly onHandBefore: number;
    readonly onHandAfter: number;
  };

export type CountSupersededEvent = StockRef &
  At & {
    readonly type: 'count_superseded';
    readonly counted: number;
    readonly snapshotOnHand: number;
    /** What this count would have applied. */
    readonly delta: number;
    /** What the count already applied from an older or equal snapshot did apply; null when unknown. */
    readonly appliedDelta: number | null;
    readonly agrees: boolean;
  };

export type StockAdjustedEvent = StockRef &
  At & {
    readonly type: 'stock_adjusted';
    readonly delta: number;
    readonly reason: AdjustmentReason;
    readonly onHandBefore: number;
    readonly onHandAfter: number;
  };

export type StockRestockedEvent = StockRef &
  At & { readonly type: 'stock_restocked'; readonly quantity: number; readonly onHandAfter: number; readonly source: string | null };

export interface TransferReceiptLine {
  readonly sku: Sku;
  readonly expected: number;
  readonly received: number;
}

export type TransferExpectedEvent = At & {
  readonly type: 'transfer_expected';
  readonly transferId: TransferId;
  readonly locationId: LocationId;
  readonly lines: readonly { readonly sku: Sku; readonly quantity: number }[];
};

export type TransferReceivedEvent = At & {
  readonly type: 'transfer_received';
  readonly transferId: TransferId;
  readonly locationId: LocationId;
  readonly lines: readonly TransferReceiptLine[];
  readonly missing: readonly { readonly sku: Sku; readonly quantity: number }[];
  readonly extra: readonly { readonly sku: Sku; readonly quantity: number }[];
};

export type InventoryEvent =
  | ReservationEvent
  | StockShortageEvent
  | RecountRequestedEvent
  | StockCountedEvent
  | CountSupersededEvent
  | StockAdjustedEvent
  | StockRestockedEvent
  | TransferExpectedEvent
  | TransferReceivedEvent;

export function shortageEvent(
  stock: { readonly sku: Sku; readonly locationId: LocationId; readonly onHand: number; readonly reserved: number },
  at: string,
): StockShortageEvent[] {
  if (stock.onHand >= stock.reserved) return [];
  return [
    {
      type: 'stock_shortage',
      sku: stock.sku,
      locationId: stock.locationId,
      onHand: stock.onHand,
      reserved: stock.reserved,
      short: stock.reserved - stock.onHand,
      at,
    },
  ];
}
