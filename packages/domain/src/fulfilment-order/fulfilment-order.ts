import { z } from 'zod';
import { Gtin } from '../barcode/gtin.ts';
import { FulfilmentOrderId, LineId, LocationId, OrderId, Sku } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { FULFILMENT_ORDER_STATUSES } from './lifecycle.ts';

export const DELIVERY_METHODS = ['pickup', 'ship'] as const;
export const DeliveryMethod = z.enum(DELIVERY_METHODS);
export type DeliveryMethod = z.infer<typeof DeliveryMethod>;

export const FulfilmentOrderLine = z.object({
  lineId: LineId,
  sku: Sku,
  /** Primary barcode of the product; null when the catalog has none (the line is then picked by SKU). */
  gtin: Gtin.nullable(),
  name: z.string(),
  quantity: Quantity,
  /** Units picked for this order. After a rejection or cancellation it keeps what had been picked; the events say they went back. */
  picked: z.number().int().nonnegative(),
  /**
   * Units this location could not supply (not in stock, damaged, not found):
   * the order reroutes them elsewhere. Absent means 0, so documents written
   * before short-picking existed still parse.
   */
  shortPicked: z.number().int().nonnegative().optional(),
  /** Units the customer no longer wants, recorded on the floor: neither picked nor rerouted. Absent means 0. */
  customerCancelled: z.number().int().nonnegative().optional(),
});
export type FulfilmentOrderLine = z.infer<typeof FulfilmentOrderLine>;

/**
 * The lines one location fulfils for one order: the document a store device
 * replicates. `version` grows by one with every applied change, so a device can
 * tell whether its replica already reflects a command the server acknowledged.
 * What packing, staging, handoff and shipping record lives in
 * `FloorFulfilmentOrder` (floor-fulfilment-order.ts says why).
 */
export const FulfilmentOrder = z.object({
  id: FulfilmentOrderId,
  orderId: OrderId,
  orderNumber: z.string(),
  locationId: LocationId,
  deliveryMethod: DeliveryMethod,
  status: z.enum(FULFILMENT_ORDER_STATUSES),
  /** First name and last initial only: store screens never need the full name (blueprint §5). */
  customerDisplayName: z.string(),
  lines: z.array(FulfilmentOrderLine).min(1),
  version: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type FulfilmentOrder = z.infer<typeof FulfilmentOrder>;

/** Units of the line still to be picked: ordered minus picked, short-picked and cancelled by the customer. */
export function openQuantity(line: FulfilmentOrderLine): number {
  return line.quantity - line.picked - (line.shortPicked ?? 0) - (line.customerCancelled ?? 0);
}

/** No line has units left to pick: each was picked, short-picked or cancelled by the customer. */
export function isFullyPicked(fo: { readonly lines: readonly FulfilmentOrderLine[] }): boolean {
  return fo.lines.every((line) => openQuantity(line) <= 0);
}

/** "Ada Lovelace" → "Ada L." — what the floor and the counter see of a customer. */
export function customerDisplayName(firstName: string, lastName: string): string {
  const first = firstName.trim();
  const initial = lastName.trim().charAt(0).toLocaleUpperCase();
  return initial ? `${first} ${initial}.` : first;
}
