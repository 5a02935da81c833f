import type { FloorFulfilmentOrder, NotTakenReason } from '../fulfilment-order/floor-fulfilment-order.ts';
import type { FulfilmentOrderStatus } from '../fulfilment-order/lifecycle.ts';
import type { LineId, LocationId, OrderId, PackageId, ShipmentId, Sku } from '../ids.ts';

/**
 * What floor commands report. The fulfilment order only changes itself; every
 * consequence elsewhere (stock, rerouting, restock tasks, customer messages)
 * is an event the server acts on in the same transaction, so the domain stays
 * free of I/O and the PWA can apply the same command without side effects.
 * Events are plain JSON: the server stores them as they are.
 */

type FulfilmentOrderId = FloorFulfilmentOrder['id'];

interface At {
  readonly at: string;
}
interface FoRef extends At {
  readonly fulfilmentOrderId: FulfilmentOrderId;
}

/** Units of one line, with the SKU so the stock side needs no lookup. */
export interface LineUnits {
  readonly lineId: LineId;
  readonly sku: Sku;
  readonly quantity: number;
}

export type FulfilmentOrderStatusChangedEvent = FoRef & {
  readonly type: 'fulfilment_order_status_changed';
  readonly from: FulfilmentOrderStatus;
  readonly to: FulfilmentOrderStatus;
};

export type LinePickedEvent = FoRef & { readonly type: 'line_picked'; readonly lineId: LineId; readonly quantity: number };

export const SHORT_PICK_REASONS = ['not_in_stock', 'damaged', 'not_found', 'customer_cancelled'] as const;
export type ShortPickReason = (typeof SHORT_PICK_REASONS)[number];

export type LineShortPickedEvent = FoRef & {
  readonly type: 'line_short_picked';
  readonly lineId: LineId;
  readonly sku: Sku;
  readonly quantity: number;
  readonly reason: ShortPickReason;
};

/** SP5: the order must route these units elsewhere, never back to `excludeLocationId`. */
export type RerouteRequestedEvent = FoRef & {
  readonly type: 'reroute_requested';
  readonly orderId: OrderId;
  readonly excludeLocationId: LocationId;
  readonly reason: Exclude<ShortPickReason, 'customer_cancelled'>;
  readonly lines: readonly LineUnits[];
};

/** SP6: the books said the SKU was here and the shelf disagrees: onHand goes to 0 until a count says otherwise. */
export type StockZeroRequestedEvent = FoRef & {
  readonly type: 'stock_zero_requested';
  readonly locationId: LocationId;
  readonly sku: Sku;
};

export type CountTaskRequestedEvent = FoRef & {
  readonly type: 'count_task_requested';
  readonly locationId: LocationId;
  readonly sku: Sku;
  readonly reason: 'not_in_stock' | 'not_found';
};

export type DamagedStockReportedEvent = FoRef & {
  readonly type: 'damaged_stock_reported';
  readonly locationId: LocationId;
  readonly sku: Sku;
  readonly quantity: number;
};

export const RESTOCK_REASONS = ['rejected', 'cancelled', 'not_taken_at_pickup', 'refused_at_pickup', 'pickup_expired'] as const;
export type RestockReason = (typeof RESTOCK_REASONS)[number];

/** A put-back task: picked units must go back on the shelf (from `bin` when they were staged). */
export type RestockRequestedEvent = FoRef & {
  readonly type: 'restock_requested';
  readonly locationId: LocationId;
  readonly reason: RestockReason;
  readonly bin: string | null;
  readonly lines: readonly LineUnits[];
};

export type PackagePackedEvent = FoRef & {
  readonly type: 'package_packed';
  readonly packageId: PackageId;
  readonly lines: readonly { readonly lineId: LineId; readonly quantity: number }[];
};

export type CustomerNotificationRequestedEvent = FoRef & {
  readonly type: 'customer_notification_requested';
  readonly orderId: OrderId;
} & (
    | { readonly kind: 'ready_for_pickup' }
    | { readonly kind: 'pickup_expired' }
    | { readonly kind: 'shipped'; readonly carrier: string; readonly trackingNumber: string }
  );

export type StagedForPickupEvent = FoRef & { readonly type: 'staged_for_pickup'; readonly bin: string };

export type HandoffRecordedEvent = FoRef & {
  readonly type: 'handoff_recorded';
  readonly orderId: OrderId;
  readonly outcome: 'all' | 'some' | 'refused';
  readonly verifiedBy: 'pickup_code' | 'id_checked';
  readonly handedOver: readonly LineUnits[];
  readonly notTaken: readonly LineUnits[];
  readonly reason: NotTakenReason | null;
};

/**
 * HO7: goods were handed over after the fulfilment order was cancelled or
 * expired. The handoff stands; a manager settles the money and cancels the
 * restock task that the cancellation or expiry raised.
 */
export type LateHandoffRecordedEvent = FoRef & {
  readonly type: 'late_handoff_recorded';
  readonly orderId: OrderId;
  readonly previousStatus: FulfilmentOrderStatus;
  /** Units to take off the restock task the cancellation or expiry raised. */
  readonly handedOver: readonly LineUnits[];
};

export type ShipmentDispatchedEvent = FoRef & {
  readonly type: 'shipment_dispatched';
  readonly orderId: OrderId;
  readonly shipmentId: ShipmentId;
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly packageIds: readonly PackageId[];
};
