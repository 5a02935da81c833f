import { z } from 'zod';
import type { CommandContext } from '../commands/context.ts';
import { LineId, LocationId, OrderId, ReturnId, ReturnLineId } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import { proposeDisposition } from './disposition.ts';
import { nextReturnStatus, type ReturnEvent, type ReturnStatus } from './lifecycle.ts';
import {
  closedReturnRefusal,
  findReturn,
  statusChange,
  withReturn,
  type ReturnStatusChangedEvent,
} from './return-state.ts';
import { ConditionGrade, ReturnReason, type Disposition, type Return, type ReturnLine } from './return.ts';
import { checkEligibility, ELIGIBILITY_REFUSALS, type ReturnsState } from './returnable.ts';

/**
 * An associate at a desk (or a warehouse returns dock) takes back `quantity`
 * units of one order line and grades their condition. `returnLineId` names a
 * line requested earlier, or a new one for a walk-in return; `returnId`
 * likewise names an open RMA or a new one.
 */
export const ReceiveReturnLineCommand = z.object({
  type: z.literal('receive_return_line'),
  orderId: OrderId,
  returnId: ReturnId,
  returnLineId: ReturnLineId,
  orderLineId: LineId,
  /** Where the goods now are: a restock adds them here. */
  locationId: LocationId,
  quantity: Quantity,
  /** The reason as established at the desk; it replaces one given online. */
  reason: ReturnReason,
  condition: ConditionGrade,
});
export type ReceiveReturnLineCommand = z.infer<typeof ReceiveReturnLineCommand>;

export const RECEIVE_RETURN_LINE_REFUSALS = {
  /** RR1 */
  order_mismatch: 'the return belongs to another order',
  /** RR1 */
  return_already_refunded: 'the return is already refunded',
  /** RR1 */
  return_cancelled: 'the return was cancelled',
  /** RR6 */
  line_not_requested: 'the return line is not waiting for goods',
  /** RR6 */
  return_line_mismatch: 'the return line was requested for another order line',
  ...ELIGIBILITY_REFUSALS,
} as const;
export type ReceiveReturnLineRefusalCode = keyof typeof RECEIVE_RETURN_LINE_REFUSALS;
export type ReceiveReturnLineRefusal = Refusal<ReceiveReturnLineRefusalCode>;

const refuse = (code: ReceiveReturnLineRefusalCode, detail?: string): ReceiveReturnLineRefusal => ({
  code,
  message: detail ? `${RECEIVE_RETURN_LINE_REFUSALS[code]}: ${detail}` : RECEIVE_RETURN_LINE_REFUSALS[code],
});

/**
 * RR1–RR6. Takes `now` because a walk-in return is measured against the
 * return window at the moment it is received (RF6).
 */
export function validateReceiveReturnLine(
  state: ReturnsState,
  cmd: ReceiveReturnLineCommand,
  ctx: CommandContext,
): Result<void, ReceiveReturnLineRefusal> {
  if (cmd.orderId !== state.order.id) return err(refuse('order_mismatch', `${cmd.orderId} is not ${state.order.id}`));
  const ret = findReturn(state, cmd.returnId);
  if (!ret && state.returns.some((r) => r.id === cmd.returnId)) return err(refuse('order_mismatch', cmd.returnId));
  const closed = closedReturnRefusal(ret);
  if (closed) return err(refuse(closed, cmd.returnId));
  const requested = ret?.lines.find((l) => l.returnLineId === cmd.returnLineId);
  if (requested && requested.status !== 'requested') {
    return err(refuse('line_not_requested', `${cmd.returnLineId} is ${requested.status}`));
  }
  if (requested && requested.orderLineId !== cmd.orderLineId) {
    return err(refuse('return_line_mismatch', `${cmd.returnLineId} is for ${requested.orderLineId}`));
  }
  const eligible = checkEligibility(state, {
    orderLineId: cmd.orderLineId,
    quantity: cmd.quantity,
    reason: cmd.reason,
    // RF6: a return asked for in time stays in time however long the parcel takes.
    at: requested?.requestedAt ?? ctx.now,
    ...(requested ? { except: { returnId: cmd.returnId, returnLineId: cmd.returnLineId } } : {}),
  });
  return eligible.ok ? ok(undefined) : eligible;
}

