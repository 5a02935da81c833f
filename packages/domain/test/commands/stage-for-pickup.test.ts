import { describe, expect, test } from 'vitest';
import { ctx, makeFloorOrder, packedOrder, pick, pickedOrder, refusalOf, run, stage, stagedOrder } from '../fixtures.ts';

describe('stage for pickup', () => {
  test('[ST1] only pickup orders are staged', () => {
    expect(refusalOf(pickedOrder({ deliveryMethod: 'ship' }), stage())).toBe('not_a_pickup_order');
  });

  test('[ST2] only picked or packed orders are staged', () => {
    expect(refusalOf(run(makeFloorOrder(), pick('l1')).state, stage())).toBe('not_stageable');
    expect(refusalOf(stagedOrder(), stage('B-2'))).toBe('not_stageable');
    expect(refusalOf(pickedOrder(), stage())).toBeNull();
    expect(refusalOf(packedOrder(), stage())).toBeNull();
  });

  test('[ST3] a bin is required, short and plainly written', () => {
    expect(refusalOf(pickedOrder(), stage(''))).toBe('bin_required');
    expect(refusalOf(pickedOrder(), stage('   '))).toBe('bin_required');
    expect(refusalOf(pickedOrder(), stage('A'.repeat(41)))).toBe('invalid_bin');
    expect(refusalOf(pickedOrder(), stage('<script>'))).toBe('invalid_bin');
    expect(refusalOf(pickedOrder(), stage('B/04.2 top'))).toBeNull();
  });

  test('[ST4] staging records the trimmed bin and the time and makes the order ready for pickup', () => {
    const before = pickedOrder();
    const { state } = run(before, stage('  COUNTER 3 '));
    expect(state).toMatchObject({ status: 'ready_for_pickup', pickupBin: 'COUNTER 3', stagedAt: ctx.now, version: before.version + 1 });
  });

  test('[ST5] the customer is asked to come', () => {
    const { events } = run(pickedOrder(), stage());
    expect(events.map((e) => e.type)).toEqual(['staged_for_pickup', 'fulfilment_order_status_changed', 'customer_notification_requested']);
    expect(events[2]).toEqual({ type: 'customer_notification_requested', kind: 'ready_for_pickup', fulfilmentOrderId: 'fo-1', orderId: 'ord-1', at: ctx.now });
  });
});
