import { describe, expect, test } from 'vitest';
import {
  FULFILMENT_ORDER_EVENTS,
  FULFILMENT_ORDER_STATUSES,
  FULFILMENT_ORDER_TRANSITIONS,
  TERMINAL_FULFILMENT_ORDER_STATUSES,
  isTerminalFulfilmentOrderStatus,
  nextFulfilmentOrderStatus,
  type FulfilmentOrderStatus,
} from '../src/index.ts';

describe('fulfilment-order lifecycle', () => {
  test('[FO1] the table has a decided cell for every state × event, and every target is a state', () => {
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
    expect(TERMINAL_FULFILMENT_ORDER_STATUSES).toEqual(['delivered', 'picked_up', 'rejected', 'cancelled', 'expired']);
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

  test('[FO4] the happy paths: ship and pickup', () => {
    const walk = (events: Parameters<typeof nextFulfilmentOrderStatus>[1][]) =>
      events.reduce<FulfilmentOrderStatus | null>((s, e) => (s ? nextFulfilmentOrderStatus(s, e) : null), 'assigned');
    expect(walk(['start_picking', 'finish_picking', 'pack', 'ship', 'deliver'])).toBe('delivered');
    expect(walk(['start_picking', 'finish_picking', 'stage_for_pickup', 'hand_off'])).toBe('picked_up');
    expect(walk(['finish_picking', 'stage_for_pickup', 'expire'])).toBe('expired');
  });

  test('[FO5] nothing can be cancelled once it left the building', () => {
    expect(nextFulfilmentOrderStatus('shipped', 'cancel')).toBeNull();
    expect(nextFulfilmentOrderStatus('picked_up', 'cancel')).toBeNull();
    expect(nextFulfilmentOrderStatus('ready_for_pickup', 'cancel')).toBe('cancelled');
  });
});
