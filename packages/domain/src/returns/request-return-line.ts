import { z } from 'zod';
import type { CommandContext } from '../commands/context.ts';
import { LineId, OrderId, ReturnId, ReturnLineId } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import {
  closedReturnRefusal,
  findReturn,
  statusChange,
  withReturn,
  type ReturnStatusChangedEvent,
} from './return-state.ts';
import { ReturnReason, type Return, type ReturnLine } from './return.ts';
import { checkEligibility, ELIGIBILITY_REFUSALS, type ReturnsState } from './returnable.ts';

/**
 * The customer (online, or through support) asks to send units back before
 * they arrive. The line holds its units against the returnable quantity from
 * now on (RQ1) and fixes the instant the return window is measured at (RF6).
 */
export const RequestReturnLineCommand = z.object({
  type: z.literal('request_return_line'),
  orderId: OrderId,
  returnId: ReturnId,
  returnLineId: ReturnLineId,
  orderLineId: LineId,
  quantity: Quantity,
  reason: ReturnReason,
});
export type RequestReturnLineCommand = z.infer<typeof RequestReturnLineCommand>;

export const REQUEST_RETURN_LINE_REFUSALS = {
  /** RMA8 */
  order_mismatch: 'the return belongs to another order',
  /** RMA8 */
  return_already_refunded: 'the return is already refunded',
  /** RMA8 */
  return_cancelled: 'the return was cancelled',
  /** RMA8 */
  duplicate_return_line: 'the return already has a line with this id',
  ...ELIGIBILITY_REFUSALS,
} as const;
export type RequestReturnLineRefusalCode = keyof typeof REQUEST_RETURN_LINE_REFUSALS;
export type RequestReturnLineRefusal = Refusal<RequestReturnLineRefusalCode>;

const refuse = (code: RequestReturnLineRefusalCode, detail: string): RequestReturnLineRefusal => ({
  code,
  message: `${REQUEST_RETURN_LINE_REFUSALS[code]}: ${detail}`,
});

/** RMA8: the same eligibility as receiving (RR2–RR5, RQ2), measured at `now`. */
export function validateRequestReturnLine(
  state: ReturnsState,
  cmd: RequestReturnLineCommand,
  ctx: CommandContext,
): Result<void, RequestReturnLineRefusal> {
  if (cmd.orderId !== state.order.id) return err(refuse('order_mismatch', `${cmd.orderId} is not ${state.order.id}`));
  const ret = findReturn(state, cmd.returnId);
  if (!ret && state.returns.some((r) => r.id === cmd.returnId)) return err(refuse('order_mismatch', cmd.returnId));
  const closed = closedReturnRefusal(ret);
  if (closed) return err(refuse(closed, cmd.returnId));
  if (ret?.lines.some((l) => l.returnLineId === cmd.returnLineId)) return err(refuse('duplicate_return_line', cmd.returnLineId));
  const eligible = checkEligibility(state, { orderLineId: cmd.orderLineId, quantity: cmd.quantity, reason: cmd.reason, at: ctx.now });
  return eligible.ok ? ok(undefined) : eligible;
}

export type RequestReturnLineEvent =
  | {
      readonly type: 'return_line_requested';
      readonly returnId: ReturnId;
      readonly returnLineId: ReturnLineId;
      readonly orderLineId: LineId;
      readonly quantity: number;
      readonly reason: ReturnReason;
      readonly at: string;
    }
  | ReturnStatusChangedEvent;

/** RMA8: adds a `requested` line, opening the RMA when it is new. Call only after validation. */
export function applyRequestReturnLine(
  state: ReturnsState,
  cmd: RequestReturnLineCommand,
  ctx: CommandContext,
): { state: ReturnsState; events: RequestReturnLineEvent[] } {
  const orderLine = state.order.lines.find((l) => l.orderLineId === cmd.orderLineId);
  if (!orderLine) throw new Error(`request_return_line applied without validation: ${cmd.orderLineId}`);
  const before = findReturn(state, cmd.returnId);
  const line: ReturnLine = {
    returnLineId: cmd.returnLineId,
    orderLineId: cmd.orderLineId,
    sku: orderLine.sku,
    quantity: cmd.quantity,
    reason: cmd.reason,
    status: 'requested',
    requestedAt: ctx.now,
  };
  const after: Return = before
    ? { ...before, lines: [...before.lines, line], version: before.version + 1, updatedAt: ctx.now }
    : { id: cmd.returnId, orderId: cmd.orderId, lines: [line], version: 1, createdAt: ctx.now, updatedAt: ctx.now };
  const events: RequestReturnLineEvent[] = [
    {
      type: 'return_line_requested',
      returnId: cmd.returnId,
      returnLineId: cmd.returnLineId,
      orderLineId: cmd.orderLineId,
      quantity: cmd.quantity,
      reason: cmd.reason,
      at: ctx.now,
    },
    ...statusChange(before, after, ctx.now),
  ];
  return { state: withReturn(state, after), events };
}
