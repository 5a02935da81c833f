import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyFloorCommand, validateFloorCommand } from '../src/commands/command.ts';
import { applyPickLine, validatePickLine, type PickLineCommand } from '../src/commands/pick-line.ts';
import type { FloorFulfilmentOrder } from '../src/fulfilment-order/floor-fulfilment-order.ts';
import { Quantity } from '../src/quantity.ts';
import { makeFulfilmentOrder, run, shortLine } from './fixtures.ts';

const ctx = { now: '2026-11-27T11:00:00.000Z' };
const pick = (lineId: string, quantity = 1): PickLineCommand =>
  ({ type: 'pick_line', fulfilmentOrderId: 'fo-1', lineId, quantity }) as PickLineCommand;

function refusal(fo: FloorFulfilmentOrder, cmd: PickLineCommand): string | null {
  const r = validatePickLine(fo, cmd);
  return r.ok ? null : r.error.code;
}

describe('pick line', () => {
  test('[PK1] only assigned or picking fulfilment orders can be picked', () => {
    for (const status of ['picked', 'packed', 'cancelled', 'ready_for_pickup', 'rejected'] as const) {
      expect(refusal(makeFulfilmentOrder({ status }), pick('l1'))).toBe('not_pickable');
    }
    expect(refusal(makeFulfilmentOrder({ status: 'picking' }), pick('l1'))).toBeNull();
  });

  test('[PK2] an unknown line is refused', () => {
    expect(refusal(makeFulfilmentOrder(), pick('nope'))).toBe('line_not_found');
  });

  test('[PK3] a fully picked line is refused', () => {
    const fo = applyPickLine(makeFulfilmentOrder(), pick('l2'), ctx).state;
    expect(refusal(fo, pick('l2'))).toBe('line_already_picked');
  });

  test('[PK3] a line whose open units were short-picked has nothing left to pick', () => {
    const fo = run(makeFulfilmentOrder(), shortLine('l2', 'damaged')).state;
    expect(refusal(fo, pick('l2'))).toBe('line_already_picked');
  });

  test('[PK4] more units than the line still needs are refused', () => {
    expect(refusal(makeFulfilmentOrder(), pick('l1', 3))).toBe('quantity_exceeds_open');
    expect(refusal(makeFulfilmentOrder(), pick('l1', 2))).toBeNull();
    const oneShort = run(makeFulfilmentOrder(), shortLine('l1', 'not_found', 1)).state;
    expect(refusal(oneShort, pick('l1', 2))).toBe('quantity_exceeds_open');
  });

  test('[PK9] one scan with a typed multiple picks several units at once', () => {
    const fo = makeFulfilmentOrder({ lines: [{ ...makeFulfilmentOrder().lines[0]!, quantity: Quantity.parse(6) }] });
    const { state, events } = applyPickLine(fo, pick('l1', 6), ctx);
    expect(state.lines[0]?.picked).toBe(6);
    expect(state.status).toBe('picked');
    expect(events[0]).toMatchObject({ type: 'line_picked', quantity: 6 });
  });

  test('[PK5] a pick adds units to the line and bumps the version, leaving the input untouched', () => {
    const before = makeFulfilmentOrder();
    const { state } = applyPickLine(before, pick('l1'), ctx);
    expect(state.lines[0]?.picked).toBe(1);
    expect(state.version).toBe(before.version + 1);
    expect(state.updatedAt).toBe(ctx.now);
    expect(before.lines[0]?.picked).toBe(0);
  });

  test('[PK6] the first pick moves assigned to picking', () => {
    const { state, events } = applyPickLine(makeFulfilmentOrder(), pick('l1'), ctx);
    expect(state.status).toBe('picking');
    expect(events.map((e) => e.type)).toEqual(['line_picked', 'fulfilment_order_status_changed']);
  });

  test('[PK7] the pick that completes the last line moves the order to picked', () => {
    let fo = makeFulfilmentOrder();
    for (const cmd of [pick('l1'), pick('l2'), pick('l1')]) fo = applyPickLine(fo, cmd, ctx).state;
    expect(fo.status).toBe('picked');
    const single = makeFulfilmentOrder({ lines: [makeFulfilmentOrder().lines[1]!] });
    expect(applyPickLine(single, pick('l2'), ctx).state.status).toBe('picked');
  });

  test('[PK8] property: accepted picks never exceed ordered quantities, and picked is reached exactly when all lines are full', () => {
    const lineIds = ['l1', 'l2', 'missing'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ line: fc.constantFrom(...lineIds), qty: fc.integer({ min: 1, max: 3 }) }), { maxLength: 20 }),
        (steps) => {
          let fo = makeFulfilmentOrder();
          for (const step of steps) {
            const cmd = pick(step.line, step.qty);
            const verdict = validateFloorCommand(fo, cmd);
            const before = fo;
            if (verdict.ok) fo = applyFloorCommand(fo, cmd, ctx).state;
            // Invariants after every step.
            for (const l of fo.lines) expect(l.picked).toBeLessThanOrEqual(l.quantity);
            const full = fo.lines.every((l) => l.picked === l.quantity);
            expect(fo.status === 'picked').toBe(full);
            expect(fo.version).toBe(before.version + (verdict.ok ? 1 : 0));
          }
        },
      ),
    );
  });
});
