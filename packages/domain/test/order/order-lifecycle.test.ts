import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FULFILMENT_ORDER_EVENTS, nextFulfilmentOrderStatus, type FulfilmentOrderStatus } from '../../src/fulfilment-order/lifecycle.ts';
import {
  ORDER_EVENT_FOR_FULFILMENT_EVENT,
  ORDER_EVENTS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  TERMINAL_ORDER_STATUSES,
  isTerminalOrderStatus,
  nextOrderStatus,
  type OrderEvent,
  type OrderStatus,
} from '../../src/order/order-lifecycle.ts';
import { deriveOrderStatus, type OrderReturnStatus, type OrderRoutingFacts } from '../../src/order/order-status.ts';

describe('order lifecycle', () => {
  test('[OL1] the table has a decided cell for every status × event, and every target is a status', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const status of ORDER_STATUSES) {
      expect(Object.keys(ORDER_TRANSITIONS[status]).sort()).toEqual([...ORDER_EVENTS].sort());
      for (const event of ORDER_EVENTS) {
        const target = nextOrderStatus(status, event);
        if (target !== null) expect(ORDER_STATUSES).toContain(target);
      }
    }
  });

  test('[OL2] no status is terminal: every status accepts at least one event', () => {
    expect(TERMINAL_ORDER_STATUSES).toEqual([]);
    for (const status of ORDER_STATUSES) {
      expect(isTerminalOrderStatus(status)).toBe(false);
      expect(ORDER_EVENTS.filter((e) => nextOrderStatus(status, e) !== null).length, status).toBeGreaterThan(0);
    }
  });

  test('[OL3] every status is reachable from captured', () => {
    const seen = new Set<OrderStatus>(['captured']);
    const queue: OrderStatus[] = ['captured'];
    while (queue.length > 0) {
      const from = queue.shift() as OrderStatus;
      for (const event of ORDER_EVENTS) {
        const to = nextOrderStatus(from, event);
        if (to && !seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...ORDER_STATUSES].sort());
  });

  test('[OL5] an order can be cancelled until its goods leave; after that it is a return', () => {
    const cancellable = ORDER_STATUSES.filter((s) => nextOrderStatus(s, 'cancel') !== null);
    expect(cancellable).toEqual(['captured', 'backordered', 'routed', 'picking', 'picked', 'packed', 'ready_for_pickup', 'exception']);
    for (const s of cancellable) expect(nextOrderStatus(s, 'cancel')).toBe('cancelled');
  });

  test('[OL6] a return can be opened only on a finished order', () => {
    expect(ORDER_STATUSES.filter((s) => nextOrderStatus(s, 'open_return') !== null)).toEqual([
      'delivered',
      'picked_up',
      'completed',
      'refunded',
    ]);
  });
});

/**
 * One order with one part at a time, as the server would keep it: the live
 * fulfilment order (if any), the closed ones, the routing facts and the RMAs.
 */
interface Track {
  fo: FulfilmentOrderStatus | null;
  closed: FulfilmentOrderStatus[];
  facts: Required<OrderRoutingFacts>;
  returns: OrderReturnStatus[];
}

const NO_FACTS = { unroutedLines: 0, backorderedLines: 0, unfillableLines: 0, cancelledLines: 0 };

const derive = (t: Track): OrderStatus => deriveOrderStatus(t.fo ? [...t.closed, t.fo] : t.closed, t.returns, t.facts);

/** The steps possible from a track: an order event and the track after it (null: the step is not an order event). */
function steps(t: Track, status: OrderStatus): { event: OrderEvent | null; next: Track }[] {
  const out: { event: OrderEvent | null; next: Track }[] = [];
  const waiting = t.facts.unroutedLines + t.facts.backorderedLines + t.facts.unfillableLines > 0;
  const closed = t.fo ? [...t.closed, t.fo] : t.closed;
  if (waiting) {
    const routed = { ...t, fo: 'assigned' as const, closed, facts: NO_FACTS };
    if (t.facts.backorderedLines > 0) out.push({ event: 'release_backorder', next: routed });
    else out.push({ event: 'route', next: routed });
    if (t.facts.backorderedLines === 0) out.push({ event: 'backorder', next: { ...t, facts: { ...NO_FACTS, backorderedLines: 1 } } });
    if (t.facts.unfillableLines === 0) out.push({ event: 'mark_unfillable', next: { ...t, facts: { ...NO_FACTS, unfillableLines: 1 } } });
    out.push({ event: 'cancel', next: { ...t, facts: { ...NO_FACTS, cancelledLines: 1 } } });
  }
  if (t.fo) {
    for (const e of FULFILMENT_ORDER_EVENTS) {
      const to = nextFulfilmentOrderStatus(t.fo, e);
      if (to === null) continue;
      // A rejection sends the lines back to routing in the same transaction.
      const facts = e === 'reject' ? { ...NO_FACTS, unroutedLines: 1 } : t.facts;
      out.push({ event: ORDER_EVENT_FOR_FULFILMENT_EVENT[e], next: { ...t, fo: to, facts } });
    }
  }
  if (['delivered', 'picked_up', 'completed', 'refunded'].includes(status)) {
    out.push({ event: 'open_return', next: { ...t, returns: [...t.returns, 'requested'] } });
  }
  const open = t.returns.findIndex((r) => r !== 'refunded' && r !== 'cancelled');
  if (open >= 0) {
    const rma = t.returns[open];
    const after: OrderReturnStatus =
      rma === 'requested' ? 'received' : rma === 'received' ? 'inspected' : rma === 'inspected' ? 'dispositioned' : 'refunded';
    const returns = t.returns.map((r, i) => (i === open ? after : r));
    out.push({ event: after === 'refunded' ? 'refund' : null, next: { ...t, returns } });
  }
  return out;
}

describe('order lifecycle and derived status agree', () => {
  test('[OL4] property: for a one-part order every step moves the derived status exactly as the table says', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 25 }), (choices) => {
        let track: Track = { fo: null, closed: [], facts: { ...NO_FACTS, unroutedLines: 1 }, returns: [] };
        let status = derive(track);
        expect(status).toBe('captured');
        for (const choice of choices) {
          const options = steps(track, status);
          if (options.length === 0) break;
          const { event, next } = options[choice % options.length]!;
          const after = derive(next);
          if (event === null) expect(after, 'a step that is no order event').toBe(status);
          else expect(after, `${status} --${event}-->`).toBe(nextOrderStatus(status, event));
          track = next;
          status = after;
        }
      }),
      { numRuns: 500 },
    );
  });

  test('[OL4] every fulfilment-order event maps to an order event', () => {
    expect(Object.keys(ORDER_EVENT_FOR_FULFILMENT_EVENT).sort()).toEqual([...FULFILMENT_ORDER_EVENTS].sort());
    for (const e of FULFILMENT_ORDER_EVENTS) expect(ORDER_EVENTS).toContain(ORDER_EVENT_FOR_FULFILMENT_EVENT[e]);
  });
});
