import type { CommandContext } from '../../src/commands/context.ts';
import { DEFAULT_RETURN_POLICY } from '../../src/returns/policy.ts';
import type { ReceiveReturnLineCommand } from '../../src/returns/receive-return-line.ts';
import type { RequestReturnLineCommand } from '../../src/returns/request-return-line.ts';
import type { Return } from '../../src/returns/return.ts';
import { ReturnableOrder, ReturnProduct } from '../../src/returns/returnable-order.ts';
import type { ReturnsState } from '../../src/returns/returnable.ts';

export const DELIVERED_AT = '2026-11-20T10:00:00.000Z';
/** Seven days and one hour after delivery: inside 14- and 30-day windows, outside food's 7 days. */
export const ctx: CommandContext = { now: '2026-11-27T11:00:00.000Z' };
export const later = (now: string, hours: number): CommandContext => ({ now: new Date(Date.parse(now) + hours * 3_600_000).toISOString() });

/**
 * Four fully delivered lines: three shirts, a phone, non-returnable tea and
 * soap, with a line discount, an order voucher and shipping.
 */
export function makeOrder(overrides: Partial<Record<string, unknown>> = {}): ReturnableOrder {
  return ReturnableOrder.parse({
    id: 'ord-1',
    currency: 'EUR',
    orderDiscountMinor: 1000,
    shippingMinor: 595,
    lines: [
      { orderLineId: 'l1', sku: 'SHIRT-01', quantity: 3, unitPriceMinor: 1000, lineDiscountMinor: 100, fulfilledQuantity: 3, fulfilledAt: DELIVERED_AT },
      { orderLineId: 'l2', sku: 'PHONE-01', quantity: 1, unitPriceMinor: 50000, lineDiscountMinor: 0, fulfilledQuantity: 1, fulfilledAt: DELIVERED_AT },
      { orderLineId: 'l3', sku: 'TEA-01', quantity: 2, unitPriceMinor: 499, lineDiscountMinor: 0, fulfilledQuantity: 2, fulfilledAt: DELIVERED_AT },
      { orderLineId: 'l4', sku: 'SOAP-01', quantity: 1, unitPriceMinor: 350, lineDiscountMinor: 0, fulfilledQuantity: 1, fulfilledAt: DELIVERED_AT },
    ],
    ...overrides,
  });
}

export const PRODUCTS: readonly ReturnProduct[] = [
  { sku: 'SHIRT-01', category: 'apparel', returnable: true },
  { sku: 'PHONE-01', category: 'electronics', returnable: true },
  { sku: 'TEA-01', category: 'food', returnable: false },
  { sku: 'SOAP-01', category: 'hygiene', returnable: true, returnWindowDays: 60 },
].map((p) => ReturnProduct.parse(p));

export function makeState(overrides: Partial<ReturnsState> = {}): ReturnsState {
  return { order: makeOrder(), products: PRODUCTS, returns: [], policy: DEFAULT_RETURN_POLICY, ...overrides };
}

export const receive = (fields: Partial<Record<keyof ReceiveReturnLineCommand, string | number>> = {}): ReceiveReturnLineCommand =>
  ({
    type: 'receive_return_line',
    orderId: 'ord-1',
    returnId: 'rma-1',
    returnLineId: 'rl-1',
    orderLineId: 'l1',
    locationId: 'store-1',
    quantity: 1,
    reason: 'size_or_fit',
    condition: 'A',
    ...fields,
  }) as ReceiveReturnLineCommand;

export const request = (fields: Partial<Record<keyof RequestReturnLineCommand, string | number>> = {}): RequestReturnLineCommand =>
  ({
    type: 'request_return_line',
    orderId: 'ord-1',
    returnId: 'rma-1',
    returnLineId: 'rl-1',
    orderLineId: 'l1',
    quantity: 1,
    reason: 'size_or_fit',
    ...fields,
  }) as RequestReturnLineCommand;

export function returnOf(state: ReturnsState, id = 'rma-1'): Return {
  const ret = state.returns.find((r) => r.id === id);
  if (!ret) throw new Error(`no return ${id}`);
  return ret;
}
