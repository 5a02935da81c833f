import type { LineId, ReturnId, ReturnLineId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import { isWithinReturnWindow, returnDeadline, returnWindowDays, type ReturnPolicy } from './policy.ts';
import { isSellerAtFault, type Return, type ReturnReason } from './return.ts';
import type { ReturnableOrder, ReturnableOrderLine, ReturnProduct } from './returnable-order.ts';

/** Everything a return decision reads: one order, its products, all its returns, and the tenant's policy. */
export interface ReturnsState {
  readonly order: ReturnableOrder;
  readonly products: readonly ReturnProduct[];
  /** Every return of the order, whatever its status: returnable quantity counts them all (RQ1). */
  readonly returns: readonly Return[];
  readonly policy: ReturnPolicy;
}

/** A return line, named by its return, so a line can be left out of its own count (RQ3). */
export interface ReturnLineRef {
  readonly returnId: ReturnId;
  readonly returnLineId: ReturnLineId;
}

/**
 * RQ1: units of an order line that may still come back: fulfilled units less
 * the units on every return line that is not cancelled, never below zero.
 * Requested lines count too, so two returns cannot promise the same unit.
 */
export function returnableQuantity(
  order: Pick<ReturnableOrder, 'id' | 'lines'>,
  returns: readonly Return[],
  orderLineId: LineId,
  except?: ReturnLineRef,
): number {
  const line = order.lines.find((l) => l.orderLineId === orderLineId);
  if (!line) return 0;
  let claimed = 0;
  for (const ret of returns) {
    if (ret.orderId !== order.id) continue;
    for (const rl of ret.lines) {
      if (rl.orderLineId !== orderLineId || rl.status === 'cancelled') continue;
      if (except && ret.id === except.returnId && rl.returnLineId === except.returnLineId) continue;
      claimed += rl.quantity;
    }
  }
  return Math.max(0, line.fulfilledQuantity - claimed);
}

export const ELIGIBILITY_REFUSALS = {
  /** RR2 */
  order_line_not_found: 'the order has no such line',
  /** RR3 */
  unknown_product: 'the product is not in the catalog',
  /** RR3 */
  not_returnable: 'this product can only come back when the seller is at fault',
  /** RQ2 */
  quantity_exceeds_returnable: 'more units than can still be returned',
  /** RR5 */
  outside_return_window: 'the return window has closed',
} as const;
export type EligibilityRefusalCode = keyof typeof ELIGIBILITY_REFUSALS;

export interface EligibilityQuestion {
  readonly orderLineId: LineId;
  readonly quantity: number;
  readonly reason: ReturnReason;
  /** The instant the return window is measured at (RF6). */
  readonly at: string;
  /** The line being received, when it was requested before: it does not compete with itself (RQ3). */
  readonly except?: ReturnLineRef;
}

/**
 * RR2–RR5, RQ2: may these units come back? Shared by requesting and receiving,
 * so a return accepted online is never refused at the desk for a rule the
 * website did not apply.
 */
export function checkEligibility(
  state: ReturnsState,
  question: EligibilityQuestion,
): Result<{ orderLine: ReturnableOrderLine; product: ReturnProduct }, Refusal<EligibilityRefusalCode>> {
  const refuse = (code: EligibilityRefusalCode, detail: string) =>
    err({ code, message: `${ELIGIBILITY_REFUSALS[code]}: ${detail}` });
  const orderLine = state.order.lines.find((l) => l.orderLineId === question.orderLineId);
  if (!orderLine) return refuse('order_line_not_found', question.orderLineId);
  const product = state.products.find((p) => p.sku === orderLine.sku);
  if (!product) return refuse('unknown_product', orderLine.sku);
  if (!product.returnable && !isSellerAtFault(question.reason)) {
    return refuse('not_returnable', `${orderLine.sku} for ${question.reason}`);
  }
  const returnable = returnableQuantity(state.order, state.returns, question.orderLineId, question.except);
  if (question.quantity > returnable) {
    return refuse('quantity_exceeds_returnable', `${question.quantity} asked, ${returnable} returnable`);
  }
  // Returnable units imply a fulfilment instant (ReturnableOrderLine refuses otherwise).
  const fulfilledAt = orderLine.fulfilledAt ?? question.at;
  const days = returnWindowDays(product, state.policy);
  if (!isWithinReturnWindow(fulfilledAt, days, question.at)) {
    return refuse('outside_return_window', `closed ${returnDeadline(fulfilledAt, days)}`);
  }
  return ok({ orderLine, product });
}
