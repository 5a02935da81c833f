import { z } from 'zod';
import { DeliveryMethod, FulfilmentOrderLine } from '../fulfilment-order/fulfilment-order.ts';
import { FULFILMENT_ORDER_STATUSES } from '../fulfilment-order/lifecycle.ts';
import { FulfilmentOrderId, LocationId, OrderId, Sku } from '../ids.ts';
import { RoutingDecision } from '../routing/decision.ts';
import { Quantity } from '../quantity.ts';
import { Shipment } from '../fulfilment-order/floor-fulfilment-order.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export const Address = z.object({
  name: z.string().trim().max(200).optional(),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(1).max(20),
  region: z.string().trim().max(100).optional(),
  /** ISO 3166-1 alpha-2. */
  country: z.string().regex(/^[A-Z]{2}$/, 'country is an ISO 3166-1 alpha-2 code such as GB or US'),
  /** Without it, routing falls back to the postal code / region and says so. */
  geo: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
});
export type Address = z.infer<typeof Address>;

export const CaptureOrderLine = z.object({
  sku: Sku,
  quantity: Quantity,
  /** Overrides the order's delivery method for this line: that is how a mixed order is sent. */
  deliveryMethod: DeliveryMethod.optional(),
  /** What the customer paid per unit after discounts, in minor units; refunds are computed from it. */
  unitPriceMinor: z.number().int().nonnegative().max(100_000_000).optional(),
});
export type CaptureOrderLine = z.infer<typeof CaptureOrderLine>;

/**
 * Channel order capture: ship-to-home, pickup-in-store, or mixed (lines that
 * override the order's delivery method). Pickup lines need `pickupLocationId`,
 * shipping lines need `shipTo`.
 */
export const CaptureOrderRequest = z
  .object({
    externalId: z.string().trim().min(1).max(100),
    customer: z.object({
      firstName: z.string().trim().min(1).max(100),
      lastName: z.string().trim().min(1).max(100),
      email: z.email().max(254).optional(),
      phone: z.string().trim().max(40).optional(),
    }),
    deliveryMethod: DeliveryMethod,
    pickupLocationId: LocationId.optional(),
    shipTo: Address.optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency is an ISO 4217 code such as GBP').optional(),
    lines: z.array(CaptureOrderLine).min(1).max(500),
  })
  .superRefine((order, ctx) => {
    const methodOf = (l: CaptureOrderLine) => l.deliveryMethod ?? order.deliveryMethod;
    if (order.lines.some((l) => methodOf(l) === 'pickup') && !order.pickupLocationId) {
      ctx.addIssue({ code: 'custom', path: ['pickupLocationId'], message: 'pickup lines need a pickupLocationId' });
    }
    if (order.lines.some((l) => methodOf(l) === 'ship') && !order.shipTo) {
      ctx.addIssue({ code: 'custom', path: ['shipTo'], message: 'shipping lines need a shipTo address' });
    }
    const seen = new Set<string>();
    order.lines.forEach((l, i) => {
      const key = `${methodOf(l)}/${l.sku}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'sku'], message: 'each SKU may appear once per delivery method' });
      seen.add(key);
    });
  });
export type CaptureOrderRequest = z.infer<typeof CaptureOrderRequest>;

export const SHORTFALL_KINDS = ['backorder', 'unfillable'] as const;

export const OrderView = z.object({
  id: OrderId,
  orderNumber: z.string(),
  externalId: z.string(),
  channel: z.string(),
  /** Derived from the fulfilment orders (OS1), never stored. */
  status: z.string(),
  deliveryMethod: z.enum(['ship', 'pickup', 'mixed']),
  createdAt: z.iso.datetime(),
  fulfilmentOrders: z.array(
    z.object({
      id: FulfilmentOrderId,
      locationId: LocationId,
      deliveryMethod: DeliveryMethod,
      status: z.enum(FULFILMENT_ORDER_STATUSES),
      lines: z.array(FulfilmentOrderLine),
      /** What left with a carrier, so the channel can show tracking without waiting for the webhook. */
      shipments: z.array(Shipment.omit({ packageIds: true })),
    }),
  ),
  /** Units no location could take now: backordered against inbound supply, or unfillable. */
  shortfalls: z.array(
    z.object({
      lineId: z.string(),
      sku: z.string(),
      kind: z.enum(SHORTFALL_KINDS),
      quantity: z.number().int().positive(),
      reason: z.string(),
      locationId: z.string().nullable(),
      status: z.enum(['open', 'resolved', 'cancelled']),
    }),
  ),
  /** The routing decision with its explanation: filters, candidate scores, chosen plan, alternatives. */
  routing: RoutingDecision.nullable(),
});
export type OrderView = z.infer<typeof OrderView>;

export const CancelOrderRequest = z.object({
  reason: z.string().trim().min(1).max(200).optional(),
});
export type CancelOrderRequest = z.infer<typeof CancelOrderRequest>;
