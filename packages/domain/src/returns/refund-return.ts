import { z } from 'zod';
import type { CommandContext } from '../commands/context.ts';
import { type OrderId, ReturnId, type ReturnLineId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import { nextReturnStatus } from './lifecycle.ts';
import { computeLineRefund, unitsRefunded, type LineRefund } from './refund.ts';
import { findReturn, statusChange, withReturn, type ReturnStatusChangedEvent } from './return-state.ts';
import type { Return, ReturnLine } from './return.ts';
import type { ReturnsState } from './returnable.ts';

/** Pays the customer for every dispositioned line of a return. The server moves the money. */
export const RefundReturnCommand = z.object({
  type: z.literal('refund_return'),
  returnId: ReturnId,
});
export type RefundReturnCommand = z.infer<typeof RefundReturnCommand>;

export const REFUND_RETURN_REFUSALS = {
  /** RF8 */
  return_not_found: 'the order has no such return',
  /** RF8 */
  nothing_to_refund: 'no line of the return is dispositioned and waiting for its refund',
} as const;
export type RefundReturnRefusalCode = keyof typeof REFUND_RETURN_REFUSALS;
export type RefundReturnRefusal = Refusal<RefundReturnRefusalCode>;

export function validateRefundReturn(state: ReturnsState, cmd: RefundReturnCommand): Result<void, RefundReturnRefusal> {
  const ret = findReturn(state, cmd.returnId);
  if (!ret) return err({ code: 'return_not_found', message: `${REFUND_RETURN_REFUSALS.return_not_found}: ${cmd.returnId}` });
  if (!ret.lines.some((l) => nextReturnStatus(l.status, 'refund') !== null)) {
    return err({ code: 'nothing_to_refund', message: `${REFUND_RETURN_REFUSALS.nothing_to_refund}: ${cmd.returnId}` });
  }
  return ok(undefined);
}

export type RefundReturnEvent =
  | {
      readonly type: 'return_line_refunded';
      readonly returnId: ReturnId;
      readonly returnLineId: ReturnLineId;
      /** Every term of the amount, for the receipt and for support. */
      readonly refund: LineRefund;
      readonly at: string;
    }
  | {
      /** The server pays `totalMinor` back through the order's payment. */
      readonly type: 'refund_issued';
      readonly returnId: ReturnId;
      readonly orderId: OrderId;
      readonly currency: string;
      readonly totalMinor: number;
      readonly at: string;
    }
  | ReturnStatusChangedEvent;

/**
 * RF8: refunds each dispositioned line in line order, each taking the next
 * unpaid units of its order line (RF3), records `refundMinor` and moves the
 * line to `refunded`. Call only after `validateRefundReturn` accepted.
 */
export function applyRefundReturn(
  state: ReturnsState,
  cmd: RefundReturnCommand,
  ctx: CommandContext,
): { state: ReturnsState; events: RefundReturnEvent[] } {
  const before = findReturn(state, cmd.returnId);
  if (!before) throw new Error(`refund_return applied without validation: ${cmd.returnId}`);
  const lineEvents: RefundReturnEvent[] = [];
  let totalMinor = 0;
  // Lines refunded earlier in this same action count as refunded for the next one.
  const refundedNow = new Map<string, number>();
  const ofThisOrder = state.returns.filter((r) => r.orderId === state.order.id);
  const lines = before.lines.map((l): ReturnLine => {
    const next = nextReturnStatus(l.status, 'refund');
    if (!next) return l;
    const product = state.products.find((p) => p.sku === l.sku);
    if (!product || !l.condition) throw new Error(`return line ${l.returnLineId} cannot be refunded: missing product or grade`);
    const unitsRefundedBefore = unitsRefunded(ofThisOrder, l.orderLineId) + (refundedNow.get(l.orderLineId) ?? 0);
    const refund = computeLineRefund(state.order, product, state.policy, {
      orderLineId: l.orderLineId,
      quantity: l.quantity,
      reason: l.reason,
      condition: l.condition,
      unitsRefundedBefore,
    });
    refundedNow.set(l.orderLineId, (refundedNow.get(l.orderLineId) ?? 0) + l.quantity);
    totalMinor += refund.refundMinor;
    lineEvents.push({ type: 'return_line_refunded', returnId: before.id, returnLineId: l.returnLineId, refund, at: ctx.now });
    return { ...l, status: next, refundMinor: refund.refundMinor };
  });
  const after: Return = { ...before, lines, version: before.version + 1, updatedAt: ctx.now };
  const events: RefundReturnEvent[] = [
    ...lineEvents,
    { type: 'refund_issued', returnId: before.id, orderId: before.orderId, currency: state.order.currency, totalMinor, at: ctx.now },
    ...statusChange(before, after, ctx.now),
  ];
  return { state: withReturn(state, after), events };
}
