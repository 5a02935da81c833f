import { describe, expect, test } from 'vitest';
import {
  applyCancelReturn,
  applyReceiveReturnLine,
  applyRefundReturn,
  applyRequestReturnLine,
  applyReturnCommand,
  RECEIVE_RETURN_LINE_REFUSALS,
  ReceiveReturnLineCommand,
  Return,
  validateReceiveReturnLine,
  validateReturnCommand,
  type ReceiveReturnLineCommand as Cmd,
  type ReturnsState,
} from '../../src/index.ts';
import type { ReturnId } from '../../src/ids.ts';
import { ctx, later, makeState, receive, request, returnOf } from './fixtures.ts';

function refusal(state: ReturnsState, cmd: Cmd, at = ctx): string | null {
  const r = validateReceiveReturnLine(state, cmd, at);
  return r.ok ? null : r.error.code;
}
const rma1 = 'rma-1' as ReturnId;

describe('receive return line', () => {
  test('[RR10] the command is a zod schema with a stable type and refusal codes', () => {
    expect(ReceiveReturnLineCommand.safeParse(receive()).success).toBe(true);
    expect(ReceiveReturnLineCommand.safeParse({ ...receive(), quantity: 0 }).success).toBe(false);
    expect(ReceiveReturnLineCommand.safeParse({ ...receive(), condition: 'E' }).success).toBe(false);
    expect(Object.keys(RECEIVE_RETURN_LINE_REFUSALS).sort()).toEqual(
      [
        'line_not_requested',
        'not_returnable',
        'order_line_not_found',
        'order_mismatch',
        'outside_return_window',
        'quantity_exceeds_returnable',
        'return_already_refunded',
        'return_cancelled',
        'return_line_mismatch',
        'unknown_product',
      ].sort(),
    );
  });

  test('[RR1] the return must belong to the order, and a refunded or cancelled RMA takes nothing more', () => {
    expect(refusal(makeState(), receive({ orderId: 'ord-2' }))).toBe('order_mismatch');
    let state = applyReceiveReturnLine(makeState(), receive(), ctx).state;
    expect(refusal({ ...state, returns: state.returns.map((r) => ({ ...r, orderId: 'ord-2' }) as Return) }, receive({ returnLineId: 'rl-2' }))).toBe(
      'order_mismatch',
    );
    state = applyRefundReturn(state, { type: 'refund_return', returnId: rma1 }, ctx).state;
    expect(refusal(state, receive({ returnLineId: 'rl-2' }))).toBe('return_already_refunded');
    let cancelled = applyRequestReturnLine(makeState(), request(), ctx).state;
    cancelled = applyCancelReturn(cancelled, { type: 'cancel_return', returnId: rma1 }, ctx).state;
    expect(refusal(cancelled, receive({ returnLineId: 'rl-2' }))).toBe('return_cancelled');
    expect(refusal(cancelled, receive({ returnId: 'rma-2' }))).toBeNull();
  });

  test('[RR2] an unknown order line is refused', () => {
    expect(refusal(makeState(), receive({ orderLineId: 'l9' }))).toBe('order_line_not_found');
  });

  test('[RR3] a product missing from the catalog is refused; a non-returnable one only for a change of mind', () => {
    expect(refusal(makeState({ products: [] }), receive())).toBe('unknown_product');
    const tea = makeState({ policy: { ...makeState().policy, windowDaysByCategory: { ...makeState().policy.windowDaysByCategory, food: 30 } } });
    expect(refusal(tea, receive({ orderLineId: 'l3', reason: 'no_longer_needed' }))).toBe('not_returnable');
    expect(refusal(tea, receive({ orderLineId: 'l3', reason: 'wrong_item' }))).toBeNull();
  });

  test('[RR4] more units than are returnable are refused', () => {
    expect(refusal(makeState(), receive({ quantity: 4 }))).toBe('quantity_exceeds_returnable');
    expect(refusal(makeState(), receive({ quantity: 3 }))).toBeNull();
  });

  test('[RR5] a walk-in return is measured at receipt; a requested one at its request', () => {
    // The soap's own 60-day window; the shirts' 30 days; the tea (food) has 7 and it is day 7 + 1 hour.
    expect(refusal(makeState(), receive({ orderLineId: 'l3', reason: 'wrong_item' }))).toBe('outside_return_window');
    const day29 = later(ctx.now, 22 * 24);
    const day31 = later(ctx.now, 24 * 24);
    expect(refusal(makeState(), receive(), day29)).toBeNull();
    expect(refusal(makeState(), receive(), day31)).toBe('outside_return_window');
    expect(refusal(makeState(), receive({ orderLineId: 'l4' }), day31)).toBeNull();
    const requested = applyRequestReturnLine(makeState(), request(), day29).state;
    expect(refusal(requested, receive(), day31)).toBeNull();
    expect(refusal(requested, receive({ returnLineId: 'rl-2' }), day31)).toBe('outside_return_window');
  });

  test('[RR6] a requested line must still wait for goods and be received against its own order line', () => {
    let state = applyRequestReturnLine(makeState(), request(), ctx).state;
    expect(refusal(state, receive({ orderLineId: 'l2' }))).toBe('return_line_mismatch');
    state = applyReceiveReturnLine(state, receive(), ctx).state;
    expect(refusal(state, receive())).toBe('line_not_requested');
  });

  test('[RR6] receiving a requested line replaces its quantity and reason with what arrived, keeping the request time', () => {
    const asked = later(ctx.now, -48);
    let state = applyRequestReturnLine(makeState(), request({ quantity: 2, reason: 'no_longer_needed' }), asked).state;
    state = applyReceiveReturnLine(state, receive({ quantity: 1, reason: 'defective', condition: 'B' }), ctx).state;
    const [line] = returnOf(state).lines;
    expect(line).toMatchObject({ quantity: 1, reason: 'defective', requestedAt: asked.now, receivedAt: ctx.now, status: 'dispositioned' });
    expect(returnOf(state).lines).toHaveLength(1);
  });

  test('[RR7] the line is received, inspected and disposed of by the rules, recording the rule', () => {
    const { state } = applyReceiveReturnLine(makeState(), receive({ orderLineId: 'l2', condition: 'B', reason: 'no_longer_needed' }), ctx);
    const [line] = returnOf(state).lines;
    expect(line).toMatchObject({
      status: 'dispositioned',
      condition: 'B',
      disposition: 'refurbish',
      dispositionRuleId: 'opened-refurbish',
      sku: 'PHONE-01',
      receivedLocationId: 'store-1',
    });
    expect(Return.safeParse(returnOf(state)).success).toBe(true);
  });

  test('[RR7] a tenant table replaces the default rules', () => {
    const policy = { ...makeState().policy, dispositionRules: [{ id: 'all-donated', when: {}, disposition: 'donate' as const, note: 'n' }] };
    const { state } = applyReceiveReturnLine(makeState({ policy }), receive(), ctx);
    expect(returnOf(state).lines[0]).toMatchObject({ disposition: 'donate', dispositionRuleId: 'all-donated' });
  });

  test('[RR8] events: received, dispositioned, a restock request for restocked goods, and the RMA status change', () => {
    const { events } = applyReceiveReturnLine(makeState(), receive({ quantity: 2 }), ctx);
    expect(events).toEqual([
      {
        type: 'return_line_received', returnId: 'rma-1', returnLineId: 'rl-1', orderLineId: 'l1', sku: 'SHIRT-01',
        quantity: 2, reason: 'size_or_fit', condition: 'A', locationId: 'store-1', at: ctx.now,
      },
      {
        type: 'return_line_dispositioned', returnId: 'rma-1', returnLineId: 'rl-1', disposition: 'restock',
        ruleId: 'sealed-restock', note: 'sealed or unworn goods go back on the shelf as new', at: ctx.now,
      },
      { type: 'restock_requested', returnId: 'rma-1', returnLineId: 'rl-1', sku: 'SHIRT-01', quantity: 2, locationId: 'store-1', at: ctx.now },
      { type: 'return_status_changed', returnId: 'rma-1', from: null, to: 'dispositioned', at: ctx.now },
    ]);
    const worn = applyReceiveReturnLine(makeState(), receive({ condition: 'D' }), ctx).events;
    expect(worn.map((e) => e.type)).not.toContain('restock_requested');
  });

  test('[RR8] receiving the last requested line moves the RMA on; another line on a moving RMA emits no status change', () => {
    let state = applyRequestReturnLine(makeState(), request(), ctx).state;
    let events = applyReceiveReturnLine(state, receive(), ctx).events;
    expect(events.at(-1)).toEqual({ type: 'return_status_changed', returnId: 'rma-1', from: 'requested', to: 'dispositioned', at: ctx.now });
    state = applyRequestReturnLine(state, request({ returnLineId: 'rl-2', orderLineId: 'l2' }), ctx).state;
    events = applyReceiveReturnLine(state, receive(), ctx).events;
    expect(events.map((e) => e.type)).not.toContain('return_status_changed');
  });

  test('[RR9] a walk-in opens a new RMA at version 1; an existing one gains the line and one version; input untouched', () => {
    const empty = makeState();
    const { state: opened } = applyReceiveReturnLine(empty, receive(), ctx);
    expect(returnOf(opened)).toMatchObject({ id: 'rma-1', orderId: 'ord-1', version: 1, createdAt: ctx.now, updatedAt: ctx.now });
    expect(empty.returns).toEqual([]);
    const at = later(ctx.now, 1);
    const { state: grown } = applyReceiveReturnLine(opened, receive({ returnLineId: 'rl-2', orderLineId: 'l2' }), at);
    expect(returnOf(grown)).toMatchObject({ version: 2, createdAt: ctx.now, updatedAt: at.now });
    expect(returnOf(grown).lines.map((l) => l.returnLineId)).toEqual(['rl-1', 'rl-2']);
    expect(returnOf(opened).lines).toHaveLength(1);
  });

  test('[RMA10] the dispatcher gives the same answers as the command file', () => {
    const state = makeState();
    const cmd = receive({ quantity: 4 });
    expect(validateReturnCommand(state, cmd, ctx)).toEqual(validateReceiveReturnLine(state, cmd, ctx));
    expect(applyReturnCommand(state, receive(), ctx)).toEqual(applyReceiveReturnLine(state, receive(), ctx));
  });
});
