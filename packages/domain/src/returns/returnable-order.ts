import { z } from 'zod';
import { LineId, OrderId, Sku } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { CurrencyCode, MinorAmount } from './money.ts';
import { ProductCategory } from './return.ts';

/**
 * What returns need to know about one order line: what was bought, what was
 * paid, and what actually reached the customer. The server builds it from the
 * order and its fulfilment orders.
 */
export const ReturnableOrderLine = z
  .object({
    orderLineId: LineId,
    sku: Sku,
    quantity: Quantity,
    unitPriceMinor: MinorAmount,
    /** Every discount that applies to this line alone, summed. */
    lineDiscountMinor: MinorAmount,
    /** Units delivered or picked up; only these can come back. */
    fulfilledQuantity: z.number().int().nonnegative(),
    /**
     * When the last fulfilled unit was delivered or picked up; the return window
     * starts here (RF6), so a later partial delivery never shortens it.
     */
    fulfilledAt: z.iso.datetime().nullable(),
  })
  .refine((l) => l.lineDiscountMinor <= l.quantity * l.unitPriceMinor, {
    message: 'a line discount cannot exceed the line',
    path: ['lineDiscountMinor'],
  })
  .refine((l) => l.fulfilledQuantity <= l.quantity, { message: 'more fulfilled than ordered', path: ['fulfilledQuantity'] })
  .refine((l) => l.fulfilledQuantity === 0 || l.fulfilledAt !== null, {
    message: 'fulfilled units need a fulfilment instant',
    path: ['fulfilledAt'],
  });
export type ReturnableOrderLine = z.infer<typeof ReturnableOrderLine>;

const lineNet = (l: ReturnableOrderLine): number => l.quantity * l.unitPriceMinor - l.lineDiscountMinor;

export const ReturnableOrder = z
  .object({
    id: OrderId,
    currency: CurrencyCode,
    lines: z.array(ReturnableOrderLine).min(1).max(500),
    /** Discounts on the whole order (a voucher, a basket promotion), spread over lines by RF1. */
    orderDiscountMinor: MinorAmount,
    /** What the customer paid for delivery; refunded only when the seller is at fault (RF5). */
    shippingMinor: MinorAmount,
  })
  .refine((o) => new Set(o.lines.map((l) => l.orderLineId)).size === o.lines.length, 'order line ids are unique')
  .refine((o) => Number.isSafeInteger(o.lines.reduce((a, l) => a + l.quantity * l.unitPriceMinor, 0)), 'order total too large')
  .refine((o) => o.orderDiscountMinor <= o.lines.reduce((a, l) => a + lineNet(l), 0), {
    message: 'an order discount cannot exceed the discounted lines',
    path: ['orderDiscountMinor'],
  });
export type ReturnableOrder = z.infer<typeof ReturnableOrder>;

/** The catalog facts returns depend on. */
export const ReturnProduct = z.object({
  sku: Sku,
  category: ProductCategory,
  /** False for goods that may not come back for a change of mind (opened software, made to measure…). */
  returnable: z.boolean(),
  /** Overrides the category's window from the policy (RF6). */
  returnWindowDays: z.number().int().nonnegative().max(3650).optional(),
});
export type ReturnProduct = z.infer<typeof ReturnProduct>;
