import { describe, expect, test } from 'vitest';
import {
  applyCancelReturn,
  applyReceiveReturnLine,
  applyRequestReturnLine,
  returnStatus,
  validateCancelReturn,
  validateRequestReturnLine,
  type ReturnsState,
} from '../../src/index.ts';
import type { ReturnId } from '../../src/ids.ts';
import { ctx, later, makeState, receive, request, returnOf } from './fixtures.ts';

const cancel = (returnId = 'rma-1') => ({ type: 'cancel_return' as const, returnId: returnId as ReturnId });
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? null : (r.error?.code ?? null));

describe('request and cancel a return', () => {
  test('[RMA8] a request runs the receiving checks at the time of asking and adds a requested line', () => {
    const state = makeState();
    expect(code(validateRequestReturnLine(state, request({ orderLineId: 'l9' }), ctx))).toBe('order_line_not_found');
    expect(code(validateRequestReturnLine(state, request({ quantity: 4 }), ctx))).toBe('quantity_exceeds_returnable');
    expect(code(validateRequestReturnLine(state, request({ orderLineId: 'l3', reason: 'other' }), ctx))).toBe('not_returnable');
    expect(code(validateRequestReturnLine(state, request({ orderLineId: 'l3', reason: 'defective' }), ctx))).toBe('outside_return_window');
    expect(code(validateRequestReturnLine(state, request({ orderId: 'ord-2' }), ctx))).toBe('order_mismatch');
    const { state: after, events } = applyRequestReturnLine(state, request({ quantity: 2 }), ctx);
    expect(returnOf(after).lines).toEqual([
      { returnLineId: 'rl-1', orderLineId: 'l1', sku: 'SHIRT-01', quantity: 2, reason: 'size_or_fit', status: 'requested', requestedAt: ctx.now },
    ]);
    expect(events.map((e) => e.type)).toEqual(['return_line_requested', 'return_status_changed']);
    expect(code(validateRequestReturnLine(after, request({ quantity: 1 }), ctx))).toBe('duplicate_return_line');
  });

  test('[RMA8] adding a requested line to a dispositioned RMA puts it back to waiting for goods', () => {
    let state: ReturnsState = applyReceiveReturnLine(makeState(), receive(), ctx).state;
    const { state: after, events } = applyRequestReturnLine(state, request({ returnLineId: 'rl-2', orderLineId: 'l2' }), ctx);
    state = after;
    expect(returnStatus(returnOf(state))).toBe('requested');
    expect(events.at(-1)).toMatchObject({ type: 'return_status_changed', from: 'dispositioned', to: 'requested' });
    expect(returnOf(state).version).toBe(2);
  });

  test('[RMA9] cancelling cancels every line not yet dispositioned and frees its units', () => {
    let state = applyRequestReturnLine(makeState(), request({ quantity: 2 }), ctx).state;
    state = applyReceiveReturnLine(state, receive({ returnLineId: 'rl-2', orderLineId: 'l2' }), ctx).state;
    const at = later(ctx.now, 1);
    const { state: after, events } = applyCancelReturn(state, cancel(), at);
    expect(returnOf(after).lines.map((l) => l.status)).toEqual(['cancelled', 'dispositioned']);
    expect(returnStatus(returnOf(after))).toBe('dispositioned');
    expect(events).toEqual([
      { type: 'return_line_cancelled', returnId: 'rma-1', returnLineId: 'rl-1', at: at.now },
      { type: 'return_status_changed', returnId: 'rma-1', from: 'requested', to: 'dispositioned', at: at.now },
    ]);
    expect(returnOf(after)).toMatchObject({ version: returnOf(state).version + 1, updatedAt: at.now });
    expect(code(validateRequestReturnLine(after, request({ returnId: 'rma-2', quantity: 3 }), at))).toBeNull();
  });

  test('[RMA9] nothing left to cancel, or no such return, is refused', () => {
    const state = applyReceiveReturnLine(makeState(), receive(), ctx).state;
    expect(code(validateCancelReturn(state, cancel()))).toBe('nothing_to_cancel');
    expect(code(validateCancelReturn(state, cancel('rma-9')))).toBe('return_not_found');
    const requested = applyRequestReturnLine(makeState(), request(), ctx).state;
    const cancelled = applyCancelReturn(requested, cancel(), ctx).state;
    expect(returnStatus(returnOf(cancelled))).toBe('cancelled');
    expect(code(validateCancelReturn(cancelled, cancel()))).toBe('nothing_to_cancel');
  });
});
