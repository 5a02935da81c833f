import { describe, expect, test } from 'vitest';
import { applyCancelFulfilmentOrder, CancelFulfilmentOrderCommand } from '../../src/commands/cancel-fulfilment-order.ts';
import type { FloorCommandEvent } from '../../src/commands/command.ts';
import { HandOffCommand } from '../../src/commands/hand-off.ts';
import { FloorFulfilmentOrder, handedOverQuantity } from '../../src/fulfilment-order/floor-fulfilment-order.ts';
import { normalizePickupCode, pickupCodeDigestInput, sameDigest } from '../../src/fulfilment-order/pickup-code.ts';
import {
  cmd,
  ctx,
  expire,
  makeFloorOrder,
  PICKUP_CODE,
  pickupDigest,
  pickedOrder,
  refusalOf,
  run,
  stagedOrder,
  handOff,
} from '../fixtures.ts';

const some = (lines: [string, number][], reason = 'changed_mind') => ({
  kind: 'some',
  reason,
  lines: lines.map(([lineId, quantity]) => ({ lineId, quantity })),
});
const types = (events: FloorCommandEvent[]) => events.map((e) => e.type);
const cancel = CancelFulfilmentOrderCommand.parse({ type: 'cancel_fulfilment_order', fulfilmentOrderId: 'fo-1', reason: 'fraud review' });