export type ReceiveReturnLineEvent =
  | {
      readonly type: 'return_line_received';
      readonly returnId: ReturnId;
      readonly returnLineId: ReturnLineId;
      readonly orderLineId: LineId;
      readonly sku: ReturnLine['sku'];
      readonly quantity: number;
      readonly reason: ReturnReason;
      readonly condition: ConditionGrade;
      readonly locationId: LocationId;
      readonly at: string;
    }
  | {
      readonly type: 'return_line_dispositioned';
      readonly returnId: ReturnId;
      readonly returnLineId: ReturnLineId;
      readonly disposition: Disposition;
      readonly ruleId: string;
      readonly note: string;
      readonly at: string;
    }
  | {
      /** The server adds the units to on-hand stock at `locationId`; ATP changes at once. */
      readonly type: 'restock_requested';
      readonly returnId: ReturnId;
      readonly returnLineId: ReturnLineId;
      readonly sku: ReturnLine['sku'];
      readonly quantity: number;
      readonly locationId: LocationId;
      readonly at: string;
    }
  | ReturnStatusChangedEvent;

// Grading at the desk is the inspection, and the rule table disposes at once so a restock reaches ATP without waiting for a person.
const DESK_EVENTS: readonly ReturnEvent[] = ['receive', 'inspect', 'disposition'];

/**
 * RR7–RR9: records the units, walks the line `requested → received →
 * inspected → dispositioned` through the transition table, disposes of the
 * goods by the policy's rules, and bumps the RMA's `version`. Opens the RMA
 * when it is new. Call only after `validateReceiveReturnLine` accepted.
 */
export function applyReceiveReturnLine(
  state: ReturnsState,
  cmd: ReceiveReturnLineCommand,
  ctx: CommandContext,
): { state: ReturnsState; events: ReceiveReturnLineEvent[] } {
  const before = findReturn(state, cmd.returnId);
  const requested = before?.lines.find((l) => l.returnLineId === cmd.returnLineId);
  const orderLine = state.order.lines.find((l) => l.orderLineId === cmd.orderLineId);
  const product = orderLine && state.products.find((p) => p.sku === orderLine.sku);
  if (!orderLine || !product) throw new Error(`receive_return_line applied without validation: ${cmd.orderLineId}`);

  let status: ReturnStatus = requested?.status ?? 'requested';
  for (const event of DESK_EVENTS) {
    const next = nextReturnStatus(status, event);
    if (!next) throw new Error(`return line ${cmd.returnLineId} cannot ${event} from ${status}`);
    status = next;
  }
  const proposal = proposeDisposition(cmd, product, state.policy.dispositionRules);
  const line: ReturnLine = {
    returnLineId: cmd.returnLineId,
    orderLineId: cmd.orderLineId,
    sku: orderLine.sku,
    quantity: cmd.quantity,
    reason: cmd.reason,
    status,
    requestedAt: requested?.requestedAt ?? ctx.now,
    receivedAt: ctx.now,
    receivedLocationId: cmd.locationId,
    condition: cmd.condition,
    disposition: proposal.disposition,
    dispositionRuleId: proposal.ruleId,
  };
  const after: Return = before
    ? {
        ...before,
        lines: requested
          ? before.lines.map((l) => (l.returnLineId === cmd.returnLineId ? line : l))
          : [...before.lines, line],
        version: before.version + 1,
        updatedAt: ctx.now,
      }
    : { id: cmd.returnId, orderId: cmd.orderId, lines: [line], version: 1, createdAt: ctx.now, updatedAt: ctx.now };

  const ids = { returnId: cmd.returnId, returnLineId: cmd.returnLineId };
  const events: ReceiveReturnLineEvent[] = [
    {
      type: 'return_line_received',
      ...ids,
      orderLineId: cmd.orderLineId,
      sku: orderLine.sku,
      quantity: cmd.quantity,
      reason: cmd.reason,
      condition: cmd.condition,
      locationId: cmd.locationId,
      at: ctx.now,
    },
    { type: 'return_line_dispositioned', ...ids, disposition: proposal.disposition, ruleId: proposal.ruleId, note: proposal.note, at: ctx.now },
  ];
  if (proposal.disposition === 'restock') {
    events.push({ type: 'restock_requested', ...ids, sku: orderLine.sku, quantity: cmd.quantity, locationId: cmd.locationId, at: ctx.now });
  }
  events.push(...statusChange(before, after, ctx.now));
  return { state: withReturn(state, after), events };
}
