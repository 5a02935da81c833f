import { describe, expect, test } from 'vitest';
import {
  applyCancelFulfilmentOrder,
  CancelFulfilmentOrderCommand,
  validateCancelFulfilmentOrder,
} from '../src/commands/cancel-fulfilment-order.ts';
import { applyRecordDelivery, RecordDeliveryCommand, validateRecordDelivery } from '../src/commands/record-delivery.ts';
import { FloorFulfilmentOrder } from '../src/fulfilment-order/floor-fulfilment-order.ts';
import { FulfilmentOrder, FulfilmentOrderLine } from '../src/fulfilment-order/fulfilment-order.ts';
import {
  FULFILMENT_ORDER_EVENTS,
  FULFILMENT_ORDER_STATUSES,
  FULFILMENT_ORDER_TRANSITIONS,
  LATE_HANDOFF_FULFILMENT_ORDER_STATUSES,
  TERMINAL_FULFILMENT_ORDER_STATUSES,
  isTerminalFulfilmentOrderStatus,
  nextFulfilmentOrderStatus,
  type FulfilmentOrderEvent,
  type FulfilmentOrderStatus,
} from '../src/fulfilment-order/lifecycle.ts';
import {
  ctx,
  expire,
  makeFloorOrder,
  makeFulfilmentOrder,
  pack,
  packedOrder,
  pickedOrder,
  refusalOf,
  run,
  ship,
  stagedOrder,
} from './fixtures.ts';

const walk = (events: FulfilmentOrderEvent[], from: FulfilmentOrderStatus = 'assigned') =>
  events.reduce<FulfilmentOrderStatus | null>((s, e) => (s ? nextFulfilmentOrderStatus(s, e) : null), from);

