import { z } from 'zod';
import { isFullyShipped, shippedPackageIds, type FloorFulfilmentOrder, type Shipment } from '../fulfilment-order/floor-fulfilment-order.ts';
import { FulfilmentOrderId, PackageId, ShipmentId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import type { CustomerNotificationRequestedEvent, FulfilmentOrderStatusChangedEvent, ShipmentDispatchedEvent } from './events.ts';
import { refuser } from './refusal.ts';
import { transition } from './transition.ts';

const CARRIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 &._-]{0,39}$/;
/** After normalising: 6 to 40 capital letters, digits and dashes, which covers UPS, FedEx, DHL, USPS and the posts. */
const TRACKING_PATTERN = /^[A-Z0-9][A-Z0-9-]{4,38}[A-Z0-9]$/;

/** Tracking numbers arrive typed with spaces or in lower case; carriers print them in capitals without spaces. */
export function normalizeTrackingNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function isValidTrackingNumber(raw: string): boolean {
  return TRACKING_PATTERN.test(normalizeTrackingNumber(raw));
}

export function isValidCarrier(raw: string): boolean {
  return CARRIER_PATTERN.test(raw.trim());
}

/** Packed packages leave with a carrier under one tracking number. Lengths are checked by `validate`, so a bad number is a refusal the UI can word. */
export const ShipCommand = z.object({
  type: z.literal('ship'),
  fulfilmentOrderId: FulfilmentOrderId,
  shipmentId: ShipmentId,
  carrier: z.string().max(200),
  trackingNumber: z.string().max(200),
  packageIds: z.array(PackageId).min(1).max(50),
});
export type ShipCommand = z.infer<typeof ShipCommand>;

export const SHIP_REFUSALS = {
  /** SH1 */
  not_a_ship_order: 'this fulfilment order is collected, not shipped',
  /** SH2 */
  not_packed: 'the fulfilment order is not packed',
  /** SH3 */
  invalid_carrier: 'a carrier is 1 to 40 letters, digits, spaces or & . _ -',
  /** SH3 */
  invalid_tracking_number: 'a tracking number is 6 to 40 letters, digits or dashes',
  /** SH4 */
  package_not_found: 'the fulfilment order has no such package',
  /** SH4 */
  duplicate_package: 'a package appears twice in the shipment',
  /** SH4 */
  package_already_shipped: 'this package already left with a carrier',
  /** SH5 */
  duplicate_shipment: 'this shipment id is already used on the fulfilment order',
} as const;
export type ShipRefusalCode = keyof typeof SHIP_REFUSALS;

const refuse = refuser(SHIP_REFUSALS);

export function validateShip(fo: FloorFulfilmentOrder, cmd: ShipCommand): Result<void, Refusal<ShipRefusalCode>> {
  if (fo.deliveryMethod !== 'ship') return err(refuse('not_a_ship_order'));
  if (fo.status !== 'packed') return err(refuse('not_packed', `it is ${fo.status}`));
  if (!isValidCarrier(cmd.carrier)) return err(refuse('invalid_carrier', JSON.stringify(cmd.carrier)));
  if (!isValidTrackingNumber(cmd.trackingNumber)) return err(refuse('invalid_tracking_number', JSON.stringify(cmd.trackingNumber)));
  if ((fo.shipments ?? []).some((s) => s.shipmentId === cmd.shipmentId)) return err(refuse('duplicate_shipment', cmd.shipmentId));
  const shipped = shippedPackageIds(fo);
  const seen = new Set<string>();
  for (const packageId of cmd.packageIds) {
    if (!(fo.packages ?? []).some((p) => p.packageId === packageId)) return err(refuse('package_not_found', packageId));
    if (seen.has(packageId)) return err(refuse('duplicate_package', packageId));
    seen.add(packageId);
    if (shipped.has(packageId)) return err(refuse('package_already_shipped', packageId));
  }
  return ok(undefined);
}

export type ShipEvent = ShipmentDispatchedEvent | CustomerNotificationRequestedEvent | FulfilmentOrderStatusChangedEvent;

/** SH6, SH7. Call only after `validateShip`. */
export function applyShip(fo: FloorFulfilmentOrder, cmd: ShipCommand, ctx: CommandContext): { state: FloorFulfilmentOrder; events: ShipEvent[] } {
  const shipment: Shipment = {
    shipmentId: cmd.shipmentId,
    carrier: cmd.carrier.trim(),
    trackingNumber: normalizeTrackingNumber(cmd.trackingNumber),
    packageIds: [...cmd.packageIds],
    shippedAt: ctx.now,
  };
  const shipments = [...(fo.shipments ?? []), shipment];
  const ref = { fulfilmentOrderId: fo.id, orderId: fo.orderId, at: ctx.now };
  const events: ShipEvent[] = [
    {
      ...ref,
      type: 'shipment_dispatched',
      shipmentId: shipment.shipmentId,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      packageIds: shipment.packageIds,
    },
    { ...ref, type: 'customer_notification_requested', kind: 'shipped', carrier: shipment.carrier, trackingNumber: shipment.trackingNumber },
  ];
  let status = fo.status;
  // SH7: the order is shipped when its last package leaves; until then it stays packed.
  if (isFullyShipped({ packages: fo.packages, shipments })) {
    const moved = transition(fo, 'ship', ctx.now);
    status = moved.status;
    events.push(...moved.events);
  }
  return { state: { ...fo, shipments, status, version: fo.version + 1, updatedAt: ctx.now }, events };
}
