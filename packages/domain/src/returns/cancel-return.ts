import { z } from 'zod';
import type { CommandContext } from '../commands/context.ts';
import { ReturnId, type ReturnLineId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import { nextReturnStatus } from './lifecycle.ts';
import { findReturn, statusChange, withReturn, type ReturnStatusChangedEvent } from './return-state.ts';
import type { Return } from './return.ts';
import type { ReturnsState } from './returnable.ts';

/** The customer withdraws the return: every line not yet dispositioned is cancelled. */
export const CancelReturnCommand = z.object({
  type: z.literal('cancel_return'),
  returnId: ReturnId,
});
export type CancelReturnCommand = z.infer<typeof CancelReturnCommand>;

export const CANCEL_RETURN_REFUSALS = {
  /** RMA9 */
  return_not_found: 'the order has no such return',
  /** RMA9 */
  nothing_to_cancel: 'every line of the return is past cancelling',
} as const;
export type CancelReturnRefusalCode = keyof typeof CANCEL_RETURN_REFUSALS;
export type CancelReturnRefusal = Refusal<CancelReturnRefusalCode>;

const cancellable = (ret: Return) => ret.lines.filter((l) => nextReturnStatus(l.status, 'cancel') !== null);

export function validateCancelReturn(state: ReturnsState, cmd: CancelReturnCommand): Result<void, CancelReturnRefusal> {
  const ret = findReturn(state, cmd.returnId);
  if (!ret) return err({ code: 'return_not_found', message: `${CANCEL_RETURN_REFUSALS.return_not_found}: ${cmd.returnId}` });
  if (cancellable(ret).length === 0) {
    return err({ code: 'nothing_to_cancel', message: `${CANCEL_RETURN_REFUSALS.nothing_to_cancel}: ${cmd.returnId}` });
  }
  return ok(undefined);
}

export type CancelReturnEvent =
  | { readonly type: 'return_line_cancelled'; readonly returnId: ReturnId; readonly returnLineId: ReturnLineId; readonly at: string }
  | ReturnStatusChangedEvent;

/**
 * RMA9: cancels every line the table lets cancel; dispositioned and refunded
 * lines stay as they are. The cancelled units become returnable again (RQ1).
 * Call only after `validateCancelReturn` accepted.
 */
export function applyCancelReturn(
  state: ReturnsState,
  cmd: CancelReturnCommand,
  ctx: CommandContext,
): { state: ReturnsState; events: CancelReturnEvent[] } {
  const before = findReturn(state, cmd.returnId);
  if (!before) throw new Error(`cancel_return applied without validation: ${cmd.returnId}`);
  const events: CancelReturnEvent[] = [];
  const lines = before.lines.map((l) => {
    const next = nextReturnStatus(l.status, 'cancel');
    if (!next) return l;
    events.push({ type: 'return_line_cancelled', returnId: before.id, returnLineId: l.returnLineId, at: ctx.now });
    return { ...l, status: next };
  });
  const after: Return = { ...before, lines, version: before.version + 1, updatedAt: ctx.now };
  events.push(...statusChange(before, after, ctx.now));
  return { state: withReturn(state, after), events };
}
