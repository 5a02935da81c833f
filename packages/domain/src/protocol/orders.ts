import { z } from 'zod';
import { FulfilmentOrderLine } from '../fulfilment-order/fulfilment-order.ts';
import { FULFILMENT_ORDER_STATUSES } from '../fulfilment-order/lifecycle.ts';
import { FulfilmentOrderId, LocationId, OrderId, Sku } from '../ids.ts';
import { Quantity } from '../quantity.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Channel order capture. Only pickup-in-store orders exist so far; shipping arrives with routing. */
export const CaptureOrderRequest = z.object({
  externalId: z.string().trim().min(1).max(100),
  customer: z.object({
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    email: z.email().max(254).optional(),
  }),
  deliveryMethod: z.literal('pickup'),
  pickupLocationId: LocationId,
  lines: z
    .array(z.object({ sku: Sku, quantity: Quantity }))
    .min(1)
    .max(500)
    .refine((lines) => new Set(lines.map((l) => l.sku)).size === lines.length, 'each SKU may appear on one line only'),
});
export type CaptureOrderRequest = z.infer<typeof CaptureOrderRequest>;

export const OrderView = z.object({
  id: OrderId,
  orderNumber: z.string(),
  externalId: z.string(),
  channel: z.string(),
  status: z.string(),
  deliveryMethod: z.literal('pickup'),
  createdAt: z.iso.datetime(),
  fulfilmentOrders: z.array(
    z.object({
      id: FulfilmentOrderId,
      locationId: LocationId,
      status: z.enum(FULFILMENT_ORDER_STATUSES),
      lines: z.array(FulfilmentOrderLine),
    }),
  ),
});
export type OrderView = z.infer<typeof OrderView>;
