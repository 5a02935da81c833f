import type { LineId } from '../ids.ts';
import { allocateLargestRemainder, basisPointsOf } from './money.ts';
import { restockingFeeBasisPoints, type ReturnPolicy } from './policy.ts';
import { isSellerAtFault, type ConditionGrade, type Return, type ReturnReason } from './return.ts';
import type { ReturnableOrder, ReturnableOrderLine, ReturnProduct } from './returnable-order.ts';

/** What the customer actually paid for one order line, split into goods and delivery. */
export interface LinePayment {
  readonly orderLineId: LineId;
  /** Line price less its own discounts and its share of order discounts (RF1). */
  readonly itemsMinor: number;
  /** The line's share of the order's shipping charge (RF5). */
  readonly shippingMinor: number;
}

/**
 * RF1, RF5: spreads order-level discounts and shipping over the lines with the
 * largest-remainder method, so the lines add up to exactly what the order cost.
 * Discounts follow the line's value after its own discounts; shipping follows
 * what was paid for the goods.
 */
export function linePayments(order: Pick<ReturnableOrder, 'lines' | 'orderDiscountMinor' | 'shippingMinor'>): LinePayment[] {
  const nets = order.lines.map((l) => l.quantity * l.unitPriceMinor - l.lineDiscountMinor);
  const discountShares = allocateLargestRemainder(order.orderDiscountMinor, nets);
  const items = nets.map((net, i) => net - (discountShares[i] ?? 0));
  const shipping = allocateLargestRemainder(order.shippingMinor, items);
  return order.lines.map((l, i) => ({ orderLineId: l.orderLineId, itemsMinor: items[i] ?? 0, shippingMinor: shipping[i] ?? 0 }));
}

/**
 * RF2–RF3: the amount carried by units `from + 1 … from + count` when `total`
 * is spread over `units` units, the first `total mod units` carrying one minor
 * unit more. Because a refund takes the next units in this fixed order, any
 * sequence of partial refunds adds up to at most `total`, and to exactly
 * `total` once every unit is back.
 */
export function unitsShareMinor(total: number, units: number, from: number, count: number): number {
  if (!Number.isInteger(from) || !Number.isInteger(count) || from < 0 || count < 0 || from + count > units) {
    throw new RangeError(`units ${from}+${count} are outside a line of ${units}`);
  }
  const base = Math.floor(total / units);
  const extra = total - base * units;
  const prefix = (n: number): number => n * base + Math.min(n, extra);
  return prefix(from + count) - prefix(from);
}

/** Units of an order line already refunded, across every return of the order (RF3). */
export function unitsRefunded(returns: readonly Pick<Return, 'lines'>[], orderLineId: LineId): number {
  let units = 0;
  for (const ret of returns) {
    for (const line of ret.lines) if (line.orderLineId === orderLineId && line.status === 'refunded') units += line.quantity;
  }
  return units;
}

export interface LineRefundRequest {
  readonly orderLineId: LineId;
  readonly quantity: number;
  readonly reason: ReturnReason;
  readonly condition: ConditionGrade;
  /** Units of this order line refunded before this one (`unitsRefunded`). */
  readonly unitsRefundedBefore: number;
}

/** A refund for some units of one line, with every term shown so support can explain it. */
export interface LineRefund {
  readonly orderLineId: LineId;
  readonly quantity: number;
  readonly unitsRefundedBefore: number;
  readonly sellerAtFault: boolean;
  /** What the customer paid for these units (RF1–RF3). */
  readonly itemsMinor: number;
  readonly restockingFeeBasisPoints: number;
  /** Deducted from `itemsMinor`, rounded down (RF4). */
  readonly restockingFeeMinor: number;
  /** The units' share of shipping; zero unless the seller is at fault (RF5). */
  readonly shippingMinor: number;
  /** `itemsMinor − restockingFeeMinor + shippingMinor`; an integer ≥ 0 (RF7). */
  readonly refundMinor: number;
}

/**
 * RF1–RF5, RF7: the refund for `quantity` units of one order line given how
 * many of its units were refunded before. The return window is not checked
 * here: it was checked when the return was asked for or received (RF6), and a
 * slow inspection must not cost the customer their refund.
 */
export function computeLineRefund(
  order: Pick<ReturnableOrder, 'lines' | 'orderDiscountMinor' | 'shippingMinor'>,
  product: Pick<ReturnProduct, 'category'>,
  policy: ReturnPolicy,
  request: LineRefundRequest,
): LineRefund {
  const index = order.lines.findIndex((l) => l.orderLineId === request.orderLineId);
  const orderLine: ReturnableOrderLine | undefined = order.lines[index];
  const payment = linePayments(order)[index];
  if (!orderLine || !payment) throw new Error(`order has no line ${request.orderLineId}`);
  const { quantity, unitsRefundedBefore: before } = request;
  const itemsMinor = unitsShareMinor(payment.itemsMinor, orderLine.quantity, before, quantity);
  const sellerAtFault = isSellerAtFault(request.reason);
  const feeBasisPoints = restockingFeeBasisPoints(request.reason, request.condition, product, policy);
  const restockingFeeMinor = basisPointsOf(itemsMinor, feeBasisPoints);
  const shippingMinor = sellerAtFault ? unitsShareMinor(payment.shippingMinor, orderLine.quantity, before, quantity) : 0;
  return {
    orderLineId: request.orderLineId,
    quantity,
    unitsRefundedBefore: before,
    sellerAtFault,
    itemsMinor,
    restockingFeeBasisPoints: feeBasisPoints,
    restockingFeeMinor,
    shippingMinor,
    refundMinor: itemsMinor - restockingFeeMinor + shippingMinor,
  };
}
