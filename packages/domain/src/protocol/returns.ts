import { z } from 'zod';
import { LineId, ReturnId, ReturnLineId } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { RETURN_STATUSES } from '../returns/lifecycle.ts';
import { REQUEST_RETURN_LINE_REFUSALS } from '../returns/request-return-line.ts';
import { Return, ReturnReason } from '../returns/return.ts';

/**
 * A channel asks, on the customer's behalf, to send units back (RMA8). Each
 * line becomes one `request_return_line`; either every line is accepted or
 * none is. `returnId` lets the channel name the RMA, so a retry without the
 * Idempotency-Key still cannot open a second one.
 */
export const RequestReturnRequest = z
  .object({
    returnId: ReturnId.optional(),
    lines: z
      .array(
        z.object({
          /** Defaults to `RL001`, `RL002` … in request order. */
          returnLineId: ReturnLineId.optional(),
          orderLineId: LineId,
          quantity: Quantity,
          reason: ReturnReason,
        }),
      )
      .min(1)
      .max(100),
  })
  .superRefine((req, ctx) => {
    const seen = new Set<string>();
    req.lines.forEach((l, i) => {
      if (l.returnLineId === undefined) return;
      if (seen.has(l.returnLineId)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'returnLineId'], message: 'return line ids are unique' });
      seen.add(l.returnLineId);
    });
  });
export type RequestReturnRequest = z.infer<typeof RequestReturnRequest>;

/** A return as the channel sees it: the RMA with its status rolled up from its lines (RMA5). */
export const ReturnView = Return.extend({
  status: z.enum(RETURN_STATUSES),
  /** Sum of the refunds paid on its lines so far, in the order's currency. */
  refundedMinor: z.number().int().nonnegative(),
  currency: z.string(),
});
export type ReturnView = z.infer<typeof ReturnView>;

export const ReturnListResponse = z.object({ returns: z.array(ReturnView) });
export type ReturnListResponse = z.infer<typeof ReturnListResponse>;

/**
 * Refusals of a return request, passed to the channel under their domain code
 * (`error.code`), plus the server's own: an order captured without unit prices
 * or currency cannot be refunded, so it takes no return through Aisle.
 */
export const RETURN_REQUEST_ERROR_CODES = [
  ...(Object.keys(REQUEST_RETURN_LINE_REFUSALS) as (keyof typeof REQUEST_RETURN_LINE_REFUSALS)[]),
  'order_not_priced',
] as const;
