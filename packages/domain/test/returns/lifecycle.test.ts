import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  deriveReturnStatus,
  isTerminalReturnStatus,
  nextReturnStatus,
  Return,
  RETURN_EVENTS,
  RETURN_STATUSES,
  RETURN_TRANSITIONS,
  TERMINAL_RETURN_STATUSES,
  type ReturnEvent,
  type ReturnStatus,
} from '../../src/index.ts';

describe('return (RMA) lifecycle', () => {
  test('[RMA1] the table decides every state × event cell, and every target is a state', () => {
    expect(Object.keys(RETURN_TRANSITIONS).sort()).toEqual([...RETURN_STATUSES].sort());
    for (const state of RETURN_STATUSES) {
      const row = RETURN_TRANSITIONS[state];
      expect(Object.keys(row).sort()).toEqual([...RETURN_EVENTS].sort());
      for (const event of RETURN_EVENTS) {
        const target = row[event];
        if (target !== null) expect(RETURN_STATUSES).toContain(target);
      }
    }
  });

  test('[RMA1] the state union is exactly the one order status depends on', () => {
    expect([...RETURN_STATUSES]).toEqual(['requested', 'received', 'inspected', 'dispositioned', 'refunded', 'cancelled']);
  });

  test('[RMA2] refunded and cancelled accept no event; every other state accepts at least one', () => {
    expect([...TERMINAL_RETURN_STATUSES]).toEqual(['refunded', 'cancelled']);
    for (const state of RETURN_STATUSES) {
      const accepted = RETURN_EVENTS.filter((e) => nextReturnStatus(state, e) !== null);
      if (isTerminalReturnStatus(state)) expect(accepted, state).toEqual([]);
      else expect(accepted.length, state).toBeGreaterThan(0);
    }
  });

  test('[RMA3] every state is reachable from requested, and the happy path ends refunded', () => {
    const seen = new Set<ReturnStatus>(['requested']);
    const queue: ReturnStatus[] = ['requested'];
    while (queue.length > 0) {
      const from = queue.shift() as ReturnStatus;
      for (const event of RETURN_EVENTS) {
        const to = nextReturnStatus(from, event);
        if (to && !seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...RETURN_STATUSES].sort());
    const walk = (events: ReturnEvent[]) =>
      events.reduce<ReturnStatus | null>((s, e) => (s ? nextReturnStatus(s, e) : null), 'requested');
    expect(walk(['receive', 'inspect', 'disposition', 'refund'])).toBe('refunded');
    // No step may be skipped: goods are inspected before they are disposed of, and disposed of before the money goes.
    expect(walk(['receive', 'disposition'])).toBeNull();
    expect(walk(['refund'])).toBeNull();
  });

  test('[RMA4] a line can be cancelled until it is dispositioned, never after', () => {
    expect(nextReturnStatus('requested', 'cancel')).toBe('cancelled');
    expect(nextReturnStatus('received', 'cancel')).toBe('cancelled');
    expect(nextReturnStatus('inspected', 'cancel')).toBe('cancelled');
    expect(nextReturnStatus('dispositioned', 'cancel')).toBeNull();
    expect(nextReturnStatus('refunded', 'cancel')).toBeNull();
  });

  test('[RMA5] the RMA reads as its slowest live line; cancelled lines are ignored; all cancelled is cancelled', () => {
    expect(deriveReturnStatus(['dispositioned'])).toBe('dispositioned');
    expect(deriveReturnStatus(['refunded', 'requested', 'dispositioned'])).toBe('requested');
    expect(deriveReturnStatus(['refunded', 'cancelled'])).toBe('refunded');
    expect(deriveReturnStatus(['cancelled', 'inspected'])).toBe('inspected');
    expect(deriveReturnStatus(['cancelled', 'cancelled'])).toBe('cancelled');
    expect(deriveReturnStatus([])).toBe('cancelled');
  });

  test('[RMA6] property: the RMA is terminal exactly when every line is, and reads as one of its lines', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RETURN_STATUSES), { minLength: 1, maxLength: 8 }), (lines) => {
        const rma = deriveReturnStatus(lines);
        expect(isTerminalReturnStatus(rma)).toBe(lines.every(isTerminalReturnStatus));
        expect(lines).toContain(rma);
      }),
    );
  });

  test('[RMA7] a line whose facts do not match its status is refused by the schema', () => {
    const base = {
      returnLineId: 'rl-1',
      orderLineId: 'l1',
      sku: 'SHIRT-01',
      quantity: 1,
      reason: 'size_or_fit',
      requestedAt: '2026-11-27T11:00:00.000Z',
    };
    const received = { receivedAt: '2026-11-27T11:00:00.000Z', receivedLocationId: 'store-1' };
    const disposed = { ...received, condition: 'A', disposition: 'restock', dispositionRuleId: 'sealed-restock' };
    const doc = (line: object) => ({
      id: 'rma-1',
      orderId: 'ord-1',
      lines: [line],
      version: 1,
      createdAt: '2026-11-27T11:00:00.000Z',
      updatedAt: '2026-11-27T11:00:00.000Z',
    });
    expect(Return.safeParse(doc({ ...base, status: 'requested' })).success).toBe(true);
    expect(Return.safeParse(doc({ ...base, status: 'received' })).success).toBe(false);
    expect(Return.safeParse(doc({ ...base, ...received, status: 'inspected' })).success).toBe(false);
    expect(Return.safeParse(doc({ ...base, ...received, condition: 'B', status: 'dispositioned' })).success).toBe(false);
    expect(Return.safeParse(doc({ ...base, ...disposed, status: 'dispositioned' })).success).toBe(true);
    expect(Return.safeParse(doc({ ...base, ...disposed, status: 'dispositioned', refundMinor: 10 })).success).toBe(false);
    expect(Return.safeParse(doc({ ...base, ...disposed, status: 'refunded' })).success).toBe(false);
    expect(Return.safeParse(doc({ ...base, ...disposed, status: 'refunded', refundMinor: 10 })).success).toBe(true);
    expect(Return.safeParse({ ...doc({ ...base, status: 'requested' }), lines: [] }).success).toBe(false);
  });
});
