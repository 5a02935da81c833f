import { describe, expect, test } from 'vitest';
import {
  applyCancelReturn,
  applyReceiveReturnLine,
  applyRequestReturnLine,
  returnableQuantity,
  validateReceiveReturnLine,
  validateRequestReturnLine,
  type ReturnsState,
} from '../../src/index.ts';
import type { LineId, ReturnId } from '../../src/ids.ts';
import { ctx, DELIVERED_AT, makeOrder, makeState, receive, request } from './fixtures.ts';

const l1 = 'l1' as LineId;
const returnable = (state: ReturnsState, line: LineId = l1) => returnableQuantity(state.order, state.returns, line);
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? null : (r.error?.code ?? null));

describe('returnable quantity', () => {
  test('[RQ1] fulfilled units less units on returns that are not cancelled', () => {
    let state = makeState();
    expect(returnable(state)).toBe(3);
    state = applyRequestReturnLine(state, request({ quantity: 1 }), ctx).state;
    expect(returnable(state)).toBe(2);
    state = applyReceiveReturnLine(state, receive({ returnId: 'rma-2', returnLineId: 'rl-9', quantity: 1 }), ctx).state;
    expect(returnable(state)).toBe(1);
    state = applyCancelReturn(state, { type: 'cancel_return', returnId: 'rma-1' as ReturnId }, ctx).state;
    expect(returnable(state)).toBe(2);
    expect(returnable(state, 'l2' as LineId)).toBe(1);
    expect(returnable(state, 'nope' as LineId)).toBe(0);
  });

  test('[RQ1] only delivered or picked-up units count, and the answer is never below zero', () => {
    const partly = makeState({
      order: makeOrder({
        lines: [{ orderLineId: 'l1', sku: 'SHIRT-01', quantity: 3, unitPriceMinor: 1000, lineDiscountMinor: 0, fulfilledQuantity: 1, fulfilledAt: DELIVERED_AT }],
      }),
    });
    expect(returnable(partly)).toBe(1);
    const overclaimed = applyReceiveReturnLine(partly, receive({ quantity: 3 }), ctx).state;
    expect(returnable(overclaimed)).toBe(0);
    const unshipped = makeState({
      order: makeOrder({
        lines: [{ orderLineId: 'l1', sku: 'SHIRT-01', quantity: 3, unitPriceMinor: 1000, lineDiscountMinor: 0, fulfilledQuantity: 0, fulfilledAt: null }],
      }),
    });
    expect(code(validateReceiveReturnLine(unshipped, receive(), ctx))).toBe('quantity_exceeds_returnable');
  });

  test('[RQ2] the same unit cannot come back twice', () => {
    let state = makeState();
    state = applyReceiveReturnLine(state, receive({ quantity: 3 }), ctx).state;
    expect(code(validateReceiveReturnLine(state, receive({ returnId: 'rma-2' }), ctx))).toBe('quantity_exceeds_returnable');
    expect(code(validateRequestReturnLine(state, request({ returnId: 'rma-2' }), ctx))).toBe('quantity_exceeds_returnable');
    expect(code(validateReceiveReturnLine(state, receive({ returnLineId: 'rl-2' }), ctx))).toBe('quantity_exceeds_returnable');
  });

  test('[RQ3] a requested line does not compete with itself when its goods arrive', () => {
    let state = applyRequestReturnLine(makeState(), request({ quantity: 3 }), ctx).state;
    expect(returnable(state)).toBe(0);
    expect(code(validateReceiveReturnLine(state, receive({ quantity: 3 }), ctx))).toBeNull();
    state = applyRequestReturnLine(makeState(), request({ quantity: 2 }), ctx).state;
    // One unit is still free, so the customer may bring all three against this request.
    expect(code(validateReceiveReturnLine(state, receive({ quantity: 3 }), ctx))).toBeNull();
    state = applyRequestReturnLine(state, request({ returnLineId: 'rl-2', quantity: 1 }), ctx).state;
    expect(code(validateReceiveReturnLine(state, receive({ quantity: 3 }), ctx))).toBe('quantity_exceeds_returnable');
  });
});