describe('hand off', () => {
  test('[HO1] only staged goods are handed over', () => {
    expect(refusalOf(pickedOrder(), handOff())).toBe('not_ready_for_pickup');
    expect(refusalOf(makeFloorOrder(), handOff())).toBe('not_ready_for_pickup');
    expect(refusalOf(stagedOrder(), handOff())).toBeNull();
  });

  test('[HO2] the pickup code digest must match; a lost code falls back to an ID check', () => {
    expect(refusalOf(stagedOrder(), handOff({ kind: 'all' }, 'WRONG-123'))).toBe('pickup_code_mismatch');
    // Case, spaces and dashes are how people type codes, not part of them.
    expect(refusalOf(stagedOrder(), handOff({ kind: 'all' }, ' k7q 4mz2 '))).toBeNull();
    const noCode = stagedOrder({ pickupCode: undefined } as Partial<FloorFulfilmentOrder>);
    expect(refusalOf(noCode, handOff())).toBe('no_pickup_code');
    const idChecked = cmd({ type: 'hand_off', verification: { method: 'id_checked' }, outcome: { kind: 'all' } });
    expect(refusalOf(noCode, idChecked)).toBeNull();
    expect(run(noCode, idChecked).state.handoff?.verifiedBy).toBe('id_checked');
  });

  test('[HO2] digests are compared in full, whatever their length', () => {
    const d = pickupDigest(PICKUP_CODE);
    expect(sameDigest(d, d)).toBe(true);
    const lastCharFlipped = d.slice(0, -1) + (d.endsWith('0') ? '1' : '0');
    expect(sameDigest(d, lastCharFlipped)).toBe(false);
    expect(sameDigest(d, d.slice(0, 10))).toBe(false);
  });

  test('[HO3] a partial handoff names existing lines once each, with no more than was staged', () => {
    expect(refusalOf(stagedOrder(), handOff(some([['nope', 1]])))).toBe('line_not_found');
    expect(refusalOf(stagedOrder(), handOff(some([['l1', 1], ['l1', 1]])))).toBe('duplicate_line');
    expect(refusalOf(stagedOrder(), handOff(some([['l2', 2]])))).toBe('quantity_exceeds_staged');
  });

  test('[HO4] a "partial" handoff of everything is refused: it is a full one', () => {
    expect(refusalOf(stagedOrder(), handOff(some([['l1', 2], ['l2', 1]])))).toBe('not_partial');
    expect(refusalOf(stagedOrder(), handOff(some([['l1', 2]])))).toBeNull();
  });

  test('[HO5] a full handoff hands over every staged unit and closes the order as picked up', () => {
    const before = stagedOrder();
    const { state, events } = run(before, handOff());
    expect(state.status).toBe('picked_up');
    expect(state.version).toBe(before.version + 1);
    expect(state.handoff).toEqual({
      at: ctx.now,
      outcome: 'all',
      verifiedBy: 'pickup_code',
      late: false,
      lines: [
        { lineId: 'l1', handedOver: 2 },
        { lineId: 'l2', handedOver: 1 },
      ],
    });
    expect(types(events)).toEqual(['handoff_recorded', 'fulfilment_order_status_changed']);
  });

  test('[HO5] a partial handoff records what each line handed over', () => {
    const { state } = run(stagedOrder(), handOff(some([['l1', 1]], 'damaged')));
    expect(state.status).toBe('partially_picked_up');
    expect(handedOverQuantity(state, 'l1')).toBe(1);
    expect(handedOverQuantity(state, 'l2')).toBe(0);
    expect(state.handoff).toMatchObject({ outcome: 'some', reason: 'damaged' });
  });

  test('[HO5] a customer refusing everything closes the order as refused at pickup', () => {
    const { state } = run(stagedOrder(), handOff({ kind: 'refused', reason: 'wrong_item' }));
    expect(state.status).toBe('refused_at_pickup');
    expect(state.handoff).toMatchObject({ outcome: 'refused', reason: 'wrong_item', lines: [{ handedOver: 0 }, { handedOver: 0 }] });
  });

  test('[HO6] units left at the counter become a restock task from the bin', () => {
    const partial = run(stagedOrder(), handOff(some([['l1', 1]])));
    expect(types(partial.events)).toEqual(['handoff_recorded', 'restock_requested', 'fulfilment_order_status_changed']);
    expect(partial.events[0]).toMatchObject({
      handedOver: [{ lineId: 'l1', sku: 'MUG-01', quantity: 1 }],
      notTaken: [
        { lineId: 'l1', sku: 'MUG-01', quantity: 1 },
        { lineId: 'l2', sku: 'TEA-01', quantity: 1 },
      ],
      reason: 'changed_mind',
    });
    expect(partial.events[1]).toMatchObject({ reason: 'not_taken_at_pickup', bin: 'COUNTER-3', lines: [{ quantity: 1 }, { quantity: 1 }] });
    const refused = run(stagedOrder(), handOff({ kind: 'refused', reason: 'changed_mind' }));
    expect(refused.events[1]).toMatchObject({ type: 'restock_requested', reason: 'refused_at_pickup', lines: [{ quantity: 2 }, { quantity: 1 }] });
  });

  test('[HO7] a handoff recorded offline after a cancellation or expiry stands, flagged for a manager', () => {
    const cancelled = applyCancelFulfilmentOrder(stagedOrder(), cancel, ctx).state;
    const late = run(cancelled, handOff());
    expect(late.state.status).toBe('picked_up');
    expect(late.state.handoff?.late).toBe(true);
    expect(types(late.events)).toEqual(['handoff_recorded', 'late_handoff_recorded', 'fulfilment_order_status_changed']);
    expect(late.events[1]).toMatchObject({ previousStatus: 'cancelled', handedOver: [{ quantity: 2 }, { quantity: 1 }] });

    const expired = run(stagedOrder(), expire()).state;
    const partial = run(expired, handOff(some([['l2', 1]])));
    expect(partial.state.status).toBe('partially_picked_up');
    // The expiry already asked for everything to be restocked: no second restock task.
    expect(types(partial.events)).not.toContain('restock_requested');
  });

  test('[HO7] goods never staged cannot be handed over late, and a late refusal means nothing', () => {
    const cancelledEarly = applyCancelFulfilmentOrder(makeFloorOrder(), cancel, ctx).state;
    expect(refusalOf(cancelledEarly, handOff())).toBe('not_ready_for_pickup');
    const cancelled = applyCancelFulfilmentOrder(stagedOrder(), cancel, ctx).state;
    expect(refusalOf(cancelled, handOff({ kind: 'refused', reason: 'other' }))).toBe('not_ready_for_pickup');
  });
});

describe('customer data at the counter', () => {
  test('[CU2] the pickup code travels only as a salted digest, normalised the same way on every device', () => {
    const parsed = HandOffCommand.parse({
      type: 'hand_off',
      fulfilmentOrderId: 'fo-1',
      code: PICKUP_CODE,
      verification: { method: 'pickup_code', digest: pickupDigest(PICKUP_CODE), code: PICKUP_CODE },
      outcome: { kind: 'all' },
    });
    expect(JSON.stringify(parsed)).not.toContain(PICKUP_CODE);
    expect(HandOffCommand.safeParse({ ...parsed, verification: { method: 'pickup_code', digest: PICKUP_CODE } }).success).toBe(false);
    expect(JSON.stringify(FloorFulfilmentOrder.parse(stagedOrder()))).not.toContain(PICKUP_CODE);
    expect(normalizePickupCode(' k7q-4mz 2')).toBe('K7Q4MZ2');
    expect(pickupCodeDigestInput('s4lt-s4lt', 'k7q-4mz2')).toBe('aisle-pickup-v1:s4lt-s4lt:K7Q4MZ2');
  });
});
