import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  availableNow,
  availableToPromise,
  describeAtp,
  inboundUnits,
  networkAvailableToPromise,
} from '../../src/inventory/atp.ts';
import { channel, DC, level, NOW, STORE, TEA } from './fixtures.ts';

const inbound = (quantity: number, eta: string, confidence = 1, id?: string) => ({
  quantity,
  eta,
  confidence,
  ...(id ? { id } : {}),
});

describe('available to promise', () => {
  test('[ATP1] onHand − reserved − safetyStock + inbound within the horizon − channel buffer', () => {
    const stock = level({
      onHand: 20,
      reserved: 4,
      safetyStock: 2,
      inbound: [inbound(10, '2026-11-29T00:00:00.000Z', 0.5)],
      channelBuffers: [{ channelId: 'marketplace', units: 3 }],
    });
    expect(availableToPromise(stock, { now: NOW, horizonDays: 7 }).atp).toBe(20 - 4 - 2 + 5);
    expect(availableToPromise(stock, { now: NOW, horizonDays: 7, channel: channel('marketplace') }).atp).toBe(20 - 4 - 2 + 5 - 3);
  });

  test('[ATP2] inbound counts only up to the horizon end, inclusive, given in days or as an instant', () => {
    const stock = level({
      onHand: 0,
      inbound: [inbound(5, '2026-11-30T10:00:00.000Z', 1, 'in-3d'), inbound(7, '2026-12-04T10:00:00.001Z', 1, 'in-7d+1ms')],
    });
    const threeDays = availableToPromise(stock, { now: NOW, horizonDays: 3 });
    expect(threeDays.atp).toBe(5);
    expect(threeDays.explanation.horizonEnd).toBe('2026-11-30T10:00:00.000Z');
    expect(availableToPromise(stock, { now: NOW, horizonDays: 2 }).atp).toBe(0);
    expect(availableToPromise(stock, { now: NOW, horizonDays: 7 }).atp).toBe(5);
    expect(availableToPromise(stock, { now: NOW, horizonEnd: '2026-12-04T10:00:00.001Z' }).atp).toBe(12);
    const reasons = availableToPromise(stock, { now: NOW, horizonDays: 7 }).explanation.inbound.map((t) => [t.id, t.counted, t.reason]);
    expect(reasons).toEqual([
      ['in-3d', true, 'within_horizon'],
      ['in-7d+1ms', false, 'beyond_horizon'],
    ]);
  });

  test('[ATP2] an overdue inbound line still counts and is marked overdue', () => {
    const stock = level({ onHand: 0, inbound: [inbound(4, '2026-11-20T00:00:00.000Z', 1, 'late-po')] });
    const a = availableToPromise(stock, { now: NOW, horizonDays: 0 });
    expect(a.atp).toBe(4);
    expect(a.explanation.inbound[0]).toMatchObject({ id: 'late-po', counted: true, reason: 'overdue', units: 4 });
  });

  test('[ATP3] each inbound line is floored on its own, never rounded up', () => {
    const stock = level({
      onHand: 0,
      inbound: [inbound(1, '2026-11-28T00:00:00.000Z', 0.5), inbound(1, '2026-11-28T00:00:00.000Z', 0.5), inbound(3, '2026-11-28T00:00:00.000Z', 0.9)],
    });
    const a = availableToPromise(stock, { now: NOW, horizonDays: 7 });
    expect(a.explanation.inbound.map((t) => t.units)).toEqual([0, 0, 2]);
    expect(a.atp).toBe(2);
  });

  test('[ATP3] the floor is exact where floating point is not (100 × 0.29 is 29)', () => {
    expect(Math.floor(100 * 0.29)).toBe(28); // the trap this rule avoids
    expect(inboundUnits(100, 0.29)).toBe(29);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100 }), (quantity, percent) => {
        expect(inboundUnits(quantity, percent / 100)).toBe(Math.floor((quantity * percent) / 100));
      }),
    );
  });

  test('[ATP4] a channel buffer only applies to its own channel', () => {
    const stock = level({ onHand: 10, channelBuffers: [{ channelId: 'marketplace', units: 4 }] });
    expect(availableToPromise(stock, { now: NOW, horizonDays: 1 }).atp).toBe(10);
    expect(availableToPromise(stock, { now: NOW, horizonDays: 1, channel: channel('web') }).atp).toBe(10);
    expect(availableToPromise(stock, { now: NOW, horizonDays: 1, channel: channel('marketplace') }).atp).toBe(6);
    expect(availableNow(stock, { channel: channel('marketplace') }).atp).toBe(6);
  });

  test('[ATP5] ATP is never negative and the clamp is recorded', () => {
    const a = availableToPromise(level({ onHand: 3, reserved: 5, safetyStock: 1 }), { now: NOW, horizonDays: 1 });
    expect(a.atp).toBe(0);
    expect(a.explanation.beforeClamp).toBe(-3);
    expect(a.explanation.clampedToZero).toBe(true);
    expect(describeAtp(a).at(-1)).toContain('clamped to zero');
  });

  test('[ATP6] the explanation lists every term and its terms add up to the answer', () => {
    const stock = level({
      onHand: 12,
      reserved: 3,
      safetyStock: 2,
      inbound: [inbound(10, '2026-11-28T00:00:00.000Z', 0.75, 'po-1'), inbound(8, '2027-01-10T00:00:00.000Z', 1, 'po-2')],
      channelBuffers: [{ channelId: 'web', units: 1 }],
    });
    const a = availableToPromise(stock, { now: NOW, horizonDays: 14, channel: channel('web') });
    const e = a.explanation;
    expect(e).toMatchObject({ onHand: 12, reserved: 3, safetyStock: 2, inboundUnits: 7, channel: 'web', channelBuffer: 1, basis: 'with_inbound' });
    expect(e.inbound).toHaveLength(2);
    expect(e.onHand - e.reserved - e.safetyStock + e.inboundUnits - e.channelBuffer).toBe(e.beforeClamp);
    expect(a.atp).toBe(13);
    const words = describeAtp(a).join('\n');
    for (const fragment of ['on hand', 'reserved', 'safety stock', 'po-1', 'po-2', 'arrives after the horizon', 'channel buffer', 'ATP 13']) {
      expect(words).toContain(fragment);
    }
  });

  test('[ATP6] property: the answer is max(0, sum of the explained terms)', () => {
    const supply = fc.record({
      quantity: fc.integer({ min: 1, max: 500 }),
      eta: fc.integer({ min: -10, max: 30 }).map((d) => new Date(Date.parse(NOW) + d * 86_400_000).toISOString()),
      confidence: fc.integer({ min: 0, max: 100 }).map((p) => p / 100),
    });
    fc.assert(
      fc.property(
        fc.record({
          onHand: fc.nat(200),
          reserved: fc.nat(200),
          safetyStock: fc.nat(20),
          inbound: fc.array(supply, { maxLength: 5 }),
          buffer: fc.nat(10),
          days: fc.nat(20),
        }),
        ({ buffer, days, ...s }) => {
          const stock = level({ ...s, channelBuffers: [{ channelId: 'web', units: buffer }] });
          const a = availableToPromise(stock, { now: NOW, horizonDays: days, channel: channel('web') });
          const e = a.explanation;
          expect(e.inboundUnits).toBe(e.inbound.reduce((n, t) => n + t.units, 0));
          expect(a.atp).toBe(Math.max(0, s.onHand - s.reserved - s.safetyStock + e.inboundUnits - buffer));
          expect(a.atp).toBeGreaterThanOrEqual(0);
          expect(a.atp).toBeGreaterThanOrEqual(availableNow(stock, { channel: channel('web') }).atp);
        },
      ),
    );
  });

  test('[ATP7] available now ignores inbound and says so for every line', () => {
    const stock = level({ onHand: 5, reserved: 1, inbound: [inbound(10, '2026-11-28T00:00:00.000Z', 1, 'po-1')] });
    const now = availableNow(stock);
    expect(now.atp).toBe(4);
    expect(now.explanation.basis).toBe('on_hand_only');
    expect(now.explanation.inbound).toEqual([expect.objectContaining({ id: 'po-1', counted: false, reason: 'on_hand_only', units: 0 })]);
    expect(availableToPromise(stock, { now: NOW, horizonDays: 7 }).atp).toBe(14);
  });

  test('[ATP8] network ATP sums per-location ATP, each clamped, with a breakdown', () => {
    const levels = [
      level({ locationId: STORE, onHand: 5, reserved: 2 }),
      level({ locationId: DC, onHand: 1, reserved: 4 }), // short by 3: must not eat the store's 3
    ];
    const n = networkAvailableToPromise(levels, { now: NOW, horizonDays: 1 });
    expect(n.atp).toBe(3);
    expect(n.locations.map((l) => [l.explanation.locationId, l.atp, l.explanation.beforeClamp])).toEqual([
      [STORE, 3, 3],
      [DC, 0, -3],
    ]);
    expect(networkAvailableToPromise([], { now: NOW, horizonDays: 1 })).toEqual({ atp: 0, locations: [] });
  });

  test('[ATP8] mixing SKUs, or two levels for one location, is a bug, not a bigger number', () => {
    const q = { now: NOW, horizonDays: 1 };
    expect(() => networkAvailableToPromise([level(), level()], q)).toThrow(/two stock levels/);
    expect(() => networkAvailableToPromise([level(), level({ sku: TEA, locationId: DC })], q)).toThrow(/per SKU/);
  });
});