describe('fulfilment-order lifecycle', () => {
  test('[FO1] the table has a decided cell for every state × event, and every target is a state', () => {
    expect(Object.keys(FULFILMENT_ORDER_TRANSITIONS).sort()).toEqual([...FULFILMENT_ORDER_STATUSES].sort());
    for (const state of FULFILMENT_ORDER_STATUSES) {
      const row = FULFILMENT_ORDER_TRANSITIONS[state];
      expect(Object.keys(row).sort()).toEqual([...FULFILMENT_ORDER_EVENTS].sort());
      for (const event of FULFILMENT_ORDER_EVENTS) {
        const target = row[event];
        if (target !== null) expect(FULFILMENT_ORDER_STATUSES).toContain(target);
      }
    }
  });

  test('[FO2] terminal states accept no event and non-terminal states accept at least one', () => {
    for (const state of FULFILMENT_ORDER_STATUSES) {
      const accepted = FULFILMENT_ORDER_EVENTS.filter((e) => nextFulfilmentOrderStatus(state, e) !== null);
      if (isTerminalFulfilmentOrderStatus(state)) expect(accepted, state).toEqual([]);
      else expect(accepted.length, state).toBeGreaterThan(0);
    }
    expect(TERMINAL_FULFILMENT_ORDER_STATUSES).toEqual(['delivered', 'picked_up', 'partially_picked_up', 'refused_at_pickup', 'rejected']);
  });

  test('[FO3] every state is reachable from assigned', () => {
    const seen = new Set<FulfilmentOrderStatus>(['assigned']);
    const queue: FulfilmentOrderStatus[] = ['assigned'];
    while (queue.length > 0) {
      const from = queue.shift() as FulfilmentOrderStatus;
      for (const event of FULFILMENT_ORDER_EVENTS) {
        const to = nextFulfilmentOrderStatus(from, event);
        if (to && !seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...FULFILMENT_ORDER_STATUSES].sort());
  });

  test('[FO4] the happy paths: ship, pickup, partial pickup, refusal and expiry', () => {
    expect(walk(['start_picking', 'finish_picking', 'pack', 'ship', 'deliver'])).toBe('delivered');
    expect(walk(['start_picking', 'finish_picking', 'stage_for_pickup', 'hand_off'])).toBe('picked_up');
    expect(walk(['finish_picking', 'pack', 'stage_for_pickup', 'hand_off_partial'])).toBe('partially_picked_up');
    expect(walk(['finish_picking', 'stage_for_pickup', 'refuse_at_pickup'])).toBe('refused_at_pickup');
    expect(walk(['finish_picking', 'stage_for_pickup', 'expire'])).toBe('expired');
    expect(walk(['start_picking', 'reject'])).toBe('rejected');
  });

  test('[FO5] nothing can be cancelled once it left the building; packed goods are cancelled, not rejected', () => {
    for (const gone of ['shipped', 'delivered', 'picked_up', 'partially_picked_up'] as const) {
      expect(nextFulfilmentOrderStatus(gone, 'cancel'), gone).toBeNull();
    }
    for (const open of ['assigned', 'picking', 'picked', 'packed', 'ready_for_pickup'] as const) {
      expect(nextFulfilmentOrderStatus(open, 'cancel'), open).toBe('cancelled');
    }
    expect(nextFulfilmentOrderStatus('packed', 'reject')).toBeNull();
    expect(nextFulfilmentOrderStatus('ready_for_pickup', 'reject')).toBeNull();
  });

  test('[FO6] cancelled and expired accept a late handoff and nothing else', () => {
    for (const state of LATE_HANDOFF_FULFILMENT_ORDER_STATUSES) {
      const accepted = FULFILMENT_ORDER_EVENTS.filter((e) => nextFulfilmentOrderStatus(state, e) !== null);
      expect(accepted, state).toEqual(['hand_off', 'hand_off_partial']);
      expect(nextFulfilmentOrderStatus(state, 'hand_off')).toBe('picked_up');
      expect(nextFulfilmentOrderStatus(state, 'hand_off_partial')).toBe('partially_picked_up');
    }
  });
});

describe('central and system transitions', () => {
  const cancel = CancelFulfilmentOrderCommand.parse({ type: 'cancel_fulfilment_order', fulfilmentOrderId: 'fo-1', reason: 'customer called' });

  test('[FO7] a cancel is refused once the goods left, and picked units get a put-back task (from the bin when staged)', () => {
    const shipped = run(packedOrder({ deliveryMethod: 'ship' }), ship(['p1', 'p2'])).state;
    const refused = validateCancelFulfilmentOrder(shipped, cancel);
    expect(refused.ok ? null : refused.error.code).toBe('not_cancellable');

    const untouched = applyCancelFulfilmentOrder(makeFloorOrder(), cancel, ctx);
    expect(untouched.state.status).toBe('cancelled');
    expect(untouched.events.map((e) => e.type)).toEqual(['fulfilment_order_status_changed']);

    const staged = stagedOrder();
    expect(validateCancelFulfilmentOrder(staged, cancel).ok).toBe(true);
    const { state, events } = applyCancelFulfilmentOrder(staged, cancel, ctx);
    expect(state.status).toBe('cancelled');
    expect(state.version).toBe(staged.version + 1);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'restock_requested',
        reason: 'cancelled',
        bin: 'COUNTER-3',
        lines: [
          { lineId: 'l1', sku: 'MUG-01', quantity: 2 },
          { lineId: 'l2', sku: 'TEA-01', quantity: 1 },
        ],
      }),
    );
  });

  test('[FO8] an uncollected pickup expires: everything staged is restocked from the bin and the customer is told', () => {
    expect(refusalOf(pickedOrder(), expire())).toBe('not_ready_for_pickup');
    const { state, events } = run(stagedOrder(), expire());
    expect(state.status).toBe('expired');
    expect(events.map((e) => e.type)).toEqual(['fulfilment_order_status_changed', 'restock_requested', 'customer_notification_requested']);
    expect(events[1]).toMatchObject({ reason: 'pickup_expired', bin: 'COUNTER-3', locationId: 'store-1' });
    expect(events[2]).toMatchObject({ kind: 'pickup_expired', orderId: 'ord-1' });
  });

  test('[FO9] a carrier delivery closes a shipped order, with the carrier time on the event', () => {
    const delivery = RecordDeliveryCommand.parse({ type: 'record_delivery', fulfilmentOrderId: 'fo-1', deliveredAt: '2026-11-28T09:30:00.000Z' });
    const packed = packedOrder({ deliveryMethod: 'ship' });
    const refused = validateRecordDelivery(packed, delivery);
    expect(refused.ok ? null : refused.error.code).toBe('not_shipped');
    const shipped = run(packed, ship(['p1', 'p2'])).state;
    expect(validateRecordDelivery(shipped, delivery).ok).toBe(true);
    const { state, events } = applyRecordDelivery(shipped, delivery, ctx);
    expect(state.status).toBe('delivered');
    expect(state.updatedAt).toBe(ctx.now);
    expect(events).toEqual([
      { type: 'fulfilment_order_status_changed', fulfilmentOrderId: 'fo-1', from: 'shipped', to: 'delivered', at: '2026-11-28T09:30:00.000Z' },
    ]);
  });
});

describe('backward compatibility', () => {
  test('[FO12] a fulfilment order of the original shape is a valid floor order, and new line fields are optional', () => {
    const original = makeFulfilmentOrder();
    expect(FulfilmentOrder.safeParse(original).success).toBe(true);
    expect(FloorFulfilmentOrder.safeParse(original).success).toBe(true);
    expect(FulfilmentOrderLine.safeParse(original.lines[0]).success).toBe(true);
    // A floor order after packing still parses as the replicated document (extra fields are dropped, not refused).
    const packed = run(pickedOrder(), pack({ id: 'p1', lines: [['l1', 2], ['l2', 1]] })).state;
    expect(FloorFulfilmentOrder.parse(packed).packages).toHaveLength(1);
    expect(FulfilmentOrder.safeParse(packed).success).toBe(true);
  });
});
